package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
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
    /** The ranges of the parts' setters; the terminal options' help names the same constants. */
    public static final String CPU_THREADS_RANGE = "1..64", COUNTER_THREADS_RANGE = "2..64", STEPS_RANGE = "1000..100000000",
            TRIALS_RANGE = "1..1000000";

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
    /** CPython's default switch interval ({@code sys.getswitchinterval()}): a thread keeps the GIL this long. */
    static final long SWITCH_INTERVAL_NANOS = 5_000_000L;

    /** How the CPU-bound workers use the interpreter lock. */
    enum Mode {
        /** The lock taken and released around every step: a hand-off every half microsecond. */
        EVERY_STEP("GIL, every step", "gil"),
        /** The lock held for a switch interval of steps, as CPython does. */
        TURNS("GIL, 5 ms turns", "turns"),
        /** No lock: the threads compute in parallel. */
        NONE("no GIL", "nogil");

        final String label;
        final String key;

        Mode(String label, String key) {
            this.label = label;
            this.key = key;
        }
    }

    // --- N CPU-bound threads under the GIL ---------------------------------------------------------------------

    public static Cpu cpu() {
        return new Cpu();
    }

    /** The same total work split over 1..N threads, with and without the global lock. */
    public static final class Cpu {
        private int[] threads;
        private int steps;
        private int reps;

        Cpu() {
            threads = Profile.quickOrFull(new int[] {1, 2}, new int[] {1, 2, 4});
            steps = Profile.quickOrFull(100_000, 1_000_000);
            reps = Profile.quickOrFull(7, 11);
        }

        public Cpu threads(int... n) {
            if (n.length == 0) throw new IllegalArgumentException("threads needs at least one count");
            for (int v : n) Require.inRange("threads", v, CPU_THREADS_RANGE);
            this.threads = n.clone();
            return this;
        }

        /** Total steps, shared by the threads ({@value #STEPS_RANGE}). */
        public Cpu steps(int n) {
            this.steps = Require.inRange("steps", n, STEPS_RANGE);
            return this;
        }

        public Cpu reps(int n) {
            this.reps = Require.inRange("repetitions", n, 1, 100);
            return this;
        }

        public Result run() {
            Result.Builder b = Result.builder("gil-cpu", "CPU-bound threads with and without a global interpreter lock")
                    .param("total_steps", steps).param("reps", reps).param("threads", java.util.Arrays.toString(threads))
                    .param("switch_interval_ms", SWITCH_INTERVAL_NANOS / 1e6);
            DataTable t = new DataTable("lock", "threads", "rep", "wall_ms", "steps_per_ms");
            int total = Mode.values().length * threads.length * reps;
            try (Progress progress = Progress.start("gil-cpu", total)) {
                for (Mode m : Mode.values()) run(m, 1, steps / 10); // warm-up: JIT the step and the lock
                int done = 0;
                for (int rep = 0; rep < reps; rep++) {
                    for (int n : threads) {
                        for (Mode m : Mode.values()) {
                            Budget.checkInterrupt();
                            long ns = run(m, n, steps);
                            t.add(m.label, n, rep, ns / 1e6, steps / (ns / 1e6));
                            progress.set(++done);
                        }
                    }
                }
            }
            b.samples(t);
            // speed-up per repetition (1 thread and n threads ran back to back), then the median over repetitions
            // with its interval: a machine whose load drifts during the run then blurs each ratio less
            List<Series> lines = new ArrayList<>();
            List<double[][]> bands = new ArrayList<>();
            for (Mode m : Mode.values()) {
                DataTable rows = t.where("lock", m.label);
                double[] xs = new double[threads.length], ys = new double[threads.length];
                double[][] band = new double[2][threads.length];
                for (int k = 0; k < threads.length; k++) {
                    int n = threads[k];
                    double[] ratios = new double[reps];
                    for (int rep = 0; rep < reps; rep++) {
                        ratios[rep] = wall(rows, threads[0], rep) / wall(rows, n, rep) * threads[0];
                    }
                    Interval sp = n == threads[0] ? Interval.exact(threads[0]) : Interval.median(ratios);
                    b.figure(m.key + "_speedup_" + n, sp, "×");
                    xs[k] = n;
                    ys[k] = sp.estimate();
                    band[0][k] = sp.low();
                    band[1][k] = sp.high();
                }
                lines.add(new Series(m.label, xs, ys));
                bands.add(band);
            }
            // names per mode and thread count of the run (the counts are a parameter, so built), as the speed-ups above
            for (int n : threads) {
                for (Mode m : Mode.values()) b.figure(m.key + "_wall_ms_" + n, medianWall(t.where("lock", m.label), n), "ms");
            }
            b.note(String.format(Locale.ROOT, "%,d steps of ~%d xorshift rounds each, split evenly over the threads; "
                    + "speed-up = median over %d repetitions of (wall time of %d thread(s) / wall time of n threads), measured "
                    + "back to back; its interval spans the repetitions. 'GIL, %.0f ms turns' holds the lock for up to "
                    + "%.0f ms of steps at a time, like CPython's sys.getswitchinterval().", steps, ROUNDS_PER_STEP, reps,
                    threads[0], SWITCH_INTERVAL_NANOS / 1e6, SWITCH_INTERVAL_NANOS / 1e6));
            b.explainer(GilExplain::cpu);
            b.chart(r -> Charts.integerX(Charts.linesWithBands("Speed-up of the same CPU work over more threads "
                    + "(median, 95 % band over repetitions)", "threads", "speed-up (×)", lines, bands, false)));
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
        static long run(Mode mode, int n, int steps) {
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
                        if (mode == Mode.TURNS) {
                            int i = 0;
                            while (i < mine) {
                                if (crew.stopping()) return;
                                gil.lock.lock();
                                try { // one turn: steps until the switch interval is used up
                                    long end = System.nanoTime() + SWITCH_INTERVAL_NANOS;
                                    do {
                                        x = work(x, ROUNDS_PER_STEP);
                                        i++;
                                    } while (i < mine && ((i & 15) != 0 || System.nanoTime() < end));
                                } finally {
                                    gil.lock.unlock();
                                }
                            }
                        } else {
                            for (int i = 0; i < mine; i++) {
                                if ((i & 1023) == 0 && crew.stopping()) return;
                                long seed = x;
                                x = mode == Mode.EVERY_STEP ? gil.step(() -> work(seed, ROUNDS_PER_STEP)) : work(seed, ROUNDS_PER_STEP);
                            }
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
            trials = Profile.quickOrFull(50, 500);
            time = Duration.ofSeconds(Profile.quickOrFull(3, 30));
        }

        public Counter threads(int n) {
            this.threads = Require.inRange("threads", n, COUNTER_THREADS_RANGE);
            return this;
        }

        public Counter increments(int n) {
            this.increments = Require.inRange("increments", n, 1, 10_000_000);
            return this;
        }

        public Counter trials(int n) {
            this.trials = Require.inRange("trials", n, TRIALS_RANGE);
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
            long lossy = java.util.Arrays.stream(lost).filter(v -> v > 0).count();
            b.samples(t).ended(meter);
            b.figure("trials", t.size(), "");
            b.figure("expected", expected, "updates");
            b.figure("one_step", atomic ? 1 : 0, "");
            b.figure("trials_with_loss", lossy, "trials");
            b.figure("share_with_loss", Interval.wilson(lossy, t.size()), "");
            b.figure("total_lost", t.size() == 0 ? 0 : s.sum(), "updates");
            b.figure("mean_lost", Interval.mean(lost), "updates");
            b.figure("max_lost", t.size() == 0 ? 0 : s.max(), "updates");
            b.figure("median_trial_ms", Interval.median(t.doubles("trial_ms")), "ms");
            b.explainer(GilExplain::counter);
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
            steps = Profile.quickOrFull(500_000, 5_000_000);
        }

        public Processes workers(int... n) {
            if (n.length == 0) throw new IllegalArgumentException("workers needs at least one count");
            for (int v : n) Require.inRange("worker processes", v, 1, 16);
            this.workers = n.clone();
            return this;
        }

        public Processes steps(int n) {
            this.steps = Require.inRange("steps", n, STEPS_RANGE);
            return this;
        }

        public Result run() {
            Result.Builder b = Result.builder("gil-processes", "The same CPU work in worker processes, one GIL each")
                    .param("total_steps", steps).param("workers", java.util.Arrays.toString(workers))
                    .param("chunks", GilWorker.CHUNKS);
            DataTable t = new DataTable("processes", "wall_ms", "slowest_worker_ms");
            DataTable chunks = new DataTable("processes", "worker", "chunk", "steps_per_ms");
            Map<String, Double> wall = new LinkedHashMap<>();
            try (ChildProcesses kids = new ChildProcesses(); Progress progress = Progress.start("gil-processes", workers.length)) {
                int done = 0;
                for (int n : workers) {
                    long t0 = System.nanoTime();
                    List<Process> ps = new ArrayList<>();
                    List<BufferedReader> outs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        int mine = steps / n + (i < steps % n ? 1 : 0);
                        Process p = kids.start(new ProcessBuilder(ChildJvm.command(List.of("-Xshare:auto"), GilWorker.class,
                                Integer.toString(mine))).redirectErrorStream(true));
                        ps.add(p);
                        outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
                    }
                    // every worker starts its JVM and warms up first; then all start computing at once, so their
                    // work really overlaps (a JVM that starts late would otherwise compute alone)
                    for (BufferedReader r : outs) expect(r, "READY");
                    for (Process p : ps) {
                        try {
                            p.getOutputStream().write("GO\n".getBytes(StandardCharsets.US_ASCII));
                            p.getOutputStream().flush();
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("could not start a GIL worker: " + e.getMessage(), e);
                        }
                    }
                    double slowest = 0;
                    for (int w = 0; w < n; w++) {
                        String line = expect(outs.get(w), "CHUNKS");
                        String[] f = line.substring("CHUNKS ".length()).trim().split(" ");
                        double workNs = 0;
                        int per = Integer.parseInt(f[0]);
                        for (int c = 1; c < f.length; c++) {
                            double ns = Double.parseDouble(f[c]);
                            workNs += ns;
                            chunks.add(n, w, c - 1, per / (ns / 1e6));
                        }
                        int exit = kids.waitFor(ps.get(w), Duration.ofSeconds(120));
                        if (exit != 0) throw new IllegalStateException("GIL worker exited with " + exit);
                        slowest = Math.max(slowest, workNs / 1e6);
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    t.add(n, ms, slowest);
                    wall.put(n + (n == 1 ? " process" : " processes"), ms);
                    // one name per worker count of the run (a parameter), so built; what notebooks read is spelled out
                    // below: first_workers_wall_ms, most_workers_wall_ms, first_workers_work_ms, most_workers_work_ms
                    b.figure("wall_ms_" + n, ms, "ms");
                    b.figure("work_ms_" + n, slowest, "ms");
                    progress.set(++done);
                }
            }
            int first = workers[0], most = workers[workers.length - 1];
            // speed-up of the compute: n workers at their median chunk rate, over the first count's workers at theirs;
            // the interval comes from the chunks' medians (each worker timed its work in equal chunks)
            Interval rateFirst = Interval.median(chunks.where("processes", first).doubles("steps_per_ms"));
            Interval rateMost = Interval.median(chunks.where("processes", most).doubles("steps_per_ms"));
            b.figure("work_speedup", Interval.ratio(rateMost.scaled(most), rateFirst.scaled(first)), "×");
            b.figure("most_workers", most, "processes");
            b.figure("first_workers", first, "processes");
            double[] work = t.doubles("slowest_worker_ms");
            b.figure("most_workers_work_ms", work[work.length - 1], "ms");
            b.figure("first_workers_work_ms", work[0], "ms");
            b.figure("most_workers_wall_ms", t.doubles("wall_ms")[work.length - 1], "ms");
            b.figure("first_workers_wall_ms", t.doubles("wall_ms")[0], "ms");
            b.samples(t).showSamples();
            b.note("Wall time includes starting each JVM; 'slowest_worker_ms' is the compute time the slowest worker "
                    + "measured itself, under its own GIL, after all workers started computing together. The speed-up "
                    + "compares the workers' median rates over " + GilWorker.CHUNKS + " equal chunks of their work.");
            b.explainer(GilExplain::processes);
            b.chart(r -> Charts.bars("Wall time of the same CPU work in worker processes", "ms", wall, false));
            return b.build();
        }

        /** Reads lines until one starts with {@code tag}; a worker that ends first is an error naming its output. */
        private static String expect(BufferedReader r, String tag) {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(tag)) return line;
                    seen.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("could not read a GIL worker: " + e.getMessage(), e);
            }
            throw new IllegalStateException("a GIL worker ended before " + tag + ": " + seen.toString().strip());
        }
    }

    /**
     * Child main: warms up, prints READY, waits for a line on stdin, then runs {@code steps} GIL steps in one thread in
     * {@link #CHUNKS} equal chunks and prints "CHUNKS stepsPerChunk ns1 ns2 …".
     */
    public static final class GilWorker {
        static final int CHUNKS = 8;

        public static void main(String[] args) throws java.io.IOException {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
            int steps = Integer.parseInt(args[0]);
            Gil gil = new Gil();
            long x = 1;
            for (int i = 0; i < Math.min(steps, 20_000); i++) { long s = x; x = gil.step(() -> work(s, ROUNDS_PER_STEP)); }
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            int per = Math.max(1, steps / CHUNKS);
            StringBuilder out = new StringBuilder("CHUNKS ").append(per);
            for (int c = 0; c < CHUNKS; c++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < per; i++) {
                    long s = x;
                    x = gil.step(() -> work(s, ROUNDS_PER_STEP));
                }
                out.append(' ').append(System.nanoTime() - t0 + (x == 42 ? 1 : 0));
            }
            System.out.println(out);
        }
    }

    static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new Budget.Cancelled();
        }
    }
}
