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
     * An {@link EventLoop.AsyncCounter} that must not lose updates: 100 requests per trial, many trials, each on a
     * fresh event loop with random I/O delays. Passes with zero lost in every trial; tells how many requests
     * still waited for I/O at once (a fix that serialises every request passes, and is told so).
     */
    static Verdict asyncCounter(String title, Supplier<? extends EventLoop.AsyncCounter> factory) {
        Require.notNull("handler factory", factory);
        return Exercise.check(title, () -> {
            Profile p = Profile.current();
            Result r = EventLoop.of("your handler", factory::get).requests(100).trials(p.pick(60, 500))
                    .seconds(p.pick(3, 20)).run();
            long[] lost = r.samples().longs("lost");
            long bad = java.util.Arrays.stream(lost).filter(v -> v != 0).count();
            if (lost.length == 0) return Exercise.fail("not one trial finished within the time budget").with(r);
            if (bad > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials (100 requests each)",
                        (long) Stats.of(lost).sum(), bad, lost.length).with(r);
            }
            double waiting = r.value("median_max_waiting");
            Exercise.Outcome o = Exercise.pass("0 updates lost in %,d of %,d trials (100 requests each, random I/O "
                    + "delays); up to %.0f requests waited for I/O at once", lost.length, lost.length, waiting).with(r);
            if (waiting <= 1) {
                o.detail("Correct — but your requests waited for I/O one at a time (a trial took %.1f ms). Can you "
                        + "keep them concurrent and still lose nothing?", r.value("median_trial_ms"));
            }
            return o;
        });
    }
}
