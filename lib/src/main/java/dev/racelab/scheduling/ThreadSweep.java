package dev.racelab.scheduling;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import dev.racelab.processes.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fixed amount of CPU-bound work split evenly across 1, 2, 4 … 64 platform threads on this machine's cores:
 * wall time and total throughput for each thread count, with the context switches each thread went through.
 * {@code ThreadSweep.of().run()}
 *
 * <p>Implementation note: the threads of a point are started first and wait at a latch, so thread creation is not
 * timed; the clock runs from opening the latch until the last thread is done. Points are measured round-robin
 * (all thread counts once, then again), so a noisy second on a shared machine does not hit one point only.
 */
public final class ThreadSweep {
    private int[] threads;
    private double totalMillis;
    private int repeats;
    private Duration time;

    private ThreadSweep() {
        Profile p = Profile.current();
        threads = new int[] {1, 2, 3, 4, 8, 16, 32, 64};
        totalMillis = p.pick(100.0, 1_000.0);
        repeats = p.pick(3, 7);
        time = Duration.ofSeconds(p.pick(4, 120));
    }

    public static ThreadSweep of() {
        return new ThreadSweep();
    }

    /** Thread counts to try (each 1..1,024; include 1, the baseline). */
    public ThreadSweep threads(int... n) {
        if (n.length == 0) throw new IllegalArgumentException("threads must name at least one thread count");
        for (int t : n) Require.inRange("threads", t, 1, 1_024);
        this.threads = n.clone();
        return this;
    }

    /** The whole job, in milliseconds of one thread's CPU time (1..60,000). */
    public ThreadSweep totalMillis(double ms) {
        this.totalMillis = Require.inRange("total work (ms)", ms, 1, 60_000);
        return this;
    }

    public ThreadSweep repeats(int n) {
        this.repeats = Require.inRange("repeats", n, 1, 100);
        return this;
    }

    public ThreadSweep seconds(double s) {
        Require.inRange("time budget (s)", s, 0.1, 3600);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public SweepResult run() {
        int cores = Runtime.getRuntime().availableProcessors();
        long total = Workload.roundsFor(totalMillis);
        Result.Builder b = Result.builder("thread-sweep", String.format(Locale.ROOT,
                        "One CPU-bound job (~%.0f ms on one core) split across 1 to %d threads on %d cores",
                        totalMillis, Arrays.stream(threads).max().orElse(1), cores))
                .param("threads", Arrays.toString(threads)).param("total_ms", totalMillis).param("rounds", total)
                .param("repeats", repeats).param("time_budget_s", time.toMillis() / 1000.0);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        b.figure("load_average", load, "runnable threads on the machine (1-minute average, before the run; -1: unknown)");
        DataTable t = new DataTable("threads", "repeat", "wall_ms", "throughput_mrounds_s", "involuntary_per_thread", "voluntary_per_thread");
        Budget.Meter meter = Budget.of(threads.length * repeats, time).start();
        boolean proc = ContextSwitches.supported();
        try (Progress progress = Progress.start("thread sweep", (long) threads.length * repeats)) {
            Point warm = point(Math.min(2, cores), total / 4, proc); // JIT and first-touch costs, not recorded
            if (warm.wallNanos < 0) throw new IllegalStateException("warm-up failed");
            outer:
            for (int r = 0; r < repeats; r++) {
                for (int n : threads) {
                    if (!meter.more()) break outer;
                    Point p = point(n, total, proc);
                    t.add(n, r, p.wallNanos / 1e6, total / (p.wallNanos / 1e3), p.involuntary, p.voluntary);
                    meter.count();
                    progress.set(meter.done());
                }
            }
        }
        b.samples(t).ended(meter);
        double base = median(t, threads[0]);
        for (int n : threads) {
            double w = median(t, n);
            if (Double.isNaN(w)) continue;
            b.figure("wall_ms_at_" + n, w, "ms (median)");
        }
        b.figure("cores", cores, "");
        int last = threads[threads.length - 1];
        b.figure("speedup_at_cores", base / median(t, cores), "× (" + cores + " threads over " + threads[0] + ")");
        b.figure("change_cores_to_max", median(t, last) / median(t, cores) - 1, "relative (" + cores + " → " + last + " threads)");
        b.figure("noise", noise(t), "median relative spread between repeats");
        if (proc) b.figure("involuntary_per_thread_at_max", Stats.of(t.where("threads", last).doubles("involuntary_per_thread")).median(), "switches");
        else b.note("Context switches per thread are read from /proc (Linux); not available here.");
        b.note("Wall time is the median of the repeats; throughput is total work / wall time.");
        b.chart(r -> ((SweepResult) r).throughputChart());
        return new SweepResult(b);
    }

    private record Point(long wallNanos, double involuntary, double voluntary) {}

    private static Point point(int n, long totalRounds, boolean proc) {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        long[] inv = new long[n];
        long[] vol = new long[n];
        long[] sink = new long[n];
        try (Crew crew = Crew.platform("sweep")) {
            for (int i = 0; i < n; i++) {
                int id = i;
                long share = totalRounds / n + (i < totalRounds % n ? 1 : 0);
                crew.start(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long[] before = proc ? ContextSwitches.self() : null;
                    sink[id] = Workload.cpu(share);
                    if (proc) {
                        long[] after = ContextSwitches.self();
                        vol[id] = after[0] - before[0];
                        inv[id] = after[1] - before[1];
                    }
                    done.countDown();
                });
            }
            await(ready);
            long t0 = System.nanoTime();
            go.countDown();
            await(done);
            long wall = System.nanoTime() - t0;
            if (Arrays.stream(sink).sum() == 42) System.out.print(""); // keeps the work alive
            return new Point(wall, Stats.of(inv).mean(), Stats.of(vol).mean());
        }
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("sweep threads did not finish within 120 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
        }
    }

