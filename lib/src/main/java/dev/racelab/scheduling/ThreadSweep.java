package dev.racelab.scheduling;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
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
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * More threads than cores, built so that oversubscription <i>can</i> show its cost: every thread does the same
 * amount of work (several scheduler time slices' worth, so an oversubscribed thread is really taken off its core
 * and put back, again and again), with two kinds of work: register-only arithmetic, which loses nothing when
 * it is switched out, and a walk over a working set of its own that fits in one core's L2 cache, which has to
 * refill that cache each time it comes back after other threads' sets pushed it out. Throughput (rounds of work
 * per second, all threads together) by thread count, each point repeated, with 95 % intervals.
 * {@code ThreadSweep.of().run().explain()}
 *
 * <p>Implementation note: the threads of a point are started first and wait at a latch (thread start-up is not
 * timed; each walks its working set once before the gate); the clock runs from opening the latch until the last
 * thread is done. Points are measured round-robin (every thread count and kind once, then again), so a noisy second
 * on a shared machine does not hit one point only, and each repeat gives a paired estimate of the change past the
 * core count: its slope of log throughput against log2 threads, from the core count on.
 */
public final class ThreadSweep {
    public static final String REGISTER = "register-only";
    public static final String CACHE = "working set in cache";
    public static final List<String> KINDS = List.of(REGISTER, CACHE);

    private int[] threads;
    private double perThreadMillis;
    private int workingSetKb = 256;
    private int repeats;
    private Duration time;

    private ThreadSweep() {
        threads = Profile.quickOrFull(new int[] {1, 2, 4, 16}, new int[] {1, 2, 4, 8, 16, 32, 64});
        perThreadMillis = Profile.quickOrFull(20.0, 40.0);
        repeats = Profile.quickOrFull(4, 9);
        time = Duration.ofSeconds(Profile.quickOrFull(8, 180));
    }

    public static ThreadSweep of() {
        return new ThreadSweep();
    }

    /** A range {@code threads} checks; its terminal option's help names the same constant. */
    public static final String THREADS_RANGE = "1..1024";

    /** Thread counts to try (each 1..1,024; include 1, the baseline, and the core count). */
    public ThreadSweep threads(int... n) {
        if (n.length == 0) throw new IllegalArgumentException("threads must name at least one thread count");
        for (int t : n) Require.inRange("threads", t, THREADS_RANGE);
        int[] s = n.clone();
        Arrays.sort(s);
        this.threads = Arrays.stream(s).distinct().toArray();
        return this;
    }

    /** A range {@code perThreadMillis} checks; its terminal option's help names the same constant. */
    public static final String PER_THREAD_MILLIS_RANGE = "0.1..10000";

    /** Work per thread, in milliseconds of one core ({@value #PER_THREAD_MILLIS_RANGE}): the same for every thread count. */
    public ThreadSweep perThreadMillis(double ms) {
        this.perThreadMillis = Require.inRange("work per thread (ms)", ms, PER_THREAD_MILLIS_RANGE);
        return this;
    }

    /** A range {@code workingSetKb} checks; its terminal option's help names the same constant. */
    public static final String WORKING_SET_KB_RANGE = "4..65536";

    /** Each thread's working set in KiB ({@value #WORKING_SET_KB_RANGE}); it should fit in one core's L2 cache. */
    public ThreadSweep workingSetKb(int kb) {
        this.workingSetKb = Require.inRange("working set (KiB)", kb, WORKING_SET_KB_RANGE);
        return this;
    }

    /** A range {@code repeats} checks; its terminal option's help names the same constant. */
    public static final String REPEATS_RANGE = "2..100";

    /** Repeats of every point (2..100: the intervals come from the repeats). */
    public ThreadSweep repeats(int n) {
        this.repeats = Require.inRange("repeats", n, REPEATS_RANGE);
        return this;
    }

