package dev.racelab.models;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What an event-loop run says about its handler, chosen by its counts and their intervals: lost updates on one
 * thread, or none (and then whether requests still waited for their I/O together).
 * {@code EventLoop.of(EventLoop.Style.READ_AWAIT_WRITE).run().explain()}
 */
final class EventLoopExplain {
    private EventLoopExplain() {}

    static final String PCT = "%.1f %%";

    static Prose explain(Result r) {
        long n = (long) r.value("trials");
        Prose p = new Prose().set("n", n, "%,.0f").set("handler", String.valueOf(r.params().get("handler")))
                .set("requests", r.value("requests_per_trial"), "%,.0f")
                .set("budget", ((Number) r.params().get("time_budget_s")).doubleValue(), "%.1f");
        if (n == 0) {
            p.add("No trial finished within the time budget ({budget} s): no data, and so no verdict on the handler "
                    + "({handler}).");
            if (r.value("blocked_loop") == 1) {
                p.add("Its loop thread was blocked inside a callback: a `join()` or `get()` on the loop waits for I/O "
                        + "whose completion can only run on that same loop, so nothing else ever runs.");
            }
            return p;
        }
        double threads = r.value("callback_threads");
        p.set("threads", threads, "%.0f").set("waiting", r.interval("median_max_waiting"), "%.0f")
                .set("trialMs", r.interval("median_trial_ms"), "%.1f ms");
        String ran = threads == 1 ? "Every callback ran on {threads} thread" : "The callbacks ran on {threads} threads";
        long lossy = (long) r.value("trials_with_loss");
        if (lossy > 0) {
            p.set("share", r.interval("share_with_loss").scaled(100), PCT)
                    .set("mean", r.interval("mean_lost"), "%.1f")
                    .add(ran + ", and still {share} of {n} trials lost updates: on average {mean} of {requests} "
                            + "increments per trial vanished.")
                    .add("Up to {waiting} requests (median per trial) were between their read and their write at once, "
                            + "waiting for their I/O; each of them wrote back a count it had read before the others' "
                            + "writes.");
            if (threads == 1) {
                p.add("One thread removes *simultaneous* access, not *interleaving*: every `await` is a point where "
                        + "other requests run in the middle of your read-modify-write.");
            }
            return p;
        }
        p.set("upper", 100 * r.interval("share_with_loss").high(), PCT)
                .add(ran + "; not one update was lost in {n} trials of {requests} requests: with 95 % confidence, fewer "
                        + "than {upper} of such trials lose any.");
        if (oneAtATime(r)) {
            p.add("But the requests waited for their I/O one at a time ({waiting} at once): a trial took {trialMs}, "
                    + "the sum of every request's wait.");
        } else {
            p.add("The requests still waited for their I/O together: up to {waiting} at once (median per trial), and a "
                    + "trial took {trialMs}.");
        }
        return p;
    }

    /** Did the requests wait for their I/O one at a time (a serialised handler)? */
    static boolean oneAtATime(Result r) {
        return r.value("trials") > 0 && r.interval("median_max_waiting").estimate() <= 1;
    }

    /** The two fixes side by side: an update inside one callback against a chain of one request at a time. */
    static Prose fixes(Result inOne, Result chained) {
        Prose p = new Prose().set("aLost", inOne.value("total_lost"), "%,.0f").set("aN", inOne.value("trials"), "%,.0f")
                .set("bLost", chained.value("total_lost"), "%,.0f").set("bN", chained.value("trials"), "%,.0f");
        if (inOne.value("trials") == 0 || chained.value("trials") == 0) {
            return p.add("One of the two fixes finished no trial within its time budget ({aN} and {bN} trials): no data "
                    + "to compare them.");
        }
        Interval a = inOne.interval("median_trial_ms"), b = chained.interval("median_trial_ms");
        p.set("aWait", inOne.interval("median_max_waiting"), "%.0f").set("bWait", chained.interval("median_max_waiting"), "%.0f")
                .set("aMs", a, "%.1f ms").set("bMs", b, "%.1f ms").set("ratio", Interval.ratio(b, a), "%.0f×");
        p.add("Updating in one callback lost {aLost} updates in {aN} trials, and up to {aWait} requests (median per trial) "
                + "still waited for their I/O together; a trial took {aMs}.");
        p.add("The other classic fix, an async mutex (each request chained after the previous one), lost {bLost} in {bN} "
                + "trials, with {bWait} request waiting at a time; a trial took {bMs}.");
        p.add(Comparison.of(b, a).pick("Exact both, but the chain was {ratio} slower: it gave up the concurrency that "
                        + "was the point of `async`.",
                "Exact both, and here the chain was faster ({ratio} the time): not what one-at-a-time waiting should do; "
                        + "the machine was busy while the first fix ran.",
                "Exact both, and their trial times were within the noise of this run of each other.",
                "No data to compare their times."));
        return p;
    }
}
