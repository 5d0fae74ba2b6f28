/**
 * Notebook 03 (mutexes) and part of 04: increments per second by counter kind and thread count
 * ({@link dev.racelab.locks.Throughput}, compared with JMH in {@link dev.racelab.locks.JmhComparison}), thread states of
 * workers fighting for a lock ({@link dev.racelab.locks.ThreadStates}), fair versus unfair locks
 * ({@link dev.racelab.locks.Fairness}), and a deadlock provoked, detected and fixed ({@link dev.racelab.locks.Deadlock}).
 * CLI: {@code ./course exp throughput | thread-states | fairness | deadlock}.
 */
package dev.racelab.locks;
