/**
 * Notebook 09, the Java memory model: what another thread is allowed to see. A worker spinning on a plain or a
 * {@code volatile} stop flag in child JVMs ({@link dev.racelab.memory.Visibility}); store buffering, message passing
 * and publication as JCStress tests read back into one table ({@link dev.racelab.memory.Reordering}); the
 * happens-before edges behind each forbidden outcome ({@link dev.racelab.memory.HappensBefore}).
 * CLI: {@code ./course exp visibility}, {@code ./course exp reordering}.
 */
package dev.racelab.memory;
