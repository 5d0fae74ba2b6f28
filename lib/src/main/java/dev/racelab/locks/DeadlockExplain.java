package dev.racelab.locks;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the deadlock runs say: a fix is only shown to work if the same workload without it deadlocks (the control),
 * and tryLock's back-off only if it had to back off.
 * {@code Deadlock.explain(naive, order, tryLock)}
 */
final class DeadlockExplain {
    private DeadlockExplain() {}

    static Prose fixes(Result naive, Result order, Result tryLock) {
        Prose p = new Prose().set("rounds", ((Number) naive.params().get("rounds")).doubleValue(), "%,.0f")
                .set("window", ((Number) naive.params().get("window_us")).doubleValue(), "%.0f µs");
        boolean control = naive.value("deadlocked") == 1;
        if (control) {
            p.set("after", naive.value("detected_after_ms"), "%.1f ms").set("done", naive.value("rounds_done"), "%,.0f")
                    .add("**Without a fix** — Alpha takes A then B, Beta B then A, each working {window} with its first "
                            + "lock before it needs the second — the threads deadlocked after {done} rounds between "
                            + "them, detected {after} after the start and broken by interrupting both.");
        } else if (naive.value("completed") == 1) {
            p.add("**Without a fix** the same workload finished all {rounds} rounds per thread without a deadlock in "
                    + "this run: the two threads never held their first locks at the same moment. So the fixes below "
                    + "were not put to the test here; run the cell again.");
        } else {
            p.add("**Without a fix** the workload neither finished nor deadlocked within its time budget: no data.");
        }
        p.add(order.value("completed") == 1
                ? "With a **global lock order** (both take A before B) the same workload completed every round ("
                        + fmt(order.value("rounds_per_s")) + " rounds/s): no cycle of waiting can form, so nothing "
                        + "needs retrying."
                : "With a **global lock order** the workload did not complete (" + order.ended() + ").");
        double retries = tryLock.value("retries");
        if (tryLock.value("completed") != 1) {
            p.add("With **tryLock and back-off** the workload did not complete (" + tryLock.ended() + ").");
        } else {
            // one form whatever the count: "after N retries" and "without a single retry" flipped between runs when a
            // busy moment let the two threads take turns
            p.set("retries", retries, "%,.0f")
                    .add("With **tryLock and back-off** (each thread keeps its own order, gives up its first lock when "
                            + "the second stays taken for 50 µs, waits a random moment and retries) it completed too, "
                            + "with {retries} retries: each retry is a deadlock that was about to form and was dissolved "
                            + "(with none, the threads never came close in this run and the back-off was not exercised). "
                            + "Without the random wait both could retry in step for ever: a *livelock*.");
        }
        return p;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "**%,.0f**", v);
    }
}
