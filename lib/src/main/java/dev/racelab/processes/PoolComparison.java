package dev.racelab.processes;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The same batch of tasks on three pools with 1, 2, 4 … workers: worker processes ({@link ProcessPool}), platform
 * threads and virtual threads (fixed pools of each). CPU-bound tasks compute; I/O-bound tasks block (a stand-in for
 * a database call). Reports wall time and speedup over one worker of the same pool.
 * {@code PoolComparison.cpu().run()}, {@code PoolComparison.io().workers(1, 2, 4, 8).run()}
 */
public final class PoolComparison {
    public static final List<String> POOLS = List.of("processes", "platform threads", "virtual threads");

    private final String kind;
    private int[] workers;
    private int tasks;
    private double taskMillis;
    private int repeats;
    private Duration time;

    private PoolComparison(String kind, int tasks, double taskMillis) {
        this.kind = kind;
        this.tasks = tasks;
        this.taskMillis = taskMillis;
        this.workers = Profile.quickOrFull(new int[] {1, 2, 4}, new int[] {1, 2, 3, 4, 8, 16});
        this.repeats = Profile.quickOrFull(3, 7);
        this.time = Duration.ofSeconds(Profile.quickOrFull(7, 120));
    }

    /** CPU-bound tasks (about 10 ms of computing each). */
    public static PoolComparison cpu() {
        return new PoolComparison("cpu", Profile.quickOrFull(8, 48), 10);
    }

    /** I/O-bound tasks (each blocks about 10 ms without using the CPU). */
    public static PoolComparison io() {
        return new PoolComparison("sleep", Profile.quickOrFull(16, 96), 10);
    }

    /** Worker counts to try, each 1..64 (the first should be 1: speedups are relative to it). */
    public PoolComparison workers(int... n) {
        if (n.length == 0) throw new IllegalArgumentException("workers must name at least one worker count");
        for (int w : n) Require.inRange("workers", w, 1, ProcessPool.MAX_WORKERS);
        this.workers = n.clone();
        return this;
    }

    /** A range {@code tasks} checks; its terminal option's help names the same constant. */
    public static final String TASKS_RANGE = "1..100000";

    public PoolComparison tasks(int n) {
        this.tasks = Require.inRange("tasks", n, TASKS_RANGE);
        return this;
    }

    /** A range {@code taskMillis} checks; its terminal option's help names the same constant. */
    public static final String TASK_MILLIS_RANGE = "0.01..1000";

    /** Work per task in milliseconds ({@value #TASK_MILLIS_RANGE}). */
    public PoolComparison taskMillis(double ms) {
        this.taskMillis = Require.inRange("task length (ms)", ms, TASK_MILLIS_RANGE);
        return this;
    }

    /** A range {@code repeats} checks; its terminal option's help names the same constant. */
    public static final String REPEATS_RANGE = "2..100";

    /** Timed batches per point ({@value #REPEATS_RANGE}): the median is kept, with its interval. */
    public PoolComparison repeats(int n) {
        this.repeats = Require.inRange("repeats", n, REPEATS_RANGE);
        return this;
    }

