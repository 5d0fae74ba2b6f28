/**
 * What every experiment is made of, and the rules they all keep. Notebooks 00–08 and {@code ./course exp}.
 *
 * <p><b>The result.</b> An experiment returns one {@link dev.racelab.core.Result}: a summary of named figures (with a
 * 95 % {@link dev.racelab.core.Interval} where the figure is a share, rate, median or percentile), a table of samples,
 * the parameters, the {@link dev.racelab.core.Conditions} the run really had (cores, affinity, CPU quota, a parallelism
 * probe, other processes' CPU) and, where the experiment has one, an explainer: {@code result.explain()} returns the
 * sentences chosen by the data ({@link dev.racelab.core.Prose}, named placeholders) with the data attached, so a check
 * can hold the words against the numbers. "More" or "less" is said only when intervals separate
 * ({@link dev.racelab.core.Comparison}); where that separation is borderline, so that runs on one machine would
 * disagree, the sentence has one form instead: both figures, their difference ({@link dev.racelab.core.Interval#difference})
 * or ratio ({@link dev.racelab.core.Interval#ratio}) with its interval ({@link dev.racelab.core.Prose#setDifference}),
 * and a rule for reading it. A sentence about the load of the moment is added with
 * {@link dev.racelab.core.Prose#addLoad}, apart from the conclusions.
 *
 * <p><b>Rules every experiment keeps.</b>
 * <ul>
 *   <li><i>Bounded:</i> a trial count and a time budget ({@link dev.racelab.core.Budget}), whichever ends first; the
 *       sizes come from {@link dev.racelab.core.Profile} ({@code quick} by default, {@code full}), each default in one
 *       call: {@code this.trials = Profile.quickOrFull(2_000, 20_000);}</li>
 *   <li><i>Interruptible:</i> the notebook's stop button interrupts the cell's thread; every wait checks it and ends
 *       the experiment with {@link dev.racelab.core.Budget.Cancelled}.</li>
 *   <li><i>Owned:</i> threads are started only through a {@link dev.racelab.core.Crew}, child processes only through
 *       {@link dev.racelab.core.ChildProcesses} or {@link dev.racelab.core.ChildJvm}; closing them ends everything
 *       started, on return, error, interrupt and timeout.</li>
 *   <li><i>Checked input:</i> parameters are validated up front with {@link dev.racelab.core.Require}, whose message
 *       names the allowed range; the CLI prints that one line and exits 2. A range a terminal option's help names is
 *       one constant, written as the help shows it: {@code Require.inRange("capacity", n, CAPACITY_RANGE)}.</li>
 *   <li><i>Claims checked where they are made:</i> {@link dev.racelab.core.Check#that} fails a cell whose claim the
 *       data does not support; no data is never a pass.</li>
 * </ul>
 *
 * <p>This package draws no HTML of its own beyond {@link dev.racelab.render.Renderable} outputs; charts are in
 * {@link dev.racelab.chart}, notebook display helpers in {@link dev.racelab.notebook}.
 */
package dev.racelab.core;
