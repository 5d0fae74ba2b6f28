package dev.racelab.locks;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a repeated throughput run says about the price of a lock: every increment counted, the lock alone against
 * {@code volatile}, one lock shared by two threads against one thread, and against a lock each — each comparison
 * "faster" or "slower" only when the repeats' intervals separate.
 * {@code Throughput.of(VOLATILE, SYNCHRONIZED, REENTRANT_LOCK).withUncontended().repeats(6).run().explain()}
 */
final class ThroughputExplain {
    private ThroughputExplain() {}

    static Prose explain(Result r) {
        Prose p = new Prose();
        double made = r.value("locked_made"), lost = r.value("locked_lost");
        if (made == 0) {
            p.add("No locked counter ran with two or more threads on one lock: no data on whether locks count every increment.");
        } else if (lost > 0) {
            p.set("lost", lost, "%,.0f").set("made", made / 1e6, "%,.1f")
                    .add("**A locked counter lost increments:** {lost} of {made} million.");
        } else {
            p.set("made", made / 1e6, "%,.0f").add("**Every increment counted:** with 2 and more threads on one lock, the "
                    + "locked counters kept all {made} million increments their threads made.");
        }
        double volMade = r.value("volatile_made");
        if (volMade > 0) {
            p.set("volShare", 100 * r.value("volatile_lost_share"), "%.1f %%").set("volMade", volMade / 1e6, "%,.0f")
                    .add("The `volatile` counter lost {volShare} of its {volMade} million (its rate in the chart counts "
                            + "every attempt, lost ones included). A sustained run like this one does not depend on a "
                            + "lucky start the way a start-gate trial does.");
        }
        Interval vol1 = get(r, "volatile_int_1t_mops"), sync1 = get(r, "synchronized_1t_mops"),
                sync2 = get(r, "synchronized_2t_mops"), own2 = get(r, "synchronized_2t_own_mops"),
                lock1 = get(r, "reentrantlock_1t_mops");
        if (!sync1.isEmpty()) {
            p.set("sync1", sync1, "%,.0f M").set("vol1", vol1, "%,.0f M").set("lock1", lock1, "%,.0f M")
                    .add("\n\n**One thread alone:** `synchronized` {sync1} increments/s, `ReentrantLock` {lock1}, the "
                            + "unlocked `volatile` counter {vol1} (medians of the repeats, 95 % intervals).");
            // one form whatever the direction: on this VM "cost ×1.4" and "the same within the noise" alternated
            // between runs of the same machine; the ratio and its interval say which it was
            p.set("r1", Interval.ratio(sync1, vol1), "×%.2f")
                    .add("With nobody to fight, the locked counter ran at {r1} the rate of the unlocked `volatile` one "
                            + "(ratio of the medians, 95 % interval; ×1 would make the lock free, and the JIT may even "
                            + "merge the lock of several increments into one).");
        }
        if (!sync2.isEmpty() && !sync1.isEmpty()) {
            Comparison c2 = Comparison.of(sync2, sync1);
            p.set("sync2", sync2, "%,.0f M").set("r2", Interval.ratio(sync2, sync1), "×%.2f")
                    .add("\n\n**Two threads, one lock:** `synchronized` {sync2}/s —");
            // slower and within the noise are one form: which of the two it was alternated between runs here
            if (c2 == Comparison.MORE) {
                p.add("faster than one thread alone ({r2} its rate): possible when each thread keeps the lock for long "
                        + "runs of increments (section 1 counted how rarely it changed hands).");
            } else {
                p.add("no faster than one thread alone ({r2} its rate, ratio of the medians): two threads on one lock "
                        + "count one at a time, and where they are slower it is the hand-offs: each time the lock changes "
                        + "owner the counter's cache line moves to the other core, and a thread that found the lock "
                        + "taken may be parked and woken by the OS.");
            }
            Interval cpu = r.interval("volatile_2t_cpu_share");
            if (!cpu.isEmpty() && cpu.high() < 0.7) {
                p.set("cpu", cpu.scaled(100), "%.0f %%")
                        .add("Two threads without a lock got only {cpu} of a core each (other programs were running): "
                                + "the lockers often took turns instead of fighting.");
            }
        }
        if (!own2.isEmpty() && !sync2.isEmpty()) {
            Comparison c3 = Comparison.of(own2, sync2);
            p.set("own2", own2, "%,.0f M")
                    .set("r3", c3 == Comparison.LESS ? Interval.ratio(sync2, own2) : Interval.ratio(own2, sync2), "×%.1f")
                    .add("Two threads with a lock each: {own2}/s.");
            p.add(c3.pick(
                    "The fight for one lock costs ({r3}), not the lock itself.",
                    "One shared lock was faster than a lock each here ({r3}): the threads rarely fought.",
                    "Within the noise of this run, one shared lock cost no more than a lock each.",
                    "No data for one of them."));
        }
        p.set("ms", ((Number) r.params().get("ms_per_point")).doubleValue(), "%.0f")
                .set("k", ((Number) r.params().get("repeats")).doubleValue(), "%.0f")
                .add("\n\nEach point is the median of {k} runs of {ms} ms, interleaved. Short runs on a shared machine "
                        + "vary by a factor of a few, and notebook 04 measures the same counters again: read these "
                        + "figures as orders of magnitude, and a comparison only where the intervals separate.");
        String cpuSentence = r.conditions().sentence();
        if (!cpuSentence.isEmpty()) p.add(cpuSentence);
        return p;
    }

    private static Interval get(Result r, String figure) {
        try {
            return r.interval(figure);
        } catch (IllegalArgumentException e) {
            return Interval.empty(); // not measured in this run
        }
    }
}
