package dev.racelab.processes;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a pool costs before it does any work (start-up per worker) and on every task (a round trip through the
 * pool with a task that does nothing), for a pool of worker processes and a pool of threads; then the start-up
 * spread over batches of 1 to 10,000 tasks, measured.
 * {@code PoolStartup.of().run()}
 */
public final class PoolStartup {
    private int workers = 2;
    private int roundTrips;
    private int[] batches;

    private PoolStartup() {
        roundTrips = Profile.quickOrFull(2_000, 20_000);
        batches = Profile.quickOrFull(new int[] {1, 10, 100, 1_000, 10_000}, new int[] {1, 10, 100, 1_000, 10_000, 100_000});
    }

    public static PoolStartup of() {
        return new PoolStartup();
    }

    public PoolStartup workers(int n) {
        this.workers = Require.inRange("workers", n, 1, ProcessPool.MAX_WORKERS);
        return this;
    }

    /** A range {@code roundTrips} checks; its terminal option's help names the same constant. */
    public static final String ROUND_TRIPS_RANGE = "100..1000000";

    /** How many empty tasks measure the per-task cost ({@value #ROUND_TRIPS_RANGE}). */
    public PoolStartup roundTrips(int n) {
        this.roundTrips = Require.inRange("round trips", n, ROUND_TRIPS_RANGE);
        return this;
    }

    /** Batch sizes for the amortisation curve (each 1..1,000,000). */
    public PoolStartup batches(int... sizes) {
        if (sizes.length == 0) throw new IllegalArgumentException("batches must name at least one batch size");
        for (int s : sizes) Require.inRange("batch size", s, 1, 1_000_000);
        this.batches = sizes.clone();
        return this;
    }

