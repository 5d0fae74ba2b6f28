package dev.racelab.locks;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the sampled thread states say, for a {@code synchronized} run and a {@code ReentrantLock} run side by side:
 * where the workers spent their time, and how long the lock sat idle at each hand-off (waking the next owner).
 * {@code ThreadStates.explain(blocked, parked)}
 */
final class ThreadStatesExplain {
    private ThreadStatesExplain() {}

    static Prose explain(Result sync, Result lock) {
        double waitSync = sync.value("share_waiting_for_lock"), waitLock = lock.value("share_waiting_for_lock");
        double hold = ((Number) sync.params().get("hold_us")).doubleValue();
        Prose p = new Prose()
                .set("blocked", 100 * waitSync, "%.0f %%").set("runnable", 100 * sync.value("share_runnable"), "%.0f %%")
                .set("asleep", 100 * sync.value("share_timed_waiting"), "%.0f %%").set("parked", 100 * waitLock, "%.0f %%")
                .set("heldSync", 100 * sync.value("share_lock_held"), "%.0f %%")
                .set("heldLock", 100 * lock.value("share_lock_held"), "%.0f %%")
                .set("workers", ((Number) sync.params().get("workers")).doubleValue(), "%.0f").set("hold", hold, "%.0f µs")
                .set("gapSync", gap(sync, hold), "%,.0f µs").set("gapLock", gap(lock, hold), "%,.0f µs");
        p.add("With `synchronized` the workers were BLOCKED in {blocked} of the samples, RUNNABLE in {runnable} and "
                + "asleep in {asleep}; with `ReentrantLock` they were parked (WAITING) in {parked}. (Shares of samples "
                + "taken once a millisecond; neighbouring samples are not independent, so no interval is claimed.)");
        p.add(waitSync > 0 || waitLock > 0
                ? "Every sample in a waiting state is a worker that had work to do and could not: the lock turns "
                        + "{workers} threads into a queue (and on a busy machine they also queue for a core)."
                : "No worker was ever seen waiting for the lock: no data on the queue in this run.");
        double sleep = ((Number) sync.params().get("sleep_us")).doubleValue();
        p.set("demand", ((Number) sync.params().get("workers")).doubleValue() * hold / (hold + sleep), "%.1f×")
                .add("The lock was held {heldSync} and {heldLock} of the time — never 100 %, although the workers "
                        + "asked for it {demand} as much as one lock can give. Each turn held it for {hold}; the rest "
                        + "works out at about {gapSync} and {gapLock} of idle lock per hand-off: the time it takes to "
                        + "wake the next owner and get it onto a core. A queue of threads behind a lock that pays this "
                        + "at every hand-off is called a *lock convoy*.");
        return p;
    }

    /** Idle lock time per acquisition: hold × (1 / held − 1), from held = acquisitions × hold / wall. */
    static double gap(Result r, double holdMicros) {
        double held = r.value("share_lock_held");
        return held <= 0 || Double.isNaN(held) ? Double.NaN : holdMicros * (1 / held - 1);
    }
}
