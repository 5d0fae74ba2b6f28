package dev.racelab.coordination;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What each synchronizer experiment says: first whether the promise held (counted, so any broken promise is named),
 * then what it cost, with intervals. {@code Synchronizers.latch().explain()}
 */
final class SyncExplain {
    private SyncExplain() {}

    static String cpu(Result r) {
        return r.conditions().sentence();
    }

    static Prose latch(Result r) {
        long n = (long) r.value("trials"), early = (long) r.value("early_wakeups");
        Prose p = new Prose().set("n", n, "%,.0f").set("w", ((Number) r.params().get("workers")).doubleValue(), "%.0f");
        if (n == 0) return p.add("No trial finished within the time budget: no data.");
        if (early > 0) {
            return p.set("early", early, "%,.0f").add("In {early} of {n} trials the waiter woke while a worker was not done: "
                    + "that breaks the latch's promise — report it with this output.");
        }
        p.set("wake", r.interval("median_wake_us"), "%,.0f µs").set("p99", r.interval("p99_wake_us"), "%,.0f µs")
                .add("In all {n} trials the waiter found all {w} workers done when `await` returned: the count-downs "
                        + "happen-before the return, so their work is visible too.")
                .add("It woke {wake} after the last count-down (median; 99th percentile {p99}): the price of waking a "
                        + "parked thread.");
        String c = cpu(r);
        return p.addIf(!c.isEmpty(), c);
    }

    static Prose barrier(Result r) {
        long rounds = (long) r.value("rounds"), v = (long) r.value("violations"), actions = (long) r.value("barrier_actions");
        Prose p = new Prose().set("rounds", rounds, "%,.0f").set("parties", ((Number) r.params().get("parties")).doubleValue(), "%.0f")
                .set("actions", actions, "%,.0f");
        if (v > 0 || actions != rounds) {
            return p.set("v", v, "%,.0f").add("The barrier broke its promise: {v} times a thread started a round before "
                    + "all had finished the one before, and its action ran {actions} times for {rounds} rounds.");
        }
        p.set("wait", r.interval("median_first_waited_us"), "%,.0f µs").set("rate", r.value("rounds_per_s"), "%,.0f")
                .add("{rounds} rounds of {parties} threads: no thread ever started a round before all had arrived at the "
                        + "end of the previous one, and the barrier action ran once per round ({actions} times).")
                .add("The first thread to arrive waited {wait} for the last (median): a barrier moves at the pace of its "
                        + "slowest party, {rate} rounds per second here.");
        String c = cpu(r);
        return p.addIf(!c.isEmpty(), c);
    }

    static Prose phaser(Result r) {
        long phases = (long) r.value("phases"), mism = (long) r.value("mismatches");
        Prose p = new Prose().set("phases", phases, "%,.0f").set("w", r.value("max_workers"), "%.0f");
        if (mism > 0) {
            return p.set("m", mism, "%,.0f").add("In {m} of {phases} phases the arrivals did not match the parties "
                    + "registered: report it with this output.");
        }
        return p.add("Over {phases} phases the parties went from {w} workers down to 1 as each deregistered, and every "
                + "phase advanced exactly when the workers still registered had all arrived: a barrier whose size "
                + "follows the work, which `CyclicBarrier` (fixed at construction) cannot do.");
    }

    static Prose semaphore(Result r) {
        double permits = ((Number) r.params().get("permits")).doubleValue();
        Prose p = new Prose().set("permits", permits, "%.0f").set("max", r.value("max_holders"), "%.0f")
                .set("threads", ((Number) r.params().get("threads")).doubleValue(), "%.0f");
        if (r.value("max_holders") > permits) {
            return p.add("At some moment {max} threads held a permit, more than the {permits} there are: report it.");
        }
        Interval uw = r.interval("unfair_p99_wait_us"), fw = r.interval("fair_p99_wait_us");
        p.add("Never more than {permits} of {threads} threads held a permit at once (at most {max} seen).");
        if (uw.isEmpty() || fw.isEmpty()) return p.add("No acquisitions were recorded: no data on waits.");
        p.set("uw", uw, "%,.0f µs").set("fw", fw, "%,.0f µs")
                .set("ua", r.value("unfair_acquisitions"), "%,.0f").set("fa", r.value("fair_acquisitions"), "%,.0f")
                .add("The slowest 1 % of acquisitions waited {uw} or more with the unfair semaphore, {fw} with the fair one; "
                        + "{ua} against {fa} acquisitions in the same time.");
        Interval um = r.interval("unfair_median_wait_us"), fm = r.interval("fair_median_wait_us");
        // one form: which tail was longer ("unfair", "fair", "the same within the noise") changed from run to run on the
        // same machine (one slow moment sets a p99); each difference with its interval is the finding, read by one rule
        p.set("um", um, "%,.2f µs").set("fm", fm, "%,.2f µs")
                .setDifference("dt", Interval.difference(fw, uw), "%+,.0f").setDifference("dm", Interval.difference(fm, um), "%+,.2f")
                .add("The typical acquisition waited {um} unfair, {fm} fair (medians). Fair minus unfair: {dt} µs at the "
                        + "tail (95 % interval {dtLo} to {dtHi}), {dm} µs for the typical acquisition ({dmLo} to {dmHi}).")
                .add("An interval above 0 means fairness made that wait longer: with waiters queued, every permit goes to a "
                        + "parked thread, which must be woken and get a core first, and on a shared machine that can cost more "
                        + "than barging; one below 0 means fairness shortened it, as it does at the tail when an unfair "
                        + "semaphore lets a thread that just released take a permit straight back (barging); one that contains "
                        + "0 cannot tell the two apart in this run.");
        String c = cpu(r);
        if (!c.isEmpty()) p.addLoad(c); // the moment's load, not a conclusion
        return p;
    }

    static Prose exchanger(Result r) {
        Prose p = new Prose().set("n", r.value("swaps"), "%,.0f").set("size", ((Number) r.params().get("buffer")).doubleValue(), "%,.0f");
        if (r.value("values_lost") > 0) {
            return p.add("Values went missing in {n} exchanges: report it with this output.");
        }
        p.set("ex", r.interval("median_exchange_us"), "%,.1f µs").set("rate", r.value("swaps_per_s"), "%,.0f")
                .add("{n} exchanges of {size}-value buffers: every value arrived exactly once, without a copy — the two "
                        + "threads traded whole buffers.")
                .add("One exchange took {ex} (median, the filler's side, which includes waiting for the drainer): "
                        + "{rate} swaps per second.");
        String c = cpu(r);
        return p.addIf(!c.isEmpty(), c);
    }
}
