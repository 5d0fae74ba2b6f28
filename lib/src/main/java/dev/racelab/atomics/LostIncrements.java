package dev.racelab.atomics;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Two threads hammer one unsafe counter (the plain and the {@code volatile} int) for a fixed time, several runs in a
 * row: what share of the increments they made did the final count lose, and how much of a core did each thread get?
 * Each run gives one share per counter; the figures are the medians of the runs with their 95 % intervals.
 * {@code LostIncrements.of().run().explain()}
 *
 * <p>Implementation note: a run is the unit of the interval, not an increment — increments of one run are not
 * independent trials (one descheduled moment loses many at once), so a Wilson interval over billions of them would
 * claim a precision the measurement does not have. Six runs are the fewest whose median has a distribution-free
 * 95 % interval (their range covers the median with probability 1 − 2/2⁶ = 96.9 %).
 */
public final class LostIncrements {
    /** The two counters, in the order they run in each round. */
    static final List<CounterKind> KINDS = List.of(CounterKind.PLAIN_INSTANCE, CounterKind.VOLATILE);
    /** Fewest runs whose median has a 95 % order-statistics interval. */
    static final int MIN_RUNS_FOR_95 = 6;

    private int runs = Profile.quickOrFull(6, 10);
    private Duration perRun = Duration.ofMillis(Profile.quickOrFull(120, 500));
    private Duration budget = Duration.ofMillis(Profile.quickOrFull(3_000, 20_000));

    private LostIncrements() {}

    public static LostIncrements of() {
        return new LostIncrements();
    }

    /** How many runs per counter (1..50; six or more give each median a 95 % interval). */
    public LostIncrements runs(int n) {
        this.runs = Require.inRange("runs", n, 1, 50);
        return this;
    }

    /** How long two threads hammer a counter in one run (10..60,000 ms). */
    public LostIncrements millisPerRun(int ms) {
        this.perRun = Duration.ofMillis(Require.inRange("milliseconds per run", ms, 10, 60_000));
        return this;
    }

    /** Wall-time budget for all runs (0.1..3600 s): no round starts that would end past it. */
    public LostIncrements seconds(double s) {
        this.budget = Duration.ofNanos((long) (Budget.requireSeconds(s) * 1e9));
        return this;
    }

    /** The figure names of one counter, written out so a search for a name finds this code. */
    record Names(String lostShare, String cpuShare, String overlapAtLeast, String overlapAtMost, String made,
                 String lost, String runsWithLoss) {
        static Names of(CounterKind k) {
            return switch (k) {
                case PLAIN_INSTANCE -> new Names("plain_lost_share", "plain_cpu_share", "plain_overlap_at_least",
                        "plain_overlap_at_most", "plain_made", "plain_lost", "plain_runs_with_loss");
                case VOLATILE -> new Names("volatile_lost_share", "volatile_cpu_share", "volatile_overlap_at_least",
                        "volatile_overlap_at_most", "volatile_made", "volatile_lost", "volatile_runs_with_loss");
                default -> throw new IllegalArgumentException("LostIncrements measures the plain and the volatile counter only");
            };
        }
    }