    public PoolComparison seconds(double s) {
        Budget.requireSeconds(s);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    private String workload() {
        return kind.equals("cpu") ? "CPU-bound" : "I/O-bound";
    }

    public ComparisonResult run() {
        long arg = kind.equals("cpu") ? Workload.roundsFor(taskMillis) : Math.max(1, Math.round(taskMillis));
        int cores = Runtime.getRuntime().availableProcessors();
        Result.Builder b = Result.builder("pool-" + (kind.equals("cpu") ? "cpu" : "io"), String.format(Locale.ROOT,
                        "%s: %d tasks of ~%.0f ms on pools of 1 to %d workers (%d cores)", workload(), tasks, taskMillis,
                        Arrays.stream(workers).max().orElse(1), cores))
                .param("workload", workload()).param("tasks", tasks).param("task_ms", taskMillis)
                .param("task_arg", arg).param("workers", Arrays.toString(workers)).param("repeats", repeats)
                .param("time_budget_s", time.toMillis() / 1000.0);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        b.figure("load_average", load, "runnable threads on the machine (1-minute average, before the run; -1: unknown)");
        DataTable t = new DataTable("pool", "workers", "repeat", "wall_ms", "startup_ms");
        List<ProcessPool.Task> batch = ProcessPool.tasks(kind, arg, tasks);
        long warmRounds = Workload.roundsFor(5);
        Budget.Meter meter = Budget.of(workers.length * POOLS.size(), time).start();
        try (Progress progress = Progress.start(workload() + " pools", (long) workers.length * POOLS.size())) {
            outer:
            for (int n : order(workers, cores)) {
                for (String pool : POOLS) {
                    if (!meter.more()) break outer;
                    long s0 = System.nanoTime();
                    try (Runner r = open(pool, n)) {
                        double startup = (System.nanoTime() - s0) / 1e6;
                        // JIT and first-use costs, not timed: ~50 ms of the task's code per worker, so each worker
                        // JVM has compiled it before the clock starts (a fresh JVM interprets it at first)
                        r.run(kind.equals("cpu") ? ProcessPool.tasks("cpu", warmRounds, 10 * n) : ProcessPool.tasks("sleep", 1, 2 * n));
                        for (int i = 0; i < repeats; i++) {
                            long t0 = System.nanoTime();
                            r.run(batch);
                            t.add(pool, n, i, (System.nanoTime() - t0) / 1e6, startup);
                        }
                    }
                    meter.count();
                    progress.set(meter.done());
                }
            }
        }
        b.samples(t).ended(meter);
        for (String pool : POOLS) {
            Interval base = wall(t, pool, workers[0]);
            // one name per worker count of the run (process_wall_ms_at_4, …): the counts are a parameter, so built
            for (int n : workers) {
                Interval w = wall(t, pool, n);
                if (w.isEmpty()) continue;
                b.figure(key(pool) + "_wall_ms_at_" + n, w, "ms (median of the batches)");
                b.figure(key(pool) + "_speedup_at_" + n, Interval.ratio(base, w), "× over " + workers[0] + " worker(s)");
            }
        }
        b.figure("cores", cores, "");
        b.explainer(kind.equals("cpu") ? PoolExplain::cpu : PoolExplain::io);
        b.note("Wall times are in the samples (wall_ms) and in wallMs(pool, workers). Each point is the median of " + repeats
                + " timed batches on a fresh pool, after a warm-up (~50 ms of the task per worker); a speed-up's interval "
                + "divides the two medians' 95 % intervals, end against end. Pool start-up is not in the wall time (it is in startup_ms).");
        b.chart(r -> ((ComparisonResult) r).speedupChart());
        return new ComparisonResult(b);
    }

    /**
     * The order the points run in: the first count (the baseline), then the core count, then the largest, then the
     * rest — so when a busy machine cuts the budget short, the points the sentences compare have run.
     */
    static int[] order(int[] workers, int cores) {
        java.util.LinkedHashSet<Integer> o = new java.util.LinkedHashSet<>();
        o.add(workers[0]);
        for (int n : workers) if (n == cores) o.add(n);
        o.add(Arrays.stream(workers).max().orElse(workers[0]));
        for (int n : workers) o.add(n);
        return o.stream().mapToInt(Integer::intValue).toArray();
    }

    static String key(String pool) {
        return pool.replace(' ', '_');
    }

    static double best(DataTable t, String pool, int n) {
        double[] w = t.where("pool", pool).where("workers", n).doubles("wall_ms");
        return w.length == 0 ? Double.NaN : Stats.of(w).median();
    }

    static Interval wall(DataTable t, String pool, int n) {
        return Interval.median(t.where("pool", pool).where("workers", n).doubles("wall_ms"));
    }

    /** One pool with {@code n} workers that runs a batch of tasks and waits for all of them. */
    interface Runner extends AutoCloseable {
        void run(List<ProcessPool.Task> tasks);

        @Override
        void close();
    }

    static Runner open(String pool, int n) {
        return switch (pool) {
            case "processes" -> {
                ProcessPool p = ProcessPool.start(n);
                yield new Runner() {
                    public void run(List<ProcessPool.Task> tasks) { p.run(tasks); }
                    public void close() { p.close(); }
                };
            }
            case "platform threads" -> threads(Executors.newFixedThreadPool(n,
                    Thread.ofPlatform().name("racelab-cmp-", 0).daemon(true).factory()), n);
            case "virtual threads" -> threads(Executors.newFixedThreadPool(n,
                    Thread.ofVirtual().name("racelab-vcmp-", 0).factory()), n);
            default -> throw new IllegalArgumentException("pool must be one of " + String.join(", ", POOLS) + " (got " + pool + ")");
        };
    }

    private static Runner threads(ExecutorService ex, int n) {
        // a fixed pool starts its threads lazily: start them now, so start-up is measured like the processes'
        List<Future<?>> warm = new ArrayList<>();
        for (int i = 0; i < n; i++) warm.add(ex.submit(() -> { }));
        for (Future<?> f : warm) await(f);
        return new Runner() {
            public void run(List<ProcessPool.Task> tasks) {
                List<Callable<Long>> calls = new ArrayList<>(tasks.size());
                for (ProcessPool.Task task : tasks) calls.add(() -> Workload.run(task.kind(), task.arg()));
                try {
                    for (Future<Long> f : ex.invokeAll(calls)) await(f);
                } catch (InterruptedException e) {
                    ex.shutdownNow();
                    throw Budget.interrupted();
                }
            }

            public void close() {
                ex.shutdownNow(); // the batch is done: nothing is running; shutdownNow also covers an interrupt
                ex.close();
            }
        };
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a task failed: " + e.getCause(), e.getCause());
        }
    }

