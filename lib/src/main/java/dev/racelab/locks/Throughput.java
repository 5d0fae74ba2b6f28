package dev.racelab.locks;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many increments per second a counter sustains with 1 … n threads, all on one shared counter (contended)
 * or each on its own (uncontended). Each thread calls {@code add(1)} in a loop for a fixed time.
 * {@code Throughput.of(CounterKind.SYNCHRONIZED, CounterKind.ATOMIC_INTEGER).threads(1, 2, 4).run()}
 */
public final class Throughput {
    private final List<CounterKind> kinds;
    private int[] threads;
    private boolean uncontendedToo = false;
    private Duration perPoint;
    private int repeats = 1;

    private Throughput(List<CounterKind> kinds) {
        this.kinds = kinds;
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> t = new ArrayList<>();
        for (int n = 1; n <= 2 * cores; n *= 2) t.add(n);
        if (!t.contains(2 * cores)) t.add(2 * cores);
        this.threads = t.stream().mapToInt(Integer::intValue).toArray();
        this.perPoint = Duration.ofMillis(Profile.quickOrFull(150, 1_000));
    }

    public static Throughput of(CounterKind... kinds) {
        if (kinds.length == 0) throw new IllegalArgumentException("name at least one counter kind");
        return new Throughput(List.of(kinds));
    }

    public Throughput threads(int... t) {
        if (t.length == 0) throw new IllegalArgumentException("name at least one thread count");
        for (int n : t) Require.inRange("threads", n, 1, Budget.MAX_THREADS);
        this.threads = t.clone();
        return this;
    }

    /**
     * Also measure each thread on a counter of its own: the cost of the lock without a fight for it. (Not for
     * {@code PLAIN_STATIC}: a static field is one per class, so its "own" counters still share it.)
     */
    public Throughput withUncontended() {
        this.uncontendedToo = true;
        return this;
    }

    /** A range {@code millisPerPoint} checks; its terminal option's help names the same constant. */
    public static final String MILLIS_PER_POINT_RANGE = "10..60000";

    public Throughput millisPerPoint(int ms) {
        this.perPoint = Duration.ofMillis(Require.inRange("milliseconds per point", ms, MILLIS_PER_POINT_RANGE));
        return this;
    }

    /** A range {@code repeats} checks; its terminal option's help names the same constant. */
    public static final String REPEATS_RANGE = "1..50";

    /**
     * Measure every point this many times ({@value #REPEATS_RANGE}), interleaved (round 1 of every point, then round 2, …) so a busy
     * moment does not fall on one point only; with 2 or more, each figure is the median with its 95 % interval.
     */
    public Throughput repeats(int n) {
        this.repeats = Require.inRange("repeats", n, REPEATS_RANGE);
        return this;
    }

