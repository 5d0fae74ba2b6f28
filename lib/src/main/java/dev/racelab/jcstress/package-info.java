/**
 * JCStress from notebook cells (03, 04): runs the course's stress tests of {@code stress/} in a child JVM
 * ({@link dev.racelab.jcstress.JcStress}) and reads their outcome tables ({@link dev.racelab.jcstress.ResultsReader}).
 * A FORBIDDEN outcome fails the cell. CLI: {@code ./course exp jcstress [--test NAME]}.
 */
package dev.racelab.jcstress;