    public Result run() {
        DataTable t = new DataTable("run", "counter", "increments made", "final count", "lost", "share lost",
                "CPU share per thread", "ran at once at least", "ran at once at most");
        for (CounterKind k : KINDS) hammer(k, perRun.dividedBy(3), null, 0); // untimed: the JIT compiles the loop first
        Budget.Meter meter = Budget.of(runs, budget).start();
        long roundNanos = perRun.toNanos() * KINDS.size();
        boolean outOfTime = false;
        while (meter.more()) {
            if (meter.done() > 0 && meter.remainingNanos() < roundNanos) { // a round that would end past the budget
                outOfTime = true;
                break;
            }
            for (CounterKind k : KINDS) hammer(k, perRun, t, meter.done() + 1);
            meter.count();
        }
        int done = meter.done();
        outOfTime |= meter.stop() == Budget.Stop.TIME_BUDGET;
        Result.Builder b = Result.builder("lost-increments", "Two threads hammering one unsafe counter: increments lost")
                .param("threads", 2).param("ms_per_run", perRun.toMillis()).param("runs", runs)
                .param("time_budget_s", budget.toMillis() / 1000.0)
                .samples(t).showSamples()
                .ended(String.format(Locale.ROOT, "%d of %d runs per counter%s", done, runs,
                        outOfTime && done < runs ? String.format(Locale.ROOT, " (time budget of %.1f s reached)",
                                budget.toMillis() / 1000.0) : ""));
        b.figure("runs_done", done, "runs per counter");
        for (CounterKind k : KINDS) {
            Names n = Names.of(k);
            DataTable mine = t.where("counter", k.label());
            long made = 0, lost = 0, withLoss = 0;
            for (Object[] row : mine.rows()) {
                made += ((Number) row[2]).longValue();
                long l = ((Number) row[4]).longValue();
                lost += l;
                if (l != 0) withLoss++;
            }
            b.figure(n.made(), made, "increments").figure(n.lost(), lost, "increments")
                    .figure(n.runsWithLoss(), withLoss, "runs")
                    .figure(n.lostShare(), Interval.median(mine.doubles("share lost")), "of the increments (median of the runs)")
                    .figure(n.cpuShare(), Interval.median(finite(mine.doubles("CPU share per thread"))), "of a core per thread")
                    .figure(n.overlapAtLeast(), Interval.median(finite(mine.doubles("ran at once at least"))),
                            "of the run (arithmetic on the CPU shares)")
                    .figure(n.overlapAtMost(), Interval.median(finite(mine.doubles("ran at once at most"))),
                            "of the run (arithmetic on the CPU shares)");
        }
        b.note("Each run: two threads call add(1) on one shared counter for " + perRun.toMillis() + " ms; the counters "
                + "take turns run by run, after an untimed warm-up. Lost = increments the threads made − the final count. "
                + "'Ran at once' bounds follow from the two threads' CPU shares s1, s2 alone (at least s1 + s2 − 1, at most "
                + "the smaller): arithmetic, not a measurement of overlap.");
        b.explainer(LostExplain::explain);
        return b.build();
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    /** One run: two threads, one shared counter, {@code length} of wall time; a row of {@code t} (none: warm-up). */
    private static void hammer(CounterKind kind, Duration length, DataTable t, int run) {
        Counter counter = kind.create();
        counter.reset();
        long[] made = new long[2], cpu = new long[2];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long elapsed;
        try (Crew crew = Crew.platform("lost-increments")) {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(2);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            long[] stopAt = new long[1];
            for (int i = 0; i < 2; i++) {
                int id = i;
                crew.start(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long local = 0, end = stopAt[0];
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    while (true) {
                        for (int j = 0; j < 256; j++) counter.add(1);
                        local += 256;
                        if (System.nanoTime() - end > 0 || crew.stopping()) break;
                    }
                    made[id] = local;
                    cpu[id] = cpu0 < 0 ? -1 : mx.getCurrentThreadCpuTime() - cpu0;
                });
            }
            Budget.step(ready::await);
            long t0 = System.nanoTime();
            stopAt[0] = t0 + length.toNanos();
            go.countDown(); // the latch publishes stopAt
            if (!crew.joinAll(length.plusSeconds(30))) throw new IllegalStateException("the hammering threads did not stop");
            elapsed = System.nanoTime() - t0;
        } // joinAll: the threads' writes to made[] and cpu[] happen-before this read
        if (t == null) return;
        long total = made[0] + made[1], fin = counter.get();
        double s0 = cpu[0] < 0 ? Double.NaN : Math.min(1, cpu[0] / (double) elapsed);
        double s1 = cpu[1] < 0 ? Double.NaN : Math.min(1, cpu[1] / (double) elapsed);
        t.add(run, kind.label(), total, fin, total - fin, total == 0 ? 0.0 : (double) (total - fin) / total,
                (s0 + s1) / 2, Math.max(0, s0 + s1 - 1), Math.min(s0, s1));
    }
}
