package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The check behind {@code Checks} for an atomic maximum (notebook 04); see the facade for what it asks of the learner. */
final class MaximumCheck {
    private MaximumCheck() {}

    /**
     * 4 threads offer climbing, interleaved values while a fifth reads {@code get()} without pause: the maximum must
     * never go down, and must end at the largest value offered. Many trials within the time budget.
     */
    static Verdict maximum(String title, Supplier<? extends Maximum> factory) {
        Require.notNull("maximum factory", factory);
        return Exercise.check(title, () -> {
            Maximum m = factory.get();
            for (long v : new long[] {5, 3, 9, 1, -4}) m.offer(v);
            if (m.get() != 9) return Exercise.fail("one thread offered 5, 3, 9, 1, -4 and get() returned %,d", m.get());
            Profile p = Profile.current();
            Class<?> learner = m.getClass();
            ModelEvidence mc = ModelEvidence.of(() -> dev.racelab.modelcheck.ModelCheck.calls(learner,
                    "dev.racelab.exercises.Checks.Maximum", List.of("shared.offer(1);", "shared.offer(2);"),
                    "shared.get() == 2 ? null : \"get() = \" + shared.get() + \" after offer(1) and offer(2)\"")
                    .seconds(p.pick(30, 60)), "offer(1) ‖ offer(2)", "ended below 2");
            int threads = 4, each = 20_000;
            Budget.Meter meter = Budget.of(p.pick(400, 2_000), Duration.ofSeconds(p.pick(2, 10))).start();
            long drops = 0, badTrials = 0, wrongEnd = 0;
            long[] example = null;
            while (meter.more()) {
                Maximum max = factory.get();
                AtomicInteger finished = new AtomicInteger();
                long[] seen = {0, 0, 0}; // drops, example: the value read before, the lower value read after
                try (Crew crew = Crew.platform("exercise-maximum")) {
                    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                    for (int t = 0; t < threads; t++) {
                        int id = t;
                        crew.start(() -> {
                            try {
                                go.await();
                                for (int i = 0; i < each; i++) max.offer((long) i * threads + id);
                            } catch (InterruptedException e) {
                                return;
                            } finally {
                                finished.incrementAndGet();
                            }
                        });
                    }
                    crew.start(() -> {
                        long before = Long.MIN_VALUE;
                        while (finished.get() < threads) {
                            long now = max.get();
                            if (now < before) {
                                if (seen[0]++ == 0) {
                                    seen[1] = before;
                                    seen[2] = now;
                                }
                            }
                            before = Math.max(before, now);
                        }
                    });
                    go.countDown();
                    if (!crew.joinAll(Duration.ofSeconds(10))) throw new IllegalStateException("the threads did not stop");
                }
                long end = max.get(), want = (long) (each - 1) * threads + threads - 1;
                if (seen[0] > 0 || end != want) badTrials++;
                drops += seen[0];
                if (end != want) wrongEnd++;
                if (example == null && seen[0] > 0) example = new long[] {seen[1], seen[2]};
                meter.count();
                if (badTrials >= 5) break;
            }
            long trials = meter.done();
            if (badTrials > 0) {
                List<String> what = new ArrayList<>();
                if (drops > 0) what.add(String.format(java.util.Locale.ROOT, "a reader saw the maximum go down %,d times "
                        + "(e.g. get() returned %,d, then %,d)", drops, example[0], example[1]));
                if (wrongEnd > 0) what.add(String.format(java.util.Locale.ROOT, "in %,d trials it ended below the largest "
                        + "value offered", wrongEnd));
                return Exercise.fail("%s: %,d of %,d trials went wrong (%d threads × %,d offers)", String.join("; ", what),
                        badTrials, trials, threads, each).detail(mc.line()).trace(mc.trace());
            }
            if (mc.found()) {
                return Exercise.fail("the model checker found an interleaving of offer(1) and offer(2) in which your "
                        + "maximum ends below 2 (the stress test found none in %,d trials)", trials)
                        .detail(mc.line()).trace(mc.trace());
            }
            return Exercise.pass("in %,d trials of %d threads × %,d offers, a reader never saw the maximum go down "
                    + "and it always ended at the largest value offered", trials, threads, each).detail(mc.line());
        });
    }
}
