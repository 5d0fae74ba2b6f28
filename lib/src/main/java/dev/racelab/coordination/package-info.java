/**
 * Notebook 10 (coordinating threads): guarded blocks and the lost wake-up ({@link dev.racelab.coordination.GuardedBlocks}),
 * synchronizers ({@link dev.racelab.coordination.Synchronizers}), readers and writers
 * ({@link dev.racelab.coordination.ReadersWriters}), composing work ({@link dev.racelab.coordination.Composing}),
 * cancellation ({@link dev.racelab.coordination.Cancellation}), and structured concurrency and scoped values in child
 * JVMs ({@link dev.racelab.coordination.Structured}).
 */
package dev.racelab.coordination;