    public StartupResult run() {
        Result.Builder b = Result.builder("pool-startup", "Start-up and per-task cost: " + workers
                        + " worker processes versus " + workers + " threads")
                .param("workers", workers).param("round_trips", roundTrips).param("batches", java.util.Arrays.toString(batches));
        DataTable t = new DataTable("pool", "measure", "n", "value_us");
        int steps = 2 * (1 + roundTrips + batches.length);
        try (Progress progress = Progress.start("pool start-up and overhead", steps)) {
            int[] done = {0};
            // worker processes
            long t0 = System.nanoTime();
            try (ProcessPool pool = ProcessPool.start(workers)) {
                double startUs = (System.nanoTime() - t0) / 1e3;
                t.add("processes", "start-up (all workers)", workers, startUs);
                for (double ms : pool.readyMillis()) t.add("processes", "one worker ready", 1, ms * 1000);
                progress.set(++done[0]);
                pool.run(ProcessPool.tasks("cpu", 200_000, workers * 4)); // warm the workers' code paths
                List<ProcessPool.Task> warm = new ArrayList<>(1);
                for (int i = 0; i < 1_000; i++) { // and the protocol's, one task at a time as below
                    warm.clear();
                    warm.add(new ProcessPool.Task(i, "echo", i));
                    pool.run(warm);
                }
                // round trips: one empty task at a time through one worker
                List<ProcessPool.Task> one = new ArrayList<>(1);
                for (int i = 0; i < roundTrips; i++) {
                    Budget.checkInterrupt();
                    one.clear();
                    one.add(new ProcessPool.Task(i, "echo", i));
                    long s = System.nanoTime();
                    pool.run(one);
                    t.add("processes", "round trip", 1, (System.nanoTime() - s) / 1e3);
                    if (i % 64 == 0) progress.set(done[0] + i);
                }
                done[0] += roundTrips;
                for (int n : batches) {
                    long s = System.nanoTime();
                    pool.run(ProcessPool.tasks("echo", 1, n));
                    t.add("processes", "batch", n, (System.nanoTime() - s) / 1e3);
                    progress.set(++done[0]);
                }
            }
            // threads
            t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(workers,
                    Thread.ofPlatform().name("racelab-tpool-", 0).daemon(true).factory())) {
                List<Future<Long>> started = new ArrayList<>();
                for (int i = 0; i < workers; i++) started.add(pool.submit(() -> 0L)); // a fixed pool starts a thread per task until full
                for (Future<Long> f : started) get(f);
                t.add("threads", "start-up (all workers)", workers, (System.nanoTime() - t0) / 1e3);
                progress.set(++done[0]);
                for (int i = 0; i < 2_000; i++) get(pool.submit(() -> Workload.run("echo", 1))); // JIT warm-up
                for (int i = 0; i < roundTrips; i++) {
                    Budget.checkInterrupt();
                    long v = i;
                    long s = System.nanoTime();
                    get(pool.submit(() -> Workload.run("echo", v)));
                    t.add("threads", "round trip", 1, (System.nanoTime() - s) / 1e3);
                    if (i % 64 == 0) progress.set(done[0] + i);
                }
                done[0] += roundTrips;
                for (int n : batches) {
                    long s = System.nanoTime();
                    List<Future<Long>> fs = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) fs.add(pool.submit(() -> Workload.run("echo", 1)));
                    for (Future<Long> f : fs) get(f);
                    t.add("threads", "batch", n, (System.nanoTime() - s) / 1e3);
                    progress.set(++done[0]);
                }
            }
        }
        b.samples(t);
        double pStart = first(t, "processes", "start-up (all workers)");
        double tStart = first(t, "threads", "start-up (all workers)");
        double pTrip = median(t, "processes", "round trip");
        double tTrip = median(t, "threads", "round trip");
        b.figure("process_startup_ms", pStart / 1000, "ms (" + workers + " workers, launched together)");
        b.figure("process_startup_per_worker_ms", pStart / 1000 / workers, "ms");
        b.figure("process_ready_median_ms", dev.racelab.core.Interval.median(t.where("pool", "processes").where("measure", "one worker ready").doubles("value_us")).scaled(1e-3), "ms (launch to READY, one worker)");
        b.figure("thread_startup_ms", tStart / 1000, "ms (" + workers + " threads)");
        b.figure("thread_startup_per_worker_ms", tStart / 1000 / workers, "ms");
        b.figure("process_task_overhead_us", dev.racelab.core.Interval.median(t.where("pool", "processes").where("measure", "round trip").doubles("value_us")), "µs (median round trip of an empty task)");
        b.figure("thread_task_overhead_us", dev.racelab.core.Interval.median(t.where("pool", "threads").where("measure", "round trip").doubles("value_us")), "µs (median round trip of an empty task)");
        b.figure("startup_ratio", pStart / tStart, "× (processes / threads)");
        b.figure("task_overhead_ratio", pTrip / tTrip, "× (processes / threads)");
        // start-up expressed in the pool's own currency: how many empty tasks it could have run meanwhile
        b.figure("process_startup_in_round_trips", pStart / pTrip, "round trips");
        b.figure("thread_startup_in_round_trips", tStart / tTrip, "round trips");
        // the cross-over read off the largest batch: how many tasks at that batch's cost per task the start-up is worth
        DataTable pb = t.where("pool", "processes").where("measure", "batch");
        double n = Double.NaN, us = Double.NaN;
        for (int i = 0; i < pb.size(); i++) {
            double ni = ((Number) pb.get(i, "n")).doubleValue();
            if (!(ni <= n)) {
                n = ni;
                us = ((Number) pb.get(i, "value_us")).doubleValue();
            }
        }
        b.figure("process_largest_batch_tasks", n, "empty tasks");
        b.figure("process_largest_batch_ms", us / 1000, "ms (the batch alone, start-up not included)");
        b.figure("process_crossover_tasks", pStart / (us / n), "empty tasks that cost as much as the start-up, at the largest batch's cost per task");
        b.explainer(PoolExplain::startup);
        b.note("A round trip sends one task that does nothing and waits for its answer: the pool's own cost per task. "
                + "Batch points include the start-up: (start-up + batch time) / tasks.");
        b.chart(r -> ((StartupResult) r).amortisationChart());
        return new StartupResult(b);
    }

    private static long get(Future<Long> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static double first(DataTable t, String pool, String measure) {
        return t.where("pool", pool).where("measure", measure).doubles("value_us")[0];
    }

    static double median(DataTable t, String pool, String measure) {
        return Stats.of(t.where("pool", pool).where("measure", measure).doubles("value_us")).median();
    }

    /** The start-up measurement with its amortisation chart. */
    public static final class StartupResult extends Result {
        StartupResult(Result.Builder b) {
            super(b);
        }

        /** Cost per task, start-up included, against the number of tasks run on the fresh pool (log-log). */
        public Chart amortisationChart() {
            List<Series> series = new ArrayList<>();
            for (String pool : List.of("processes", "threads")) {
                double start = first(samples(), pool, "start-up (all workers)");
                DataTable rows = samples().where("pool", pool).where("measure", "batch");
                double[] n = rows.doubles("n");
                double[] batch = rows.doubles("value_us");
                double[] perTask = new double[n.length];
                for (int i = 0; i < n.length; i++) perTask[i] = (start + batch[i]) / n[i];
                series.add(new Series("pool of " + pool, n, perTask));
            }
            return Charts.lines(String.format(Locale.ROOT, "Start-up spread over the tasks (%s workers)", params().get("workers")),
                    "tasks run on a fresh pool", "cost per task, start-up included (µs)", series, true, true);
        }
    }
}
