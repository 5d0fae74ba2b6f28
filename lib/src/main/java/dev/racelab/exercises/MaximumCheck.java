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
     * First a targeted schedule ({@link #hammer}): 2 threads offer one more than the maximum they just read and read
     * it back, which catches a check-then-set within milliseconds; then 4 threads offer climbing, interleaved values
     * while a fifth reads {@code get()} without pause: the maximum must never go down, and must end at the largest
     * value offered. Many trials within the time budget.
     */
    /**
     * {offers, reads of get() below the reading thread's own last offer, an example: that offer, the lower get()}: trials
     * of {@code threads} threads × {@code perTrial} wall time on one fresh maximum, each thread offering
     * {@code get() + 1} (even ids) or {@code get() + BIG_STEP} (odd ids), until {@code trials} trials, the time budget, or a drop.
     */
    /** The second thread's step: a stale +1 written over it stays far below for millions of offers. */
    static final long BIG_STEP = 1L << 20;

    static long[] hammer(Supplier<? extends Maximum> factory, int threads, Duration perTrial, int trials, Duration time) {
        return hammer(factory, threads, perTrial, trials, time, Duration.ofDays(1));
    }

    /**
     * As above, also stopping once at least two of the threads have provably run at the same time for
     * {@code together} in all: per trial at least (sum of the threads' CPU time − wall time) / (min(threads, CPUs) − 1),
     * the part no schedule could have run one at a time. On a busy machine the threads may get the cores together only now and then, so the
     * hammer goes on until that much real overlap, not for a fixed time. Element [4] of the answer: that overlap
     * in nanoseconds.
     */
    static long[] hammer(Supplier<? extends Maximum> factory, int threads, Duration perTrial, int trials, Duration time,
                         Duration together) {
        Budget.Meter meter = Budget.of(trials, time).start();
        java.util.concurrent.atomic.AtomicLong offers = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong drops = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLongArray example = new java.util.concurrent.atomic.AtomicLongArray(2);
        java.lang.management.ThreadMXBean mxb = java.lang.management.ManagementFactory.getThreadMXBean();
        long overlap = 0;
        while (meter.more() && drops.get() == 0 && overlap < together.toNanos()) {
            Maximum mx = factory.get();
            mx.offer(0);
            java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
            long wall;
            try (Crew crew = Crew.platform("exercise-maximum")) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                long[] end = {0};
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    crew.start(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long cpu0 = mxb.getCurrentThreadCpuTime();
                        long n = 0, d = 0, mine = 0; // mine: the last value this thread offered (its offer returned)
                        while (System.nanoTime() - end[0] < 0 && !crew.stopping()) {
                            for (int k = 0; k < 64; k++) {
                                long now = mx.get();
                                if (now < mine && d++ == 0 && example.compareAndSet(0, 0, mine)) example.set(1, now);
                                long v = now + (id % 2 == 0 ? 1 : BIG_STEP);
                                mx.offer(v);
                                mine = v;
                            }
                            n += 64;
                        }
                        cpu.addAndGet(mxb.getCurrentThreadCpuTime() - cpu0);
                        offers.addAndGet(n);
                        drops.addAndGet(d);
                    });
                }
                long t0 = System.nanoTime();
                end[0] = t0 + perTrial.toNanos();
                go.countDown(); // publishes end[0]
                if (!crew.joinAll(perTrial.plusSeconds(10))) throw new IllegalStateException("the threads did not stop");
                wall = System.nanoTime() - t0;
            }
            // CPU time summed over the threads = the integral of how many ran at each moment; at most `cores` run
            // at once, so the time at least two ran together is >= (sum - wall) / (min(threads, cores) - 1)
            int at = Math.max(2, Math.min(threads, Runtime.getRuntime().availableProcessors()));
            overlap += Math.max(0, (cpu.get() - wall) / (at - 1));
            meter.count();
        }
        return new long[] {offers.get(), drops.get(), example.get(0), example.get(1), overlap};
    }

    static Verdict maximum(String title, Supplier<? extends Maximum> factory) {
        Require.notNull("maximum factory", factory);
        return Exercise.check(title, () -> {
            Maximum m = factory.get();
            for (long v : new long[] {5, 3, 9, 1, -4}) m.offer(v);
            if (m.get() != 9) return Exercise.fail("one thread offered 5, 3, 9, 1, -4 and get() returned %,d", m.get());
            Class<?> learner = m.getClass();
            ModelEvidence mc = ModelEvidence.of(() -> dev.racelab.modelcheck.ModelCheck.calls(learner,
                    "dev.racelab.exercises.Checks.Maximum", List.of("shared.offer(1);", "shared.offer(2);"),
                    "shared.get() == 2 ? null : \"get() = \" + shared.get() + \" after offer(1) and offer(2)\"")
                    .seconds(Profile.quickOrFull(30, 60)), "offer(1) ‖ offer(2)", "ended below 2");
            // First the targeted schedule: threads offer more than the maximum they just read (half +1, half +2^20), so every offer is a new maximum and must be written, and each compares what it reads with its
            // own last offer. A small value written over a big one cannot climb back before the other thread looks. A
            // correct maximum is never below a value whose offer has returned; a check-then-set is, after a thread
            // that read an old maximum writes its smaller value over the other's. Continuous, so it needs no lucky
            // start, and on one CPU a preemption between read and write does the same.
            // 8 threads, half with each step: on a busy machine more of the cores' time goes to the check, and two
            // of its threads meet on the cores far more often than a single pair would
            long[] hit = hammer(factory, 8, Duration.ofMillis(50), 100_000, Duration.ofSeconds(Profile.quickOrFull(6, 20)),
                    Duration.ofMillis(Profile.quickOrFull(40, 200)));
            if (hit[1] > 0) {
                return Exercise.fail("8 threads each offered more than the maximum they had just read: %,d times in "
                        + "%,d offers get() returned less than a value the same thread had offered before (e.g. offer(%,d) "
                        + "returned, later get() = %,d): the other thread's smaller value overwrote it, so the maximum "
                        + "went down", hit[1], hit[0], hit[2], hit[3]).detail(mc.line()).trace(mc.trace());
            }
            int threads = 4, each = 20_000;
            Budget.Meter meter = Budget.of(Profile.quickOrFull(400, 2_000), Duration.ofMillis(Profile.quickOrFull(1_000, 10_000))).start();
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
                    + "and it always ended at the largest value offered", trials, threads, each)
                    .detail("8 threads offering more than the maximum they read, %,d offers (two or more ran at the "
                            + "same time for at least %.0f ms): get() never returned less than a value the same thread had offered "
                            + "before", hit[0], hit[4] / 1e6).detail(mc.line());
        });
    }
}