    public Result run() {
        DataTable t = new DataTable("counter", "mode", "threads", "ops_per_s", "final", "expected", "cpu_share", "repeat");
        List<String> modes = uncontendedToo ? List.of("contended", "uncontended") : List.of("contended");
        int points = kinds.size() * modes.size() * threads.length * repeats;
        try (Progress progress = Progress.start("throughput points", points)) {
            int done = 0;
            for (CounterKind k : kinds) {
                // untimed: the JIT compiles this kind's increment first, or the first point measures the interpreter
                measure(k, 1, true, perPoint.dividedBy(2), new DataTable(t.columns().toArray(String[]::new)), 0);
            }
            for (int rep = 1; rep <= repeats; rep++) {
                for (CounterKind k : kinds) {
                    for (String mode : modes) {
                        for (int n : threads) {
                            if (mode.equals("uncontended") && n == 1) continue; // same as contended with one thread
                            measure(k, n, mode.equals("contended"), perPoint, t, rep);
                            progress.set(++done);
                        }
                    }
                }
            }
        }
        Result.Builder b = Result.builder("throughput", "Increments per second, by counter and threads")
                .param("counters", kinds.stream().map(CounterKind::label).toList().toString())
                .param("threads", java.util.Arrays.toString(threads)).param("ms_per_point", perPoint.toMillis())
                .param("repeats", repeats).param("cores", Runtime.getRuntime().availableProcessors())
                .param("kinds", String.join(",", kinds.stream().map(CounterKind::name).toList()))
                .param("thread_counts", String.join(",", java.util.Arrays.stream(threads).mapToObj(String::valueOf).toList()))
                .samples(t);
        // one name per counter and thread count of the run (synchronized_4t_mops, …): the counts are a parameter, so
        // these names are built; CounterRatesExplain reads them the same way
        if (repeats == 1) {
            for (Object[] row : t.rows()) {
                if (row[1].equals("contended")) {
                    b.figure(key((String) row[0]) + "_" + row[2] + "t_mops", ((Number) row[3]).doubleValue() / 1e6, "M ops/s");
                }
            }
        } else {
            for (CounterKind k : kinds) {
                for (String mode : modes) {
                    for (int n : threads) {
                        double[] mops = column(t, k.label(), mode, n, 3, 1e-6);
                        if (mops.length == 0) continue;
                        b.figure(key(k.label()) + "_" + n + "t" + (mode.equals("uncontended") ? "_own" : "") + "_mops",
                                Interval.median(mops), "M ops/s");
                    }
                }
            }
            double[] cpu2 = column(t, CounterKind.VOLATILE.label(), "contended", 2, 6, 1);
            if (cpu2.length > 0) b.figure("volatile_2t_cpu_share", Interval.median(cpu2), "of a core per thread");
        }
        // every shared counter with 2+ threads: the locked ones must have counted every increment their threads made
        long lockedMade = 0, lockedLost = 0, volMade = 0, volLost = 0;
        for (Object[] row : t.rows()) {
            if (!row[1].equals("contended") || ((Number) row[2]).intValue() < 2) continue;
            long made = ((Number) row[5]).longValue(), lost = made - ((Number) row[4]).longValue();
            if (row[0].equals(CounterKind.VOLATILE.label())) { volMade += made; volLost += lost; }
            else if (CounterKind.isSafeLabel((String) row[0])) { lockedMade += made; lockedLost += lost; }
        }
        b.figure("locked_made", lockedMade, "increments").figure("locked_lost", lockedLost, "increments");
        b.figure("volatile_made", volMade, "increments")
                .figure("volatile_lost_share", volMade == 0 ? Double.NaN : (double) volLost / volMade, "");
        double minShare = 1;
        for (Object[] row : t.rows()) {
            if (((Number) row[2]).intValue() > 1 && ((Number) row[2]).intValue() <= Runtime.getRuntime().availableProcessors()) {
                minShare = Math.min(minShare, ((Number) row[6]).doubleValue());
            }
        }
        b.param("load_average_1m", loadAverage());
        b.figure("min_cpu_share_up_to_cores", minShare, "of a core per thread");
        b.note("Each thread calls add(1) in a loop for " + perPoint.toMillis() + " ms per point"
                + (repeats > 1 ? ", " + repeats + " times per point (interleaved; the chart shows medians and 95 % bands)" : "")
                + ", after an untimed " + perPoint.toMillis() / 2 + " ms warm-up per counter kind; "
                + Runtime.getRuntime().availableProcessors() + " cores. Past the core count, threads take turns.");
        // lock against atomic (notebooks 04, 05) reads differently from locks against volatile (notebook 03)
        boolean atomics = kinds.contains(CounterKind.ATOMIC_INTEGER) || kinds.contains(CounterKind.LONG_ADDER);
        b.explainer(atomics && repeats > 1 ? CounterRatesExplain::explain : ThroughputExplain::explain);
        return b.chart(r -> chart(t)).build();
    }

