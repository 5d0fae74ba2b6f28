package dev.racelab.locks;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
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

    /** Also measure each thread on a counter of its own: the cost of the lock without a fight for it. */
    public Throughput withUncontended() {
        this.uncontendedToo = true;
        return this;
    }

    public Throughput millisPerPoint(int ms) {
        this.perPoint = Duration.ofMillis(Require.inRange("milliseconds per point", ms, 10, 60_000));
        return this;
    }

    public Result run() {
        DataTable t = new DataTable("counter", "mode", "threads", "ops_per_s", "final", "expected");
        List<String> modes = uncontendedToo ? List.of("contended", "uncontended") : List.of("contended");
        int points = kinds.size() * modes.size() * threads.length;
        try (Progress progress = Progress.start("throughput points", points)) {
            int done = 0;
            for (CounterKind k : kinds) {
                for (String mode : modes) {
                    for (int n : threads) {
                        if (mode.equals("uncontended") && n == 1) continue; // same as contended with one thread
                        measure(k, n, mode.equals("contended"), t);
                        progress.set(++done);
                    }
                }
            }
        }
        Result.Builder b = Result.builder("throughput", "Increments per second, by counter and threads")
                .param("counters", kinds.stream().map(CounterKind::label).toList().toString())
                .param("threads", java.util.Arrays.toString(threads)).param("ms_per_point", perPoint.toMillis())
                .samples(t);
        for (Object[] row : t.rows()) {
            if (row[1].equals("contended")) {
                b.figure(key((String) row[0]) + "_" + row[2] + "t_mops", ((Number) row[3]).doubleValue() / 1e6, "M ops/s");
            }
        }
        b.note("Each thread calls add(1) in a loop for " + perPoint.toMillis() + " ms per point; "
                + Runtime.getRuntime().availableProcessors() + " cores. Past the core count, threads take turns.");
        return b.chart(r -> chart(t)).build();
    }

    static String key(String label) {
        return label.toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("_$", "");
    }

    private void measure(CounterKind kind, int n, boolean shared, DataTable t) {
        Counter sharedCounter = kind.create();
        sharedCounter.reset();
        Counter[] counters = new Counter[n];
        for (int i = 0; i < n; i++) {
            counters[i] = shared ? sharedCounter : kind.create();
            if (!shared) counters[i].reset();
        }
        AtomicLongArray ops = new AtomicLongArray(n);
        long[] elapsed = new long[1];
        try (Crew crew = Crew.platform("throughput")) {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(n);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            long[] stopAt = new long[1];
            for (int i = 0; i < n; i++) {
                int id = i;
                crew.start(() -> {
                    Counter c = counters[id];
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long local = 0;
                    long end = stopAt[0];
                    while (true) {
                        for (int j = 0; j < 256; j++) c.add(1);
                        local += 256;
                        if (System.nanoTime() - end > 0 || crew.stopping()) break;
                    }
                    ops.set(id, local);
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
        t.add(kind.label(), shared ? "contended" : "uncontended", n, total / (elapsed[0] / 1e9), fin, total);
    }

    static dev.racelab.chart.Chart chart(DataTable t) {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (Object[] row : t.rows()) {
            String name = row[0] + (row[1].equals("uncontended") ? " (own counter)" : "");
            lines.computeIfAbsent(name, x -> new ArrayList<>()).add(new double[] {((Number) row[2]).doubleValue(), ((Number) row[3]).doubleValue()});
        }
        List<Series> series = new ArrayList<>();
        lines.forEach((name, pts) -> {
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
            series.add(new Series(name, x, y));
        });
        return Charts.lines("Increments per second (all threads together)", "threads", "increments per second (log scale)",
                series, false, true);
    }
}