    public ThreadSweep seconds(double s) {
        Budget.requireSeconds(s);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public SweepResult run() {
        int cores = Runtime.getRuntime().availableProcessors();
        int max = threads[threads.length - 1];
        int[] set = workingSet(workingSetKb * 256, 42);
        int[][] sets = new int[max][];
        boolean proc = ContextSwitches.supported();
        Result.Builder b = Result.builder("thread-sweep", String.format(Locale.ROOT,
                        "Every thread does ~%.0f ms of work; %d to %d threads on %d cores, register-only and with a %d KiB working set each",
                        perThreadMillis, threads[0], max, cores, workingSetKb))
                .param("threads", Arrays.toString(threads)).param("per_thread_ms", perThreadMillis)
                .param("working_set_kib", workingSetKb).param("repeats", repeats)
                .param("time_budget_s", time.toMillis() / 1000.0);
        DataTable t = new DataTable("kind", "threads", "repeat", "wall_ms", "throughput_mrounds_s", "involuntary_per_thread",
                "voluntary_per_thread");
        long[] rounds = new long[KINDS.size()];
        Budget.Meter meter = Budget.of(threads.length * repeats * KINDS.size(), time).start();
        try (Progress progress = Progress.start("thread sweep", (long) threads.length * repeats * KINDS.size())) {
            for (int i = 0; i < max; i++) sets[i] = i == 0 ? set : set.clone();
            rounds[0] = Workload.roundsFor(perThreadMillis);
            rounds[1] = walkRoundsFor(set, perThreadMillis);
            for (int k = 0; k < KINDS.size(); k++) point(k, Math.min(2, cores), rounds[k] / 4, sets, proc); // warm-up
            outer:
            for (int r = 0; r < repeats; r++) {
                for (int k = 0; k < KINDS.size(); k++) {
                    for (int n : threads) {
                        if (!meter.more()) break outer;
                        Point p = point(k, n, rounds[k], sets, proc);
                        t.add(KINDS.get(k), n, r, p.wallNanos / 1e6, n * rounds[k] / (p.wallNanos / 1e3), p.involuntary, p.voluntary);
                        meter.count();
                        progress.set(meter.done());
                    }
                }
            }
        }
        b.samples(t).ended(meter);
        b.param("rounds_register", rounds[0]).param("rounds_cache", rounds[1]);
        b.figure("cores", cores, "");
        b.figure("max_threads", max, "");
        for (String kind : KINDS) {
            Names k = Names.of(kind);
            for (int n : threads) {
                double[] tp = t.where("kind", kind).where("threads", n).doubles("throughput_mrounds_s");
                if (tp.length > 0) b.figure(k.throughputAt(n), Interval.median(tp), "M rounds/s (median of repeats)");
            }
            b.figure(k.speedupAtCores(), Interval.median(pairedRatios(t, kind, threads[0], cores)),
                    "× (" + cores + " threads over " + threads[0] + ", per repeat)");
            b.figure(k.changeCoresToMax(), Interval.median(minusOne(pairedRatios(t, kind, cores, max))),
                    "relative (" + cores + " → " + max + " threads, per repeat)");
            // order statistics, not a bootstrap: the repeats of one run share its minute of load, so a bootstrap over a
            // handful of them would claim more precision than the next run confirms
            b.figure(k.changePerDoubling(), Interval.median(perDoubling(t, kind, cores)),
                    "relative change of throughput per doubling of threads from " + cores + " on (median of repeats' fits)");
            if (proc) {
                double[] inv = t.where("kind", kind).where("threads", max).doubles("involuntary_per_thread");
                if (inv.length > 0) b.figure(k.involuntaryAtMax(), Interval.median(inv), "switches per thread");
                double[] invc = t.where("kind", kind).where("threads", cores).doubles("involuntary_per_thread");
                if (invc.length > 0) b.figure(k.involuntaryAtCores(), Interval.median(invc), "switches per thread");
            }
        }
        // the cache's extra cost: how much more the working-set job lost than the register-only one, per repeat
        double[] a = pairedRatios(t, CACHE, cores, max), c = pairedRatios(t, REGISTER, cores, max);
        int m = Math.min(a.length, c.length);
        double[] extra = new double[m];
        for (int i = 0; i < m; i++) extra[i] = a[i] / c[i] - 1;
        b.figure("cache_extra_change", Interval.median(extra), "relative (working set vs register-only, " + cores + " → " + max + ")");
        if (!proc) b.note("Context switches per thread are read from /proc (Linux); not available here.");
        b.note("Throughput = threads × rounds per thread / wall time; intervals are 95 % over the repeats (order statistics "
                + "over the repeats; with few repeats that is their whole range).");
        b.explainer(ThreadSweepExplain::explain);
        b.chart(r -> ((SweepResult) r).throughputChart());
        return new SweepResult(b);
    }

    static String key(String kind) {
        return Names.of(kind).key();
    }

    /**
     * One kind's figure names, spelled out so that a search for a name a notebook reads finds this line. The throughput
     * figures are the exception: one per thread count asked for ({@code register_throughput_at_1},
     * {@code cache_throughput_at_16}, …), so their names follow the run's parameters and are built.
     */
    record Names(String key, String speedupAtCores, String changeCoresToMax, String changePerDoubling,
            String involuntaryAtMax, String involuntaryAtCores) {
        static Names of(String kind) {
            return kind.equals(REGISTER)
                    ? new Names("register", "register_speedup_at_cores", "register_change_cores_to_max",
                            "register_change_per_doubling", "register_involuntary_per_thread_at_max",
                            "register_involuntary_per_thread_at_cores")
                    : new Names("cache", "cache_speedup_at_cores", "cache_change_cores_to_max", "cache_change_per_doubling",
                            "cache_involuntary_per_thread_at_max", "cache_involuntary_per_thread_at_cores");
        }

        /** Median throughput at {@code threads} threads: a name per thread count of the run, hence built. */
        String throughputAt(int threads) {
            return key + "_throughput_at_" + threads;
        }
    }

    /** A single cycle through {@code n} slots in random order (Sattolo): each step depends on the last, no prefetch helps. */
    static int[] workingSet(int n, long seed) {
        int[] next = new int[n];
        for (int i = 0; i < n; i++) next[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i);
            int tmp = next[i];
            next[i] = next[j];
            next[j] = tmp;
        }
        return next;
    }