    /**
     * The 1-minute load average (runnable tasks, all programs), or NaN where the OS does not say: above the core
     * count, threads of this experiment queued for a core behind other work, and "two threads" may not have run
     * at the same time.
     */
    public static double loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : Math.round(l * 100) / 100.0;
    }

    static String key(String label) {
        return label.toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("_$", "");
    }

    /** One column's values (scaled) over the repeats of one point. */
    static double[] column(DataTable t, String counter, String mode, int threads, int col, double scale) {
        return t.rows().stream().filter(r -> r[0].equals(counter) && r[1].equals(mode) && ((Number) r[2]).intValue() == threads)
                .mapToDouble(r -> ((Number) r[col]).doubleValue() * scale).filter(v -> !Double.isNaN(v)).toArray();
    }

    private void measure(CounterKind kind, int n, boolean shared, Duration perPoint, DataTable t, int rep) {
        Counter sharedCounter = kind.create();
        sharedCounter.reset();
        Counter[] counters = new Counter[n];
        if (shared) java.util.Arrays.fill(counters, sharedCounter);
        AtomicLongArray ops = new AtomicLongArray(n);
        AtomicLongArray cpu = new AtomicLongArray(n);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] elapsed = new long[1];
        try (Crew crew = Crew.platform("throughput")) {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(n);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            long[] stopAt = new long[1];
            for (int i = 0; i < n; i++) {
                int id = i;
                crew.start(() -> {
                    if (!shared) {
                        // made by its own thread, in that thread's allocation buffer: far from the others' counters.
                        // Counters made one after the other would share a cache line ("false sharing"), and every
                        // write would still bounce that line between the cores: a fight after all.
                        counters[id] = kind.create();
                        counters[id].reset();
                    }
                    Counter c = counters[id];
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long local = 0;
                    long end = stopAt[0];
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    while (true) {
                        for (int j = 0; j < 256; j++) c.add(1);
                        local += 256;
                        if (System.nanoTime() - end > 0 || crew.stopping()) break;
                    }
                    ops.set(id, local);
                    cpu.set(id, cpu0 < 0 ? -1 : mx.getCurrentThreadCpuTime() - cpu0);
                });
            }
            Budget.step(() -> ready.await());
            long t0 = System.nanoTime();
            stopAt[0] = t0 + perPoint.toNanos();
            go.countDown(); // the latch publishes stopAt
            if (!crew.joinAll(perPoint.plusSeconds(30))) throw new IllegalStateException("throughput workers did not stop");
            elapsed[0] = System.nanoTime() - t0;
        }
        long total = 0;
        for (int i = 0; i < n; i++) total += ops.get(i);
        long fin = 0;
        if (shared) fin = sharedCounter.get();
        else for (Counter c : counters) fin += c.get();
        // how much of a core each thread got: near 1, the threads really ran at the same time; far below, they
        // queued for the cores (more threads than cores, or other programs)
        long cpuSum = 0;
        for (int i = 0; i < n; i++) cpuSum += cpu.get(i);
        double cpuShare = cpuSum < 0 ? Double.NaN : Math.min(1, cpuSum / ((double) n * elapsed[0]));
        t.add(kind.label(), shared ? "contended" : "uncontended", n, total / (elapsed[0] / 1e9), fin, total, cpuShare, rep);
    }

    static dev.racelab.chart.Chart chart(DataTable t) {
        // one point per (counter, mode, threads): the median of its repeats, with its 95 % interval as a band
        Map<String, Map<Integer, List<Double>>> lines = new LinkedHashMap<>();
        for (Object[] row : t.rows()) {
            String name = row[0] + (row[1].equals("uncontended") ? " (own counter)" : "");
            lines.computeIfAbsent(name, x -> new java.util.TreeMap<>())
                    .computeIfAbsent(((Number) row[2]).intValue(), x -> new ArrayList<>()).add(((Number) row[3]).doubleValue() / 1e6);
        }
        List<Series> series = new ArrayList<>();
        List<double[][]> bands = new ArrayList<>();
        boolean repeated = false;
        for (var e : lines.entrySet()) {
            int k = e.getValue().size(), i = 0;
            double[] x = new double[k], y = new double[k], lo = new double[k], hi = new double[k];
            for (var pt : e.getValue().entrySet()) {
                double[] v = pt.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                if (v.length > 1) repeated = true;
                Interval m = Interval.median(v);
                x[i] = pt.getKey();
                y[i] = m.estimate();
                lo[i] = m.low();
                hi[i] = m.high();
                i++;
            }
            series.add(new Series(e.getKey(), x, y));
            bands.add(new double[][] {lo, hi});
        }
        dev.racelab.chart.Chart c = repeated
                ? Charts.linesWithBands("Increments per second (all threads together; median, 95 % band)", "threads",
                        "million increments per second", series, bands, false)
                : Charts.lines("Increments per second (all threads together)", "threads",
                        "million increments per second", series, false, false);
        var plot = c.jfree().getXYPlot();
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis())
                .setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits()); // thread counts
        // one colour per counter kind; its "own counter" line is the same colour, dashed
        var r = plot.getRenderer();
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            String name = series.get(i).name();
            boolean own = name.endsWith(" (own counter)");
            String kind = own ? name.substring(0, name.length() - " (own counter)".length()) : name;
            if (!kinds.contains(kind)) kinds.add(kind);
            r.setSeriesPaint(i, Charts.PALETTE[kinds.indexOf(kind) % Charts.PALETTE.length]);
            if (r instanceof org.jfree.chart.renderer.xy.DeviationRenderer d) {
                d.setSeriesFillPaint(i, Charts.PALETTE[kinds.indexOf(kind) % Charts.PALETTE.length]);
            }
            if (own) {
                r.setSeriesStroke(i, new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                        10f, new float[] {8f, 5f}, 0f));
            }
        }
        return c;
    }
}
