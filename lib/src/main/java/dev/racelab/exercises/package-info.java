/**
 * The exercises at the end of notebooks 02–08 and their checks.
 *
 * <p>Learners write their solutions against the types here (e.g. {@link dev.racelab.race.Counter}, {@link dev.racelab.exercises.Account.Factory},
 * {@link dev.racelab.exercises.WorkerProcess}) in cells between {@code // BEGIN SOLUTION} and {@code // END SOLUTION}
 * markers ({@code tools/student.py} replaces those regions with {@code Exercise.notYet(...)} stubs). A check cell calls
 * the small facade {@link dev.racelab.exercises.Checks}; each notebook's check lives in its own file
 * ({@code CounterCheck}, {@code TransferCheck}, {@code MaximumCheck}, {@code ChannelCheck}, {@code WorkerPoolCheck},
 * {@code BulkheadCheck}, {@code AsyncCounterCheck}, {@code PoliteClientCheck}, {@code ReplayCheck}) and prints one
 * {@link dev.racelab.exercises.Verdict} line: PASS, FAIL with the evidence, or NOT YET for a stub. A check must fail
 * known-wrong solutions (tested in {@code ExercisesTest}) and is bounded in time ({@code Exercise.runWithin}).
 */
package dev.racelab.exercises;
