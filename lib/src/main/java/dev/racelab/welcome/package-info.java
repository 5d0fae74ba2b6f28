/**
 * Notebook 00: the live check of the learner's set-up ({@link dev.racelab.welcome.Environment}): JDK, cores, the CPU
 * conditions the experiments will run under, OS and kernel.
 */
package dev.racelab.welcome;
