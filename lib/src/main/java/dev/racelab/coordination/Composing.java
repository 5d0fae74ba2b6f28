package dev.racelab.coordination;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Composing work: a {@code CompletableFuture} pipeline (fetch, then parse, then combine) against the same steps one
 * after the other, and what happens to the other fetches when one fails; and a Fork/Join divide-and-conquer sum whose
 * speedup over one worker is measured with intervals, with the pool's steal counts.
 * {@code Composing.pipeline().run()}, {@code Composing.forkJoin().workers(1, 2).run()}
 */
public final class Composing {
    private Composing() {}

    static ExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "racelab-" + name + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** Ends a pool's threads: interrupts its tasks and waits; fails naming the pool if a thread will not end. */
    static void end(ExecutorService ex, String name) {
        ex.shutdownNow();
        boolean ended = false;
        try {
            ended = ex.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ended && !Thread.currentThread().isInterrupted()) throw new IllegalStateException(name + "'s threads did not end");
    }

    /** The future's value; its failure as a {@link CompletionException}; an interrupt ends the experiment. */
    static <T> T await(CompletableFuture<T> f) {
        return Budget.call(() -> {
            try {
                return f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new CompletionException(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a future did not complete within 30 s", e);
            }
        });
    }

    // --- CompletableFuture ----------------------------------------------------------------------------------------

    /** {@code Composing.pipeline().requests(8).run()} */
    public static Pipeline pipeline() {
        return new Pipeline();
    }

    /** Each request: fetch (waits {@code fetchMs}, like I/O), parse (0.5 ms of CPU); then all are combined. */
    public static final class Pipeline {
        private int requests = 8, fetchMs = 20, repeats = Profile.quickOrFull(7, 15);

        public Pipeline requests(int n) {
            this.requests = Require.inRange("requests", n, 1, 256);
            return this;
        }

        public Pipeline fetchMillis(int ms) {
            this.fetchMs = Require.inRange("fetch time (ms)", ms, 1, 2_000);
            return this;
        }

        public Pipeline repeats(int n) {
            this.repeats = Require.inRange("repeats", n, 2, 100);
            return this;
        }

        long fetch(int i) {
            Budget.sleep(Duration.ofMillis(fetchMs));
            return i;
        }

        static long parse(long v) {
            Synchronizers.spin(500_000);
            return v * v;
        }

        public Result run() {
            DataTable t = new DataTable("way", "repeat", "ms", "result");
            ExecutorService io = pool("fetch", requests);
            long expected = 0;
            for (int i = 0; i < requests; i++) expected += (long) i * i;
            int siblingsDone = -1;
            double failMs = Double.NaN;
            boolean failedAsExpected = false;
            try {
                for (int rep = 1; rep <= repeats; rep++) {
                    Budget.checkInterrupt();
                    long t0 = System.nanoTime(), sum = 0;
                    for (int i = 0; i < requests; i++) sum += parse(fetch(i));
                    t.add("one after the other", rep, (System.nanoTime() - t0) / 1e6, sum);
                    t0 = System.nanoTime();
                    List<CompletableFuture<Long>> fs = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        int id = i;
                        fs.add(CompletableFuture.supplyAsync(() -> fetch(id), io).thenApplyAsync(Pipeline::parse, io));
                    }
                    long total = await(CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new))
                            .thenApply(v -> fs.stream().mapToLong(CompletableFuture::join).sum()));
                    t.add("CompletableFuture", rep, (System.nanoTime() - t0) / 1e6, total);
                }
                // one fetch fails at once: the combined future fails, but nothing cancels the other fetches
                AtomicInteger finished = new AtomicInteger();
                long t0 = System.nanoTime();
                List<CompletableFuture<Long>> fs = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    int id = i;
                    fs.add(CompletableFuture.supplyAsync(() -> {
                        if (id == 0) throw new IllegalStateException("fetch 0 failed");
                        long v = fetch(id);
                        finished.incrementAndGet();
                        return v;
                    }, io));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new));
                try {
                    await(all);
                } catch (CompletionException e) {
                    failedAsExpected = e.getCause() instanceof IllegalStateException;
                }
                failMs = (System.nanoTime() - t0) / 1e6;
                siblingsDone = finished.get();
            } finally {
                end(io, "the pipeline's pool");
            }
            double[] seq = ms(t, "one after the other"), cf = ms(t, "CompletableFuture");
            long wrong = t.rows().stream().filter(r -> ((Number) r[3]).longValue() != expectedSum(requests)).count();
            return Result.builder("pipeline", "A CompletableFuture pipeline against the same steps in a row").samples(t)
                    .param("requests", requests).param("fetch_ms", fetchMs).param("repeats", repeats)
                    .figure("sequential_ms", Interval.median(seq), "ms").figure("composed_ms", Interval.median(cf), "ms")
                    .figure("speedup", Interval.ratio(Interval.median(seq), Interval.median(cf)), "×")
                    .figure("wrong_results", wrong, "runs")
                    .figure("failure_surfaced", failedAsExpected ? 1 : 0, "").figure("failure_ms", failMs, "ms")
                    .figure("siblings_finished_after_failure", siblingsDone, "fetches")
                    .note(requests + " requests: fetch " + fetchMs + " ms (sleep, like I/O), parse 0.5 ms of CPU; "
                            + repeats + " repeats each way, on a pool of " + requests + " threads.")
                    .explainer(ComposingExplain::pipeline)
                    .chart(r -> Charts.intervalDots("Time for all requests (median, 95 % interval)", "ms",
                            List.of("one after the other", "CompletableFuture"),
                            new double[] {r.value("sequential_ms"), r.value("composed_ms")},
                            new double[] {r.interval("sequential_ms").low(), r.interval("composed_ms").low()},
                            new double[] {r.interval("sequential_ms").high(), r.interval("composed_ms").high()}))
                    .build();
        }

        static long expectedSum(int n) {
            long s = 0;
            for (int i = 0; i < n; i++) s += (long) i * i;
            return s;
        }
    }

    static double[] ms(DataTable t, String way) {
        return t.rows().stream().filter(r -> r[0].equals(way)).mapToDouble(r -> ((Number) r[2]).doubleValue()).toArray();
    }

    // --- Fork/Join --------------------------------------------------------------------------------------------------

    /** {@code Composing.forkJoin().workers(1, 2).run()} */
    public static ForkJoin forkJoin() {
        return new ForkJoin();
    }

    /** A sum over {@code size} elements (a few ns of arithmetic each), split in halves down to 10,000 elements. */
    public static final class ForkJoin {
        private int[] workers = {1, 2};
        private int size = 32_000_000, repeats = Profile.quickOrFull(7, 15);
        static final int LEAF = 10_000;

        public ForkJoin workers(int... w) {
            if (w.length == 0) throw new IllegalArgumentException("name at least one worker count");
            for (int x : w) Require.inRange("workers", x, 1, 64);
            this.workers = w.clone();
            return this;
        }

        public ForkJoin size(int n) {
            this.size = Require.inRange("elements", n, LEAF, 500_000_000);
            return this;
        }

        public ForkJoin repeats(int n) {
            this.repeats = Require.inRange("repeats", n, 2, 100);
            return this;
        }

        static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            x *= 0xc4ceb9fe1a85ec53L;
            return x ^ (x >>> 33);
        }

        static final class Sum extends RecursiveTask<Long> {
            final int from, to;

            Sum(int from, int to) {
                this.from = from;
                this.to = to;
            }

            @Override
            protected Long compute() {
                if (to - from <= LEAF) {
                    long s = 0;
                    for (int i = from; i < to; i++) s += mix(i);
                    return s;
                }
                int mid = (from + to) >>> 1;
                Sum left = new Sum(from, mid);
                left.fork(); // left goes to this worker's deque, where an idle worker may steal it
                long right = new Sum(mid, to).compute();
                return right + left.join();
            }
        }

        /** Milliseconds, steals, and the sum, for one run on a fresh pool of {@code w} workers. */
        static double[] once(int w, int size) {
            ForkJoinPool pool = new ForkJoinPool(w, p -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setName("racelab-forkjoin-" + t.getPoolIndex());
                return t;
            }, null, false);
            try {
                long t0 = System.nanoTime();
                long sum = pool.invoke(new Sum(0, size));
                double ms = (System.nanoTime() - t0) / 1e6;
                return new double[] {ms, pool.getStealCount(), sum};
            } finally {
                end(pool, "the Fork/Join pool");
            }
        }

        public Result run() {
            DataTable t = new DataTable("workers", "repeat", "ms", "steals", "sum");
            for (int i = 0; i < 3; i++) once(1, size / 4); // untimed warm-up: the JIT compiles compute() first
            for (int rep = 1; rep <= repeats; rep++) {
                for (int w : workers) { // interleaved
                    Budget.checkInterrupt();
                    double[] o = once(w, size);
                    t.add(w, rep, o[0], (long) o[1], (long) o[2]);
                }
            }
            Result.Builder b = Result.builder("fork-join", "Fork/Join: a divide-and-conquer sum by workers").samples(t)
                    .param("workers", String.join(",", Arrays.stream(workers).mapToObj(String::valueOf).toList()))
                    .param("size", size).param("repeats", repeats).param("leaf", LEAF)
                    .param("cores", Runtime.getRuntime().availableProcessors());
            long sums = t.rows().stream().mapToLong(r -> ((Number) r[4]).longValue()).distinct().count();
            b.figure("distinct_sums", sums, "");
            java.util.Map<Integer, Interval> medians = new java.util.HashMap<>();
            List<Series> s = new ArrayList<>();
            double[] x = new double[workers.length], y = new double[workers.length], lo = new double[workers.length], hi = new double[workers.length];
            for (int i = 0; i < workers.length; i++) {
                int w = workers[i];
                double[] ms = t.rows().stream().filter(r -> ((Number) r[0]).intValue() == w).mapToDouble(r -> ((Number) r[2]).doubleValue()).toArray();
                double[] st = t.rows().stream().filter(r -> ((Number) r[0]).intValue() == w).mapToDouble(r -> ((Number) r[3]).doubleValue()).toArray();
                Interval m = Interval.median(ms);
                medians.put(w, m);
                b.figure("w" + w + "_ms", m, "ms").figure("w" + w + "_steals", Interval.median(st), "steals");
                x[i] = w;
                y[i] = m.estimate();
                lo[i] = m.low();
                hi[i] = m.high();
            }
            Interval one = medians.get(workers[0]);
            for (int w : workers) {
                if (w == workers[0]) continue;
                b.figure("w" + w + "_speedup", Interval.ratio(one, medians.get(w)), "×");
            }
            s.add(new Series("median time", x, y));
            return b.note("Each run on a fresh pool; " + repeats + " interleaved repeats per worker count; the sum is split "
                            + "in halves down to " + LEAF + " elements; the steal count is the pool's own.")
                    .explainer(ComposingExplain::forkJoin)
                    .chart(r -> Charts.integerX(Charts.linesWithBands("Fork/Join sum: time by workers (median, 95 % band)",
                            "workers", "ms", s, List.<double[][]>of(new double[][] {lo, hi}), false)))
                    .build();
        }
    }
}
