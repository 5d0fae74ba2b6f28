package dev.racelab.locks;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a lock's check says, and how much it is worth: zero losses count only as far as the threads really fought
 * for the lock. The strength is read from how much the loops overlapped in time and, above all, how often a copy of
 * the counter saw the lock change hands within a trial.
 * {@code LockCheck.of(CounterKind.SYNCHRONIZED).run().explain()}
 */
final class LockExplain {
    private LockExplain() {}

    static Prose check(Result r) {
        long n = (long) r.value("trials");
        int threads = ((Number) r.params().get("threads")).intValue();
        Prose p = new Prose().set("n", n, "%,.0f").set("label", String.valueOf(r.params().get("counter")))
                .set("threads", threads, "%.0f");
        if (n == 0) {
            return p.add("No trial finished within the time budget: no data, so no verdict on `{label}`, safe or not.");
        }
        long lossy = (long) r.value("trials_with_loss");
        if (lossy > 0) {
            p.set("lossy", lossy, "%,.0f").set("max", r.value("max_lost"), "%,.0f")
                    .add("`{label}` lost updates in {lossy} of {n} trials (up to {max} in one): this lock did not "
                            + "protect `count++`.");
        } else {
            p.add("Not one update was lost with `{label}` in {n} trials.");
        }
        p.set("overlap", r.interval("median_overlap_share").scaled(100), "%.0f %%")
                .set("apart", r.interval("share_apart").scaled(100), "%.0f %%")
                .set("skew", r.interval("median_skew_us"), "%.1f µs").set("loop", r.interval("median_loop_us"), "%.1f µs")
                .add("How hard did that test the lock? In the median trial both loops were running for {overlap:value} of a "
                        + "loop's length; in {apart} of the trials they never ran at once. (Median loop {loop:value}; the "
                        + "second thread started {skew:value} after the first, median.)");
        long copies = (long) r.value("copy_trials");
        if (copies == 0) {
            p.add("The copy that notes the lock's owner finished no trial: no data on how often the lock changed hands.");
        } else {
            p.set("changes", r.interval("median_owner_changes"), "%,.0f").set("copies", copies, "%,.0f")
                    .set("often", r.interval("share_handed_often").scaled(100), "%.0f %%")
                    .add("A copy of the counter that also notes which thread holds the lock counted its changes of "
                            + "owner per trial: {changes:value} (median of {copies} trials).");
        }
        // Two facts, each said in one form: the program's loops that never overlapped test nothing (their share is a
        // number, not a verdict: whether it was just above or below a half once flipped the verdict), and the copy's
        // hand-offs. Those come in two kinds of trial, one whole loop after the other (a change or two) or thousands
        // of hand-offs, about half of each on two cores: the median sits between the two, and a verdict read from it
        // ("a real test" or "a strong check") flipped from run to run. So the share of each kind is the figure, and
        // each kind is read in one form whatever the share.
        if (copies == 0) {
            p.add("Whether the threads took the lock from each other, this run cannot say.");
        } else {
            p.add("A trial with more than {threads} changes of owner tested the lock inside the loops: the threads took "
                    + "it from each other while both were counting, and the more changes, the harder the test (the chart "
                    + "above sorts the trials by decade). A trial with {threads} or fewer tested it only weakly: one "
                    + "thread ran its whole loop, then the other its own, whether the second waited at the lock (an unfair "
                    + "lock lets the thread that just released it take it again at once) or started late. Here {often} "
                    + "of the copy's trials were of the first kind.");
        }
        p.add("Only trials whose loops overlapped tested the lock at all ({apart:value} did not): zero losses count for "
                + "those alone, and JCStress, in section 7, tries the interleavings systematically.");
        p.set("ns", r.interval("ns_per_increment"), "%.1f ns").set("copyNs", r.interval("copy_ns_per_increment"), "%.1f ns")
                .add("One increment took {ns:value} in the longest loop (median; the copy {copyNs:value}; the table has "
                        + "every figure's interval).");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }

    /** Lock coarsening measured: the same loop with the JIT's lock merging on and off. */
    static Prose coarsening(Result r) {
        Interval on = r.interval("ns_coarsening_on"), off = r.interval("ns_coarsening_off");
        Prose p = new Prose().set("on", on, "%.2f ns").set("off", off, "%.2f ns").set("ratio", r.interval("off_over_on"), "×%.1f");
        if (on.isEmpty() || off.isEmpty()) return p.add("A child JVM reported no loop: no data on lock coarsening.");
        p.add("Alone in a fresh JVM, compiled by C2, one `synchronized` increment took {on} as the JVM ships and {off} "
                + "with lock coarsening switched off (`-XX:-EliminateLocks`).");
        switch (dev.racelab.core.Comparison.of(off, on)) {
            case MORE -> p.add("So the JIT merged the lock of several increments into one ({ratio}): it takes and "
                    + "releases the lock once per few increments, never in the middle of one, which is allowed — and it "
                    + "means another thread can get in only every few increments, fewer hand-offs than the source "
                    + "code suggests. (Biased locking, the other old trick for uncontended locks, was removed in JDK 18.)");
            case LESS -> p.add("Switching coarsening off made it faster here ({ratio}): not what coarsening predicts; "
                    + "the loop's speed is set by something else in this run.");
            default -> p.add("The two are the same within the noise of this run: no sign that coarsening changed this loop.");
        }
        return p;
    }
}
