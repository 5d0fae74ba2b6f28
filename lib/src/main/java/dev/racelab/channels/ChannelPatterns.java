package dev.racelab.channels;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.processes.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The channel patterns of Go by Example, in Java with virtual threads: a pipeline of stages, fan-out / fan-in over
 * a pool of workers reading one channel, closing a channel with a poison pill so every worker ends, and a receive
 * with a timeout (Go's {@code select} with {@code time.After}).
 * {@code ChannelPatterns.pipeline(100_000)}, {@code ChannelPatterns.fanOut(64, 10, 1, 4, 16, 64)},
 * {@code ChannelPatterns.timeouts(50, 5, 20, 40, 60, 80)}
 */
public final class ChannelPatterns {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ChannelPatterns() {}

    /** A message, or the poison pill that closes a channel: Java's queues have no close(), so we send one. */
    record Item(long value) {}

    /** Compared by identity: no real message can be this object. */
    static final Item POISON = new Item(Long.MIN_VALUE);

    /** A range {@code pipeline} checks; its terminal option's help names the same constant. */
    public static final String NUMBERS_RANGE = "1..10000000";

    /** Three stages on virtual threads: numbers 1..n → square → sum; each stage passes the pill on and ends. */
    public static Result pipeline(int n) {
        Require.inRange("numbers", n, NUMBERS_RANGE);
        Result.Builder b = Result.builder("pipeline", String.format(Locale.ROOT,
                "A pipeline: generate 1..%,d → square → sum, one virtual thread per stage", n)).param("numbers", n);
        BlockingQueue<Item> numbers = new ArrayBlockingQueue<>(256);
        BlockingQueue<Item> squares = new ArrayBlockingQueue<>(256);
        AtomicInteger generated = new AtomicInteger();
        AtomicInteger squared = new AtomicInteger();
        long[] sum = {0};
        int[] summed = {0};
        long t0 = System.nanoTime();
        try (Crew crew = Crew.virtual("stage")) {
            crew.start(() -> {
                try {
                    for (long i = 1; i <= n; i++) {
                        numbers.put(new Item(i));
                        generated.incrementAndGet();
                    }
                    numbers.put(POISON);
                } catch (InterruptedException e) {
                    // closing
                }
            });
            crew.start(() -> {
                try {
                    for (Item it = numbers.take(); it != POISON; it = numbers.take()) {
                        squares.put(new Item(it.value() * it.value()));
                        squared.incrementAndGet();
                    }
                    squares.put(POISON);
                } catch (InterruptedException e) {
                    // closing
                }
            });
            crew.start(() -> {
                try {
                    for (Item it = squares.take(); it != POISON; it = squares.take()) {
                        sum[0] += it.value();
                        summed[0]++;
                    }
                } catch (InterruptedException e) {
                    // closing
                }
            });
            if (!crew.joinAll(TIMEOUT)) throw new IllegalStateException("the pipeline did not finish within " + TIMEOUT.toSeconds() + " s");
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        long expected = (long) n * (n + 1) * (2L * n + 1) / 6; // 1² + 2² + … + n²
        DataTable t = new DataTable("stage", "items", "ended by");
        t.add("generate", generated.get(), "sent the pill");
        t.add("square", squared.get(), "received the pill, passed it on");
        t.add("sum", summed[0], "received the pill");
        b.samples(t).showSamples();
        b.figure("sum", sum[0], "");
        b.figure("expected", expected, "n(n+1)(2n+1)/6");
        b.figure("correct", sum[0] == expected ? 1 : 0, "");
        b.figure("wall_ms", wallMs, "ms");
        b.figure("items_per_s", 2.0 * n / (wallMs / 1e3), "messages/s through both channels");
        return b.build();
    }

    /** Rounds of fan-out by default: the fewest whose median has a distribution-free 95 % interval (their range). */
    static final int FAN_ROUNDS = 6;

    /**
     * {@code tasks} blocking tasks of {@code taskMillis} each, fanned out to a pool of virtual-thread workers that read
     * one jobs channel, and fanned back into one results channel; then one pill per worker closes the jobs channel.
     * Every worker count runs once per round, {@value #FAN_ROUNDS} rounds within a time budget (4 s quick, 30 s full).
     */
    public static FanResult fanOut(int tasks, long taskMillis, int... workerCounts) {
        return fanOut(tasks, taskMillis, FAN_ROUNDS,
                Duration.ofSeconds(dev.racelab.core.Profile.quickOrFull(4, 30)), workerCounts);
    }

    /** A range {@code fanOut} checks; its terminal option's help names the same constant. */
    public static final String TASKS_RANGE = "1..1000000";

    /** A range {@code fanOut} checks; its terminal option's help names the same constant. */
    public static final String TASK_MILLIS_RANGE = "0..10000";

    /** A range {@code fanOut} checks; its terminal option's help names the same constant. */
    public static final String WORKERS_RANGE = "1..100000";

    /**
     * The same with a round count (1..50) and a time budget: a round runs every worker count once (interleaved, so a
     * busy moment does not fall on one count only); no round starts that would end past the budget (the first always
     * runs). Wall times are medians of the rounds with 95 % intervals, the speed-up the median of each round's ratio.
     */
    public static FanResult fanOut(int tasks, long taskMillis, int rounds, Duration budget, int... workerCounts) {
        Require.inRange("tasks", tasks, TASKS_RANGE);
        Require.inRange("task length (ms)", taskMillis, TASK_MILLIS_RANGE);
        Require.inRange("rounds", rounds, 1, 50);
        Require.notNull("time budget", budget);
        if (workerCounts.length == 0) throw new IllegalArgumentException("name at least one worker count");
        for (int w : workerCounts) Require.inRange("workers", w, WORKERS_RANGE);
        Result.Builder b = Result.builder("fan-out", String.format(Locale.ROOT,
                        "Fan-out / fan-in: %d tasks of %d ms over pools of virtual-thread workers", tasks, taskMillis))
                .param("tasks", tasks).param("task_ms", taskMillis).param("workers", java.util.Arrays.toString(workerCounts))
                .param("first_workers", workerCounts[0]).param("last_workers", workerCounts[workerCounts.length - 1])
                .param("rounds", rounds).param("time_budget_s", budget.toMillis() / 1000.0)
                .param("cores", Runtime.getRuntime().availableProcessors());
        DataTable t = new DataTable("round", "workers", "wall_ms", "results", "distinct results", "workers ended",
                "busiest worker", "idlest worker");
        Budget.Meter meter = Budget.of(rounds, budget).start();
        long lastRound = 0;
        boolean outOfTime = false;
        while (meter.more()) {
            if (meter.done() > 0 && meter.remainingNanos() < lastRound) { // the next round would end past the budget
                outOfTime = true;
                break;
            }
            long r0 = System.nanoTime();
            for (int w : workerCounts) fanOnce(tasks, taskMillis, w, meter.done() + 1, t);
            lastRound = System.nanoTime() - r0;
            meter.count();
        }
        outOfTime |= meter.stop() == Budget.Stop.TIME_BUDGET;
        int done = meter.done();
        b.samples(t).ended(String.format(Locale.ROOT, "%d of %d rounds%s", done, rounds,
                outOfTime && done < rounds ? String.format(Locale.ROOT, " (time budget of %.1f s reached)",
                        budget.toMillis() / 1000.0) : ""));
        b.figure("rounds_done", done, "rounds");
        b.note("Every worker count runs once per round, the rounds one after the other; each round's wall times are in "
                + "the samples (round, workers, wall_ms, and the tasks of the busiest and the idlest worker).");
        int first = workerCounts[0], last = workerCounts[workerCounts.length - 1];
        b.figure("first_wall_ms", Interval.median(wallsOf(t, first)), "ms (median of the rounds)");
        b.figure("last_wall_ms", Interval.median(wallsOf(t, last)), "ms (median of the rounds)");
        // paired by round: both wall times of a ratio come from the same moment of the machine
        double[] a = wallsOf(t, first), z = wallsOf(t, last);
        double[] ratios = new double[Math.min(a.length, z.length)];
        for (int i = 0; i < ratios.length; i++) ratios[i] = a[i] / z[i];
        b.figure("speedup", Interval.median(ratios), String.format(Locale.ROOT, "× (%d workers over %d; median of the rounds' ratios)",
                last, first));
        b.figure("ideal_speedup", Math.ceil((double) tasks / first) / Math.ceil((double) tasks / last), "× (⌈tasks / workers⌉ ratio)");
        b.chart(r -> ((FanResult) r).wallChart());
        b.explainer(FanExplain::explain);
        return new FanResult(b);
    }

    static boolean everyResultOnce(Result r) {
        int tasks = ((Number) r.params().get("tasks")).intValue();
        for (Object[] row : r.samples().rows()) {
            if (((Number) row[3]).intValue() != tasks || ((Number) row[4]).intValue() != tasks) return false;
        }
        return true;
    }

    static boolean everyWorkerEnded(Result r) {
        for (Object[] row : r.samples().rows()) {
            if (((Number) row[5]).intValue() != ((Number) row[1]).intValue()) return false;
        }
        return true;
    }

    static int maxImbalance(Result r) {
        int worst = 0;
        for (Object[] row : r.samples().rows()) worst = Math.max(worst, ((Number) row[6]).intValue() - ((Number) row[7]).intValue());
        return worst;
    }

    /** The wall times (ms) of one worker count, in round order. */
    static double[] wallsOf(DataTable t, int workers) {
        return t.rows().stream().filter(r -> ((Number) r[1]).intValue() == workers)
                .mapToDouble(r -> ((Number) r[2]).doubleValue()).toArray();
    }

    private static void fanOnce(int tasks, long taskMillis, int w, int round, DataTable t) {
        BlockingQueue<Item> jobs = new ArrayBlockingQueue<>(64);
        BlockingQueue<Item> results = new LinkedBlockingQueue<>();
        AtomicInteger ended = new AtomicInteger();
        int[] perWorker = new int[w];
        long t0 = System.nanoTime();
        int received = 0;
        java.util.BitSet seen = new java.util.BitSet(tasks);
        try (Crew crew = Crew.virtual("fan")) {
            for (int i = 0; i < w; i++) {
                int id = i;
                crew.start(() -> {
                    try {
                        for (Item job = jobs.take(); job != POISON; job = jobs.take()) {
                            Workload.sleep(taskMillis);
                            perWorker[id]++;
                            results.put(job);
                        }
                        ended.incrementAndGet(); // this worker saw its pill
                    } catch (InterruptedException e) {
                        // closing
                    }
                });
            }
            crew.start(() -> { // the producer: every job, then one pill per worker
                try {
                    for (int i = 0; i < tasks; i++) jobs.put(new Item(i));
                    for (int i = 0; i < w; i++) jobs.put(POISON);
                } catch (InterruptedException e) {
                    // closing
                }
            });
            try {
                while (received < tasks) {
                    Item r = results.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    if (r == null) throw new IllegalStateException("no result for " + TIMEOUT.toSeconds() + " s");
                    seen.set((int) r.value());
                    received++;
                }
            } catch (InterruptedException e) {
                throw Budget.interrupted();
            }
            if (!crew.joinAll(TIMEOUT)) throw new IllegalStateException("workers did not end after their pills");
        }
        double wallMs = (System.nanoTime() - t0) / 1e6;
        int max = java.util.Arrays.stream(perWorker).max().orElse(0);
        int min = java.util.Arrays.stream(perWorker).min().orElse(0);
        t.add(round, w, wallMs, received, seen.cardinality(), ended.get(), max, min);
    }

    /** A range {@code timeouts} checks; its terminal option's help names the same constant. */
    public static final String TIMEOUT_MILLIS_RANGE = "1..60000";

    /** A range {@code timeouts} checks; its terminal option's help names the same constant. */
    public static final String DELAY_MILLIS_RANGE = "0..60000";

    /**
     * Receives with a deadline: for each delay, a sender waits that long and sends; the receiver gives up after
     * {@code timeoutMillis}. {@code poll(timeout)} is Java's {@code select { case m := <-ch: … case <-time.After(t): … }}.
     */
    public static Result timeouts(long timeoutMillis, long... delaysMillis) {
        Require.inRange("timeout (ms)", timeoutMillis, TIMEOUT_MILLIS_RANGE);
        if (delaysMillis.length == 0) throw new IllegalArgumentException("name at least one sender delay");
        for (long d : delaysMillis) Require.inRange("sender delay (ms)", d, DELAY_MILLIS_RANGE);
        Result.Builder b = Result.builder("receive-timeout", String.format(Locale.ROOT,
                "Receive with a timeout of %d ms from senders that take their time", timeoutMillis)).param("timeout_ms", timeoutMillis);
        DataTable t = new DataTable("sender delay (ms)", "outcome", "receiver waited (ms)");
        int received = 0;
        double worstOvershoot = 0;
        for (long d : delaysMillis) {
            BlockingQueue<String> ch = new ArrayBlockingQueue<>(1);
            try (Crew crew = Crew.virtual("sender")) {
                crew.start(() -> {
                    Workload.sleep(d);
                    ch.offer("result after " + d + " ms");
                });
                long t0 = System.nanoTime();
                String m;
                m = Budget.call(() -> ch.poll(timeoutMillis, TimeUnit.MILLISECONDS));
                double waited = (System.nanoTime() - t0) / 1e6;
                if (m != null) received++;
                else worstOvershoot = Math.max(worstOvershoot, waited - timeoutMillis);
                t.add(d, m != null ? "received: " + m : "timed out", waited);
            } // closing the crew interrupts a sender that is still waiting: nothing is left behind
        }
        b.samples(t).showSamples();
        b.figure("received", received, "of " + delaysMillis.length);
        b.figure("timed_out", delaysMillis.length - received, "of " + delaysMillis.length);
        b.figure("worst_overshoot_ms", worstOvershoot, "ms past the timeout before giving up");
        return b.build();
    }

    /** Fan-out results with their chart. */
    public static final class FanResult extends Result {
        FanResult(Result.Builder b) {
            super(b);
        }

        /** True when every round of every worker count delivered each task's result exactly once. */
        public boolean everyResultOnce() {
            return ChannelPatterns.everyResultOnce(this);
        }

        /** True when, in every round and for every worker count, each worker ended on its poison pill. */
        public boolean everyWorkerEnded() {
            return ChannelPatterns.everyWorkerEnded(this);
        }

        /** The largest difference in tasks done between the busiest and the idlest worker of one run. */
        public int maxImbalance() {
            return ChannelPatterns.maxImbalance(this);
        }

        /** The median wall time (ms) of one worker count over the rounds; NaN if it did not run. */
        public double wallMs(int workers) {
            return wallInterval(workers).estimate();
        }

        /** The median wall time (ms) of one worker count with its 95 % interval (order statistics over the rounds). */
        public Interval wallInterval(int workers) {
            return Interval.median(wallsOf(samples(), workers));
        }

        public Chart wallChart() {
            double[] w = java.util.Arrays.stream(samples().doubles("workers")).distinct().sorted().toArray();
            double tasks = ((Number) params().get("tasks")).doubleValue();
            double ms = ((Number) params().get("task_ms")).doubleValue();
            double[] med = new double[w.length], lo = new double[w.length], hi = new double[w.length];
            double[] ideal = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                Interval iv = wallInterval((int) w[i]);
                med[i] = iv.estimate();
                lo[i] = iv.low();
                hi[i] = iv.high();
                ideal[i] = Math.ceil(tasks / w[i]) * ms;
            }
            List<Series> s = new ArrayList<>(List.of(new Series("measured (median of the rounds)", w, med),
                    new Series("ideal: ⌈tasks / workers⌉ × task time", w, ideal)));
            List<double[][]> bands = List.of(new double[][] {lo, hi}, new double[][] {ideal, ideal});
            Chart c = Charts.linesWithBands("Fan-out: wall time by number of workers (median, 95 % band)",
                    "workers (log scale)", "wall time (ms, log scale)", s, bands, true);
            org.jfree.chart.axis.LogAxis y = new org.jfree.chart.axis.LogAxis("wall time (ms, log scale)");
            y.setBase(10);
            y.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits()); // whole powers of ten
            y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
            y.setSmallestValue(1e-3);
            c.jfree().getXYPlot().setRangeAxis(y);
            return Charts.reference(c, 1);
        }
    }
}
