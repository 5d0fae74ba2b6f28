/**
 * Notebook 02 (the data race), and the counters notebooks 03–05 reuse.
 *
 * <p>Entry points: {@link dev.racelab.race.Classic} (the classic program, exactly as books print it, one fresh JVM per
 * run; {@code Classic.book().run()}), {@link dev.racelab.race.ClassicSet} (JIT modes, one CPU),
 * {@link dev.racelab.race.StartGate} (the fair race: threads released together, many trials),
 * {@link dev.racelab.race.Sweep} (start-gate trials over counters × increments × threads),
 * {@link dev.racelab.race.Interleavings} (every interleaving counted exactly; replay one),
 * {@link dev.racelab.race.Bytecode}, {@link dev.racelab.race.Reference} (this run beside recorded reference data).
 * Counters: {@link dev.racelab.race.CounterKind} and the {@link dev.racelab.race.Counter} interface learners implement.
 *
 * <p>Sentences: {@code ClassicExplain}, {@code GateExplain}, {@code SweepExplain} (one place per experiment,
 * unit-tested per branch in {@code ExplainTest}); figures they read are checked again by {@code tools/race_honesty.py}.
 * CLI: {@code ./course exp race-classic | race-gate | race-sweep | interleavings}.
 */
package dev.racelab.race;
