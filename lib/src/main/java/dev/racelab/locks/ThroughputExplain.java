package dev.racelab.locks;

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
            // one form with the ratio's interval: "faster than one thread alone" and "no faster" alternated between
            // runs of the same machine, whichever side of the noise a short run fell
            p.set("sync2", sync2, "%,.0f M").set("r2", Interval.ratio(sync2, sync1), "×%.2f")
                    .add("\n\n**Two threads, one lock:** `synchronized` {sync2}/s, {r2} the rate of one thread alone "
                            + "(ratio of the medians). Two threads on one lock count one at a time: an interval below ×1 "
                            + "is the price of the hand-offs (each time the lock changes owner the counter's cache line "
                            + "moves to the other core, and a thread that found the lock taken may be parked and woken by "
                            + "the OS); one that contains ×1 cannot tell the two apart; one above ×1 happens when each "
                            + "thread keeps the lock for long runs of increments (section 1 counted how often it changed "
                            + "hands).");
            Interval cpu = r.interval("volatile_2t_cpu_share");
            if (!cpu.isEmpty()) {
                // how much of the cores the threads had is the machine's load at that moment, not a finding
                p.set("cpu", cpu.scaled(100), "%.0f %%")
                        .addLoad("Two threads without a lock got {cpu} of a core each: below 100 %, other programs were "
                                + "running, and the lockers took turns instead of fighting for that much of the time.");
            }
        }
        if (!own2.isEmpty() && !sync2.isEmpty()) {
            // one form: "the fight costs", "within the noise" and "the shared lock was faster" flipped between runs
            p.set("own2", own2, "%,.0f M").set("r3", Interval.ratio(own2, sync2), "×%.1f")
                    .add("Two threads with a lock each: {own2}/s, {r3} the rate of two threads on one lock. An interval "
                            + "above ×1 is the cost of the fight for one lock, not of the lock itself; one that contains ×1 "
                            + "cannot tell them apart; one below ×1 means the shared lock was faster: its threads rarely "
                            + "fought.");
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
