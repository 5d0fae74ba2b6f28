package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Python's global interpreter lock, simulated: every "bytecode step" of every worker takes one global lock.
 * CPU-bound threads then take turns instead of running in parallel, and {@code count += 1} — a read step, an add
 * step and a write step — still loses updates, because the lock can pass to another thread between steps.
 * {@code Gil.cpu().run()}, {@code Gil.counter().run()}, {@code Gil.processes().run()}
 */
public final class Gil {
    /** The interpreter lock. Not fair, like CPython's: a running thread often takes it straight back. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Runs one "bytecode step" holding the interpreter lock. */
    public long step(LongSupplier step) {
        lock.lock();
        try {
            return step.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    public void step(Runnable step) {
        lock.lock();
        try {
            step.run();
        } finally {
            lock.unlock();
        }
    }

    /** The CPU work of one step: about half a microsecond of arithmetic the JIT cannot remove. */
    static long work(long seed, int rounds) {
        long x = seed | 1;
        for (int i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    static final int ROUNDS_PER_STEP = 200;

    // --- N CPU-bound threads under the GIL ---------------------------------------------------------------------

    public static Cpu cpu() {
        return new Cpu();
    }

    /** The same total work split over 1..N threads, with and without the global lock. */
    public static final class Cpu {
        private int[] threads = {1, 2, 4};
        private int steps;
        private int reps;

        Cpu() {
            Profile p = Profile.current();
            steps = p.pick(100_000, 1_000_000);
            reps = p.pick(7, 11);
        }

        public Cpu threads(int... n) {
            if (n.length == 0) throw new IllegalArgumentException("threads needs at least one count");
            for (int v : n) Require.inRange("threads", v, 1, 64);
            this.threads = n.clone();
            return this;
        }

        /** Total steps, shared by the threads (1,000..100,000,000). */
        public Cpu steps(int n) {
            this.steps = Require.inRange("steps", n, 1_000, 100_000_000);
            return this;
        }

        public Cpu reps(int n) {
            this.reps = Require.inRange("repetitions", n, 1, 100);
            return this;
        }

        public Result run() {
            Result.Builder b = Result.builder("gil-cpu", "CPU-bound threads with and without a global interpreter lock")
                    .param("total_steps", steps).param("reps", reps).param("threads", java.util.Arrays.toString(threads));
            DataTable t = new DataTable("lock", "threads", "rep", "wall_ms", "steps_per_ms");
            int total = 2 * threads.length * reps;
            try (Progress progress = Progress.start("gil-cpu", total)) {
                run(true, 1, steps / 10); // warm-up: JIT the step and the lock
                run(false, 1, steps / 10);
                int done = 0;
                for (int rep = 0; rep < reps; rep++) {
                    for (int n : threads) {
                        for (boolean gil : new boolean[] {true, false}) {
                            Budget.checkInterrupt();
                            long ns = run(gil, n, steps);
                            t.add(gil ? "GIL" : "no GIL", n, rep, ns / 1e6, steps / (ns / 1e6));
                            progress.set(++done);
                        }
                    }
                }
            }
            b.samples(t);
            // speed-up per repetition (1 thread and n threads ran back to back), then the median over repetitions:
            // a machine whose load drifts during the run then blurs each ratio less
            Map<String, Map<String, Double>> speedups = new LinkedHashMap<>();
            for (String lockKind : List.of("GIL", "no GIL")) {
                DataTable rows = t.where("lock", lockKind);
                Map<String, Double> s = new LinkedHashMap<>();
                for (int n : threads) {
                    double[] ratios = new double[reps];
                    for (int rep = 0; rep < reps; rep++) {
                        ratios[rep] = wall(rows, threads[0], rep) / wall(rows, n, rep) * threads[0];
                    }
                    double sp = Stats.of(ratios).median();
                    s.put(n + (n == 1 ? " thread" : " threads"), sp);
                    b.figure((lockKind.equals("GIL") ? "gil" : "nogil") + "_speedup_" + n, sp, "×");
                }
                speedups.put(lockKind, s);
            }
            for (int n : threads) {
                b.figure("gil_wall_ms_" + n, medianWall(t.where("lock", "GIL"), n), "ms");
                b.figure("nogil_wall_ms_" + n, medianWall(t.where("lock", "no GIL"), n), "ms");
            }
            b.note(String.format(Locale.ROOT, "%,d steps of ~%d xorshift rounds each, split evenly over the threads; "
                    + "speed-up = median over %d repetitions of (wall time of %d thread(s) / wall time of n threads), measured "
                    + "back to back.", steps, ROUNDS_PER_STEP, reps, threads[0]));
            b.chart(r -> Charts.bars("Speed-up of the same CPU work over more threads", "threads", "speed-up (×)",
                    speedups, false));
            return b.build();
        }

        private static double wall(DataTable rows, int n, int rep) {
            for (Object[] r : rows.rows()) {
                if (((Number) r[1]).intValue() == n && ((Number) r[2]).intValue() == rep) return ((Number) r[3]).doubleValue();
            }
            throw new IllegalStateException("no run with " + n + " threads in repetition " + rep);
        }

        private static double medianWall(DataTable rows, int n) {
            DataTable sel = rows.where("threads", n);
            return Stats.of(sel.doubles("wall_ms")).median();
        }

        /** Wall nanoseconds for {@code steps} steps split over {@code n} threads. */
        static long run(boolean withGil, int n, int steps) {
            Gil gil = new Gil();
            long[] sink = new long[n];
            CyclicBarrier ready = new CyclicBarrier(n + 1);
            long start;
            try (Crew crew = Crew.platform("gil")) {
                for (int w = 0; w < n; w++) {
                    int id = w;
                    int mine = steps / n + (id < steps % n ? 1 : 0);
                    crew.start(() -> {
                        await(ready);
                        long x = id + 1;
                        for (int i = 0; i < mine; i++) {
                            if ((i & 1023) == 0 && crew.stopping()) return;
                            long seed = x;
                            x = withGil ? gil.step(() -> work(seed, ROUNDS_PER_STEP)) : work(seed, ROUNDS_PER_STEP);
                        }
                        sink[id] = x;
                    });
                }
                await(ready);
                start = System.nanoTime();
                crew.joinAll(Duration.ofMinutes(5));
            }
            return System.nanoTime() - start;
        }
    }

    // --- count += 1 as three steps ----------------------------------------------------------------------------

    public static Counter counter() {
        return new Counter();
    }

    /**
     * {@code count += 1} under the GIL: read, add and write are three steps, each holding the lock; or (the fix)
     * one step holding it for all three, as a {@code threading.Lock} around the statement would.
     */
    public static final class Counter {
        private int threads = 2;
        private int increments = 10_000;
        private int trials;
        private Duration time;
        private boolean atomic;

        Counter() {
            Profile p = Profile.current();
            trials = p.pick(50, 500);
            time = Duration.ofSeconds(p.pick(3, 30));
        }

        public Counter threads(int n) {
            this.threads = Require.inRange("threads", n, 2, 64);
            return this;
        }

        public Counter increments(int n) {
            this.increments = Require.inRange("increments", n, 1, 10_000_000);
            return this;
        }

        public Counter trials(int n) {
            this.trials = Require.inRange("trials", n, 1, 1_000_000);
            return this;
        }

        public Counter seconds(double s) {
            Require.inRange("time budget (s)", s, 0.01, 3600);
            this.time = Duration.ofNanos((long) (s * 1e9));
            return this;
        }

        /** The fix: read, add and write in one step, so the lock cannot pass between them. */
        public Counter oneStep() {
            this.atomic = true;
            return this;
        }

        public Result run() {
            String how = atomic ? "read+add+write in one step" : "read, add, write as three steps";
            Result.Builder b = Result.builder("gil-counter", "count += 1 under a GIL: " + how)
                    .param("steps", how).param("threads", threads).param("increments", increments)
                    .param("trials", trials).param("time_budget_s", time.toMillis() / 1000.0);
            DataTable t = new DataTable("trial", "final", "lost", "trial_ms");
            Budget.Meter meter = Budget.of(trials, time).start();
            long expected = (long) threads * increments;
            try (Progress progress = Progress.start("gil-counter trials", trials)) {
                while (meter.more()) {
                    long t0 = System.nanoTime();
                    long v = trial(meter.deadlineNanos());
                    if (v < 0) break;
                    t.add(meter.done(), v, expected - v, (System.nanoTime() - t0) / 1e6);
                    meter.count();
                    progress.set(meter.done());
                }
            }
            long[] lost = t.longs("lost");
            Stats s = Stats.of(lost);
            b.samples(t).ended(meter);
            b.figure("trials", t.size(), "");
            b.figure("share_with_loss", s.share(v -> v > 0), "");
            b.figure("total_lost", s.sum(), "updates");
            b.figure("mean_lost", s.mean(), "updates");
            b.figure("max_lost", s.max(), "updates");
            b.figure("median_trial_ms", Stats.of(t.doubles("trial_ms")).median(), "ms");
            if (t.size() > 0) {
                b.chart(r -> Charts.histogram("Lost updates per trial under a GIL (" + how + ")",
                        "lost updates in one trial", "trials", lost));
            }
            return b.build();
        }

        /** One trial; -1 if the deadline passed. */
        private long trial(long deadlineNanos) {
            Gil gil = new Gil();
            long[] count = {0}; // the interpreter's variable: only touched while holding the GIL
            CyclicBarrier ready = new CyclicBarrier(threads);
            try (Crew crew = Crew.platform("gil-count")) {
                for (int w = 0; w < threads; w++) {
                    crew.start(() -> {
                        await(ready);
                        for (int i = 0; i < increments; i++) {
                            if ((i & 255) == 0 && crew.stopping()) return;
                            if (atomic) {
                                gil.step(() -> count[0] = count[0] + 1);
                            } else {
                                long v = gil.step(() -> count[0]);   // LOAD_NAME count
                                long w1 = gil.step(() -> v + 1);     // BINARY_OP +=
                                gil.step(() -> count[0] = w1);       // STORE_NAME count
                            }
                        }
                    });
                }
                if (!crew.joinUntil(deadlineNanos)) return -1;
            }
            return gil.step(() -> count[0]);
        }
    }

    // --- the escape hatch: processes, each with its own GIL ----------------------------------------------------

    public static Processes processes() {
        return new Processes();
    }

    /** The CPU work split over 1..N child JVMs, each with its own GIL (Python's multiprocessing). */
    public static final class Processes {
        private int[] workers;
        private int steps;

        Processes() {
            workers = new int[] {1, Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()))};
            steps = Profile.current().pick(1_000_000, 5_000_000);
        }

        public Processes workers(int... n) {
            if (n.length == 0) throw new IllegalArgumentException("workers needs at least one count");
            for (int v : n) Require.inRange("worker processes", v, 1, 16);
            this.workers = n.clone();
            return this;
        }

        public Processes steps(int n) {
            this.steps = Require.inRange("steps", n, 1_000, 100_000_000);
            return this;
        }

        public Result run() {
            Result.Builder b = Result.builder("gil-processes", "The same CPU work in worker processes, one GIL each")
                    .param("total_steps", steps).param("workers", java.util.Arrays.toString(workers));
            DataTable t = new DataTable("processes", "wall_ms", "slowest_worker_ms");
            Map<String, Double> wall = new LinkedHashMap<>();
            try (ChildProcesses kids = new ChildProcesses(); Progress progress = Progress.start("gil-processes", workers.length)) {
                int done = 0;
                for (int n : workers) {
                    long t0 = System.nanoTime();
                    List<Process> ps = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int mine = steps / n + (i < steps % n ? 1 : 0);
                        ps.add(kids.start(new ProcessBuilder(ChildJvm.command(List.of("-Xshare:auto"), GilWorker.class,
                                Integer.toString(mine))).redirectErrorStream(true)));
                    }
                    double slowest = 0;
                    for (Process p : ps) {
                        String out;
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                            out = r.lines().reduce("", (a, c) -> a + c + "\n");
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("could not read a worker: " + e.getMessage(), e);
                        }
                        int exit = kids.waitFor(p, Duration.ofSeconds(120));
                        if (exit != 0) throw new IllegalStateException("GIL worker exited with " + exit + ": " + out.strip());
                        slowest = Math.max(slowest, Long.parseLong(out.strip().lines().reduce((a, c) -> c).orElse("0")) / 1e6);
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    t.add(n, ms, slowest);
                    wall.put(n + (n == 1 ? " process" : " processes"), ms);
                    b.figure("wall_ms_" + n, ms, "ms");
                    b.figure("work_ms_" + n, slowest, "ms");
                    progress.set(++done);
                }
            }
            double[] work = t.doubles("slowest_worker_ms");
            b.figure("work_speedup", work[0] / work[work.length - 1] * workers[0], "×");
            b.figure("most_workers", workers[workers.length - 1], "processes");
            b.figure("most_workers_work_ms", work[work.length - 1], "ms");
            b.figure("most_workers_wall_ms", t.doubles("wall_ms")[work.length - 1], "ms");
            b.samples(t).showSamples();
            b.note("Wall time includes starting each JVM; 'slowest_worker_ms' is the compute time the slowest worker "
                    + "measured itself, under its own GIL.");
            b.chart(r -> Charts.bars("Wall time of the same CPU work in worker processes", "ms", wall, false));
            return b.build();
        }
    }

    /** Child main: runs {@code steps} GIL steps in one thread and prints the nanoseconds they took. */
    public static final class GilWorker {
        public static void main(String[] args) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
            int steps = Integer.parseInt(args[0]);
            Gil gil = new Gil();
            long x = 1;
            for (int i = 0; i < Math.min(steps, 20_000); i++) { long s = x; x = gil.step(() -> work(s, ROUNDS_PER_STEP)); }
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                long s = x;
                x = gil.step(() -> work(s, ROUNDS_PER_STEP));
            }
            long ns = System.nanoTime() - t0;
            System.out.println(x == 42 ? ns + 1 : ns);
        }
    }

    static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new Budget.Cancelled();
        }
    }
}