    /** {@code steps} dependent loads through a working set; returns where it ended so the loop stays. */
    static long walk(int[] next, long steps) {
        int i = 0;
        for (long s = 0; s < steps; s++) i = next[i];
        return i;
    }

    static long walkRoundsFor(int[] set, double millis) {
        long steps = 200_000, best = Long.MAX_VALUE, sink = 0;
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            sink += walk(set, steps);
            long ns = System.nanoTime() - t0;
            if (i >= 3) best = Math.min(best, ns);
        }
        if (sink == 42) System.out.print("");
        return Math.max(1, Math.round(millis * 1e6 / ((double) best / steps)));
    }

    private record Point(long wallNanos, double involuntary, double voluntary) {}

    private static Point point(int kind, int n, long rounds, int[][] sets, boolean proc) {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        long[] inv = new long[n];
        long[] vol = new long[n];
        long[] sink = new long[n];
        try (Crew crew = Crew.platform("sweep")) {
            for (int i = 0; i < n; i++) {
                int id = i;
                crew.start(() -> {
                    int[] set = sets[id];
                    if (kind == 1) sink[id] += walk(set, set.length); // its own set, touched once before the gate
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long[] before = proc ? ContextSwitches.self() : null;
                    sink[id] += kind == 0 ? Workload.cpu(rounds) : walk(set, rounds);
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
            throw Budget.interrupted();
        }
    }

    /** Per repeat in which both points ran: throughput at {@code to} threads / throughput at {@code from}. */
    static double[] pairedRatios(DataTable t, String kind, int from, int to) {
        DataTable k = t.where("kind", kind);
        List<Double> out = new ArrayList<>();
        for (double r : Arrays.stream(k.doubles("repeat")).distinct().toArray()) {
            DataTable rep = k.where("repeat", (int) r);
            double[] a = rep.where("threads", from).doubles("throughput_mrounds_s");
            double[] b = rep.where("threads", to).doubles("throughput_mrounds_s");
            if (a.length == 1 && b.length == 1) out.add(b[0] / a[0]);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] minusOne(double[] v) {
        return Arrays.stream(v).map(x -> x - 1).toArray();
    }

    /** Per repeat: 2^slope − 1 of log2(throughput) against log2(threads), over the points from {@code cores} on. */
    static double[] perDoubling(DataTable t, String kind, int cores) {
        DataTable k = t.where("kind", kind);
        List<Double> out = new ArrayList<>();
        for (double r : Arrays.stream(k.doubles("repeat")).distinct().toArray()) {
            DataTable rep = k.where("repeat", (int) r);
            double[] n = rep.doubles("threads"), tp = rep.doubles("throughput_mrounds_s");
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < n.length; i++) if (n[i] >= cores) pts.add(new double[] {log2(n[i]), log2(tp[i])});
            if (pts.size() < 3) continue;
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray(), y = pts.stream().mapToDouble(p -> p[1]).toArray();
            out.add(Math.pow(2, CurveShape.fit(x, y)[1]) - 1);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** The sweep with its charts. */
    public static final class SweepResult extends Result {
        SweepResult(Result.Builder b) {
            super(b);
        }

        public double[] threadCounts() {
            return Arrays.stream(samples().doubles("threads")).distinct().sorted().toArray();
        }

        /** Median throughput (M rounds/s) for each of {@link #threadCounts()}, for one kind of work. */
        public double[] throughput(String kind) {
            return Arrays.stream(threadCounts()).map(n -> {
                double[] v = samples().where("kind", kind).where("threads", (int) n).doubles("throughput_mrounds_s");
                return v.length == 0 ? Double.NaN : Stats.of(v).median();
            }).toArray();
        }

        /** Median involuntary context switches per thread, for each of {@link #threadCounts()}, for one kind. */
        public double[] involuntaryPerThread(String kind) {
            return Arrays.stream(threadCounts()).map(n -> {
                double[] v = samples().where("kind", kind).where("threads", (int) n).doubles("involuntary_per_thread");
                return v.length == 0 ? Double.NaN : Stats.of(v).median();
            }).toArray();
        }

        /**
         * Throughput relative to one core's (the 1-thread median of the same kind) by thread count, both kinds, with
         * each repeat as a dot and the ideal min(threads, cores).
         */
        public Chart throughputChart() {
            double[] n = threadCounts();
            int cores = (int) value("cores");
            List<Series> series = new ArrayList<>();
            for (String kind : KINDS) {
                double[] tp = throughput(kind);
                double base = tp[0] / Math.min(n[0], cores);
                series.add(new Series(kind + " (median)", n, Arrays.stream(tp).map(v -> v / base).toArray()));
            }
            for (String kind : KINDS) {
                double base = throughput(kind)[0] / Math.min(n[0], cores);
                DataTable k = samples().where("kind", kind);
                series.add(new Series(kind + " (each repeat)", k.doubles("threads"),
                        Arrays.stream(k.doubles("throughput_mrounds_s")).map(v -> v / base).toArray()));
            }
            double[] ideal = Arrays.stream(n).map(x -> Math.min(x, cores) / Math.min(n[0], cores)).toArray();
            series.add(new Series("ideal: min(threads, cores)", n, ideal));
            Chart c = Charts.lines("Throughput by thread count, same work per thread (" + cores + " cores)", "threads (log scale)",
                    "throughput (× one thread's)", series, true, false);
            var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) c.jfree().getXYPlot().getRenderer();
            for (int i = 2; i < 4; i++) {
                renderer.setSeriesLinesVisible(i, false);
                renderer.setSeriesShapesVisible(i, true);
                renderer.setSeriesPaint(i, Charts.PALETTE[(i - 2) % Charts.PALETTE.length]);
            }
            return Charts.reference(c, 4);
        }

        /** Involuntary context switches per thread during its work, by thread count, both kinds. */
        public Chart switchesChart() {
            double[] n = threadCounts();
            List<Series> series = new ArrayList<>();
            for (String kind : KINDS) series.add(new Series(kind, n, involuntaryPerThread(kind)));
            return Charts.lines("Involuntary context switches per thread (same work per thread)", "threads (log scale)",
                    "switches per thread (median)", series, true, false);
        }

        /**
         * Section 5's bill, in sentences: the preemptions of the oversubscribed sweep at the switch cost {@code switches}
         * measured, and the shape of the cost per unit of work past the cores.
         */
        public dev.racelab.render.Renderable bill(SwitchCost.SwitchResult switches) {
            return explained(ThreadSweepExplain.bill(this, switches));
        }

        /** The cost per unit of work (1 / throughput, µs per million rounds) by thread count from the core count on. */
        public CurveShape shape(String kind) {
            double[] n = threadCounts();
            int cores = (int) value("cores");
            Interval[] cost = new Interval[n.length];
            for (int i = 0; i < n.length; i++) {
                Interval tp = interval(Names.of(kind).throughputAt((int) n[i]));
                cost[i] = tp.isEmpty() ? Interval.empty()
                        : new Interval(1e6 / tp.estimate(), 1e6 / tp.high(), 1e6 / tp.low(), tp.n(), tp.method());
            }
            return CurveShape.of(n, cost, cores);
        }
    }
}
