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
        this.perPoint = Duration.ofMillis(Profile.current().pick(150, 1_000));
    }

    public static Throughput of(CounterKind... kinds) {
        if (kinds.length == 0) throw new IllegalArgumentException("name at least one counter kind");
        return new Throughput(List.of(kinds));
    }

    public Throughput threads(int... t) {
        if (t.length == 0) throw new IllegalArgumentException("name at least one thread count");
        for (int n : t) Require.inRange("threads", n, 1, 256);
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

    /**
     * Measures every point this many times (1..20), the kinds interleaved within each repeat so that a busy moment
     * hits all of them; figures become the median with its interval (for few repeats: their whole range).
     */
    public Throughput repeats(int n) {
        this.repeats = Require.inRange("repeats", n, 1, 20);
        return this;
    }

    public Throughput millisPerPoint(int ms) {
        this.perPoint = Duration.ofMillis(Require.inRange("milliseconds per point", ms, 10, 60_000));
        return this;
    }

    public Result run() {
        DataTable t = new DataTable("counter", "mode", "threads", "ops_per_s", "final", "expected", "cpu_share", "repeat");
        List<String> modes = uncontendedToo ? List.of("contended", "uncontended") : List.of("contended");
        int points = kinds.size() * modes.size() * threads.length * repeats;
        try (Progress progress = Progress.start("throughput points", points)) {
            int done = 0;
            if (repeats > 1) {
                // untimed, every kind before any timed point: the JIT compiles each kind's increment first
                for (CounterKind k : kinds) measure(k, 1, true, perPoint.dividedBy(2), new DataTable(t.columns().toArray(String[]::new)), 0);
            }
            for (int rep = 0; rep < repeats; rep++) {
                for (CounterKind k : kinds) {
                    if (repeats == 1) {
                        // untimed: the JIT compiles this kind's increment first, or the first point measures the interpreter
                        measure(k, 1, true, perPoint.dividedBy(2), new DataTable(t.columns().toArray(String[]::new)), 0);
                    }
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
                .samples(t);
        if (repeats == 1) {
            for (Object[] row : t.rows()) {
                if (row[1].equals("contended")) {
                    b.figure(key((String) row[0]) + "_" + row[2] + "t_mops", ((Number) row[3]).doubleValue() / 1e6, "M ops/s");
                }
            }
        } else {
            for (CounterKind k : kinds) {
                for (int n : threads) {
                    b.figure(key(k.label()) + "_" + n + "t_mops", Interval.median(rates(t, k.label(), "contended", n)).scaled(1e-6),
                            "M ops/s (median of " + repeats + " repeats)");
                }
            }
            b.param("repeats", repeats).param("cores", Runtime.getRuntime().availableProcessors())
                    .param("kinds", String.join(",", kinds.stream().map(CounterKind::name).toList()))
                    .param("thread_counts", String.join(",", java.util.Arrays.stream(threads).mapToObj(String::valueOf).toList()))
                    .explainer(ThroughputExplain::explain);
        }
        double minShare = 1;
        for (Object[] row : t.rows()) {
            if (((Number) row[2]).intValue() > 1 && ((Number) row[2]).intValue() <= Runtime.getRuntime().availableProcessors()) {
                minShare = Math.min(minShare, ((Number) row[6]).doubleValue());
            }
        }
        b.param("load_average_1m", loadAverage());
        b.figure("min_cpu_share_up_to_cores", minShare, "of a core per thread");
        b.note("Each thread calls add(1) in a loop for " + perPoint.toMillis() + " ms per point, after an untimed "
                + perPoint.toMillis() / 2 + " ms warm-up per counter kind; "
                + Runtime.getRuntime().availableProcessors() + " cores. Past the core count, threads take turns."
                + (repeats > 1 ? " Every point " + repeats + " times, the kinds interleaved; the lines are medians, the "
                        + "bands their 95 % interval (for so few repeats: the whole range)." : ""));
        return b.chart(r -> repeats > 1 ? bandChart(t) : chart(t)).build();
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

    /** The rates (ops/s) of one point over its repeats. */
    static double[] rates(DataTable t, String label, String mode, int n) {
        return t.rows().stream().filter(r -> r[0].equals(label) && r[1].equals(mode) && ((Number) r[2]).intValue() == n)
                .mapToDouble(r -> ((Number) r[3]).doubleValue()).toArray();
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
            try {
                ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Budget.Cancelled();
            }
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

    /** Medians over the repeats, with their intervals as bands: contended points only. */
    static dev.racelab.chart.Chart bandChart(DataTable t) {
        List<String> labels = new ArrayList<>(new java.util.LinkedHashSet<>(t.strings("counter")));
        List<Series> series = new ArrayList<>();
        List<double[][]> bands = new ArrayList<>();
        for (String label : labels) {
            int[] ns = t.rows().stream().filter(r -> r[0].equals(label) && r[1].equals("contended"))
                    .mapToInt(r -> ((Number) r[2]).intValue()).distinct().sorted().toArray();
            double[] x = new double[ns.length], y = new double[ns.length], lo = new double[ns.length], hi = new double[ns.length];
            for (int i = 0; i < ns.length; i++) {
                Interval iv = Interval.median(rates(t, label, "contended", ns[i])).scaled(1e-6);
                x[i] = ns[i];
                y[i] = iv.estimate();
                lo[i] = iv.low();
                hi[i] = iv.high();
            }
            series.add(new Series(label, x, y));
            bands.add(new double[][] {lo, hi});
        }
        dev.racelab.chart.Chart c = Charts.linesWithBands("Increments per second (all threads together; median and range of repeats)",
                "threads", "million increments per second", series, bands, false);
        ((org.jfree.chart.axis.NumberAxis) c.jfree().getXYPlot().getDomainAxis())
                .setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        return c;
    }

    static dev.racelab.chart.Chart chart(DataTable t) {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (Object[] row : t.rows()) {
            String name = row[0] + (row[1].equals("uncontended") ? " (own counter)" : "");
            lines.computeIfAbsent(name, x -> new ArrayList<>()).add(new double[] {((Number) row[2]).doubleValue(), ((Number) row[3]).doubleValue() / 1e6});
        }
        List<Series> series = new ArrayList<>();
        lines.forEach((name, pts) -> {
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
            series.add(new Series(name, x, y));
        });
        dev.racelab.chart.Chart c = Charts.lines("Increments per second (all threads together)", "threads",
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
            if (own) {
                r.setSeriesStroke(i, new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                        10f, new float[] {8f, 5f}, 0f));
            }
        }
        return c;
    }
}
