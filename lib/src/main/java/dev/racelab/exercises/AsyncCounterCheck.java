package dev.racelab.exercises;

import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.models.EventLoop;
import java.util.function.Supplier;

/** The check behind {@code Checks} for the async lost update (notebook 08); see the facade for what it asks of the learner. */
final class AsyncCounterCheck {
    private AsyncCounterCheck() {}

    /**
     * An {@link EventLoop.AsyncCounter} that must not lose updates while its requests still wait for their I/O
     * together: 100 requests per trial, many trials, each on a fresh event loop with random I/O delays. Fails on any
     * lost update; fails a handler that serialises every request (its requests wait one at a time: at most 1 waiting
     * in the median trial, which a concurrent handler never shows: requests arrive 50 µs apart and wait up to 2 ms);
     * fails a handler that blocks the loop (no trial can finish).
     */
    static Verdict asyncCounter(String title, Supplier<? extends EventLoop.AsyncCounter> factory) {
        Require.notNull("handler factory", factory);
        return Exercise.check(title, () -> {
            Profile p = Profile.current();
            Result r = EventLoop.of("your handler", factory::get).requests(100).trials(p.pick(60, 500))
                    .seconds(p.pick(3, 20)).run();
            long[] lost = r.samples().longs("lost");
            long bad = java.util.Arrays.stream(lost).filter(v -> v != 0).count();
            if (lost.length == 0) {
                if (r.value("blocked_loop") == 1) {
                    return Exercise.fail("not one trial finished: your handler blocked the loop thread (a join() or "
                            + "get() inside a callback waits for I/O that only the loop itself can complete)").with(r);
                }
                return Exercise.fail("not one trial finished within the time budget").with(r);
            }
            if (bad > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials (100 requests each)",
                        (long) Stats.of(lost).sum(), bad, lost.length).with(r);
            }
            double waiting = r.value("median_max_waiting");
            if (EventLoop.oneAtATime(r)) {
                return Exercise.fail("0 updates lost, but your requests waited for their I/O one at a time (%.0f at once "
                        + "in the median trial; a trial took %.1f ms): the exercise asks that they still wait together",
                        waiting, r.value("median_trial_ms")).with(r);
            }
            return Exercise.pass("0 updates lost in %,d of %,d trials (100 requests each, random I/O delays); up to "
                    + "%.0f requests waited for I/O at once (median per trial)", lost.length, lost.length, waiting).with(r);
        });
    }
}
