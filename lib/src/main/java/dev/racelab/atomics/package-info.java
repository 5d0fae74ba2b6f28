/**
 * Notebook 04 (atomics): how many increments two threads lose on the plain and the {@code volatile} counter
 * ({@link dev.racelab.atomics.LostIncrements}), a hand-written compare-and-set loop and its retries
 * ({@link dev.racelab.atomics.CasRetries}), and two fields that must change together, where single atomics are not
 * enough ({@link dev.racelab.atomics.Invariant}). The counters themselves are in {@link dev.racelab.race.CounterKind}.
 * CLI: {@code ./course exp cas-retries | invariant}.
 */
package dev.racelab.atomics;