    static double median(DataTable t, int n) {
        double[] w = t.where("threads", n).doubles("wall_ms");
        return w.length == 0 ? Double.NaN : Stats.of(w).median();
    }

    /** Median over thread counts of (max - min) / median of that count's repeats. */
    static double noise(DataTable t) {
        List<Double> spreads = new ArrayList<>();
        for (double n : Arrays.stream(t.doubles("threads")).distinct().toArray()) {
            Stats s = Stats.of(t.where("threads", (int) n).doubles("wall_ms"));
            if (s.count() > 1) spreads.add((s.max() - s.min()) / s.median());
        }
        return spreads.isEmpty() ? 0 : Stats.of(spreads.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    /** The sweep with its charts and the shape of its curve. */
    public static final class SweepResult extends Result {
        SweepResult(Result.Builder b) {
            super(b);
        }

        public double[] threadCounts() {
            return Arrays.stream(samples().doubles("threads")).distinct().sorted().toArray();
        }

        /** Median wall time (ms) for each of {@link #threadCounts()}. */
        public double[] wallMs() {
            return Arrays.stream(threadCounts()).map(n -> median(samples(), (int) n)).toArray();
        }

        /** Median involuntary context switches per thread, for each of {@link #threadCounts()}. */
        public double[] involuntaryPerThread() {
            return Arrays.stream(threadCounts())
                    .map(k -> Stats.of(samples().where("threads", (int) k).doubles("involuntary_per_thread")).median()).toArray();
        }

        /** Throughput (million rounds per second) by thread count, with the ideal: one core's rate times min(threads, cores). */
        public Chart throughputChart() {
            double[] n = threadCounts();
            double[] wall = wallMs();
            double rounds = ((Number) params().get("rounds")).doubleValue();
            double[] tp = new double[n.length];
            for (int i = 0; i < n.length; i++) tp[i] = rounds / (wall[i] * 1e3);
            int cores = (int) value("cores");
            double[] ideal = new double[n.length];
            for (int i = 0; i < n.length; i++) ideal[i] = tp[0] * Math.min(n[i], cores) / Math.min(n[0], cores);
            Chart c = Charts.lines("CPU-bound throughput by thread count (" + cores + " cores)", "threads (log scale)",
                    "throughput (million rounds/s)", List.of(new Series("measured (median)", n, tp),
                            new Series("ideal: min(threads, cores) × one thread", n, ideal)), true, false);
            return Charts.reference(c, 1);
        }

        /** Involuntary context switches per thread during its share of the work, by thread count. */
        public Chart switchesChart() {
            double[] n = threadCounts();
            double[] inv = Arrays.stream(n).map(k -> Stats.of(samples().where("threads", (int) k).doubles("involuntary_per_thread")).median()).toArray();
            return Charts.lines("Involuntary context switches per thread", "threads (log scale)", "switches per thread (median)",
                    List.of(new Series("involuntary (preempted)", n, inv)), true, false);
        }

        /** The shape of the wall-time curve from the core count on. */
        public CurveShape shape() {
            return CurveShape.of(threadCounts(), wallMs(), value("cores"), value("noise"));
        }
    }
}
