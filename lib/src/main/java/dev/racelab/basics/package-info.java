/**
 * Notebook 01 (processes and threads): what starting a thread, a virtual thread, a process and a JVM costs
 * ({@link dev.racelab.basics.SpawnCost}), and what separate processes isolate that threads share
 * ({@link dev.racelab.basics.Isolation}: memory, crashes). {@link dev.racelab.basics.Child} is the main class the
 * child processes run. CLI: {@code ./course exp spawn-cost | isolation-memory | isolation-crash}.
 */
package dev.racelab.basics;