    /** The comparison with its speedup chart. */
    public static final class ComparisonResult extends Result {
        ComparisonResult(Result.Builder b) {
            super(b);
        }

        /** Median wall time of one pool with {@code n} workers, in ms (NaN if that point did not run). */
        public double wallMs(String pool, int n) {
            return best(samples(), pool, n);
        }

        /** The largest worker count every pool ran (the time budget may cut the last points on a slow machine). */
        public int largestCommonWorkers() {
            int best = -1;
            for (double x : Arrays.stream(samples().doubles("workers")).distinct().sorted().toArray()) { // any run order
                boolean all = true;
                for (String pool : POOLS) all &= !Double.isNaN(wallMs(pool, (int) x));
                if (all) best = (int) x;
            }
            return best;
        }

        /** Speedup of {@code pool} with {@code n} workers over its first worker count. */
        public double speedup(String pool, int n) {
            int first = ((Number) samples().get(0, "workers")).intValue();
            return wallMs(pool, first) / wallMs(pool, n);
        }

        /** The speed-up with its 95 % interval (empty if that point did not run). */
        public Interval speedupInterval(String pool, int n) {
            String f = key(pool) + "_speedup_at_" + n;
            return summary().strings("figure").contains(f) ? interval(f) : Interval.empty();
        }

        public Chart speedupChart() {
            List<Series> series = new ArrayList<>();
            List<double[][]> bands = new ArrayList<>();
            double[] ns = samples().where("pool", POOLS.get(0)).doubles("workers");
            double[] xs = Arrays.stream(ns).distinct().sorted().toArray();
            for (String pool : POOLS) {
                List<double[]> pts = new ArrayList<>();
                for (double x : xs) {
                    Interval y = speedupInterval(pool, (int) x);
                    if (!y.isEmpty()) pts.add(new double[] {x, y.estimate(), y.low(), y.high()});
                }
                series.add(new Series(pool, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()));
                bands.add(new double[][] {pts.stream().mapToDouble(p -> p[2]).toArray(), pts.stream().mapToDouble(p -> p[3]).toArray()});
            }
            int cores = (int) value("cores");
            boolean cpu = "CPU-bound".equals(params().get("workload"));
            double[] ideal = new double[xs.length];
            for (int i = 0; i < xs.length; i++) ideal[i] = cpu ? Math.min(xs[i], cores) / Math.min(xs[0], cores) : xs[i] / xs[0];
            series.add(new Series(cpu ? "ideal (limited by " + cores + " cores)" : "ideal (workers wait in parallel)", xs, ideal));
            bands.add(new double[][] {ideal.clone(), ideal.clone()});
            Chart c = Charts.linesWithBands(params().get("workload") + " tasks: speedup over one worker (median, 95 % band)", "workers",
                    "speedup (×)", series, bands, false);
            return Charts.reference(Charts.integerX(c), series.size() - 1);
        }
    }
}
