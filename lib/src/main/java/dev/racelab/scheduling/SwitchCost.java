package dev.racelab.scheduling;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.Conditions;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of a switch, told apart from a wake-up across cores. Two threads hand a token back and forth and every
 * round trip is timed: with both threads pinned to <b>one CPU</b> (taskset per thread), each hand-off is a real
 * context switch on that core; pinned to <b>two CPUs</b>, no core switches at all, and each hand-off wakes a thread
 * that sleeps on the other core; unpinned, as programs normally run, the scheduler mixes both. Blocking hand-offs
 * ({@code LockSupport.park/unpark}, {@code SynchronousQueue}) make the OS put one thread to sleep and wake the
 * other; spinning on a volatile field never gives the core up and shows what is left without the OS. Where Linux
 * {@code perf} is installed, {@code perf bench sched pipe} (the kernel developers' own measurement: two processes
 * bouncing a byte through two pipes) runs in the same call, pinned to one CPU the same way ({@code taskset -c}) and
 * unpinned, several times each. {@code SwitchCost.of().run().explain()}
 */
public final class SwitchCost {
    public static final String PARK = "park/unpark, unpinned";
    public static final String PARK_SAME = "park/unpark, one CPU";
    public static final String PARK_CROSS = "park/unpark, two CPUs";
    public static final String QUEUE = "SynchronousQueue";
    public static final String SPIN = "spin (no switch)";
    public static final String PERF_PROCESSES = "perf sched pipe, unpinned";
    public static final String PERF_SAME = "perf sched pipe, one CPU";
    static final int WARMUP = 2_000;
    private static final Pattern USECS = Pattern.compile("([0-9.]+)\\s+usecs/op");

    private int rounds;
    private boolean spin = true;
    private boolean perf = true;
    private boolean pinned = true;
    private int perfRuns;
    private Duration time;

    private SwitchCost() {
        rounds = Profile.quickOrFull(10_000, 200_000);
        perfRuns = Profile.quickOrFull(5, 9);
        time = Duration.ofSeconds(Profile.quickOrFull(6, 60));
    }

    public static SwitchCost of() {
        return new SwitchCost();
    }

    /** A range {@code rounds} checks; its terminal option's help names the same constant. */
    public static final String ROUNDS_RANGE = "100..10000000";

    /** Round trips per method ({@value #ROUNDS_RANGE}). */
    public SwitchCost rounds(int n) {
        this.rounds = Require.inRange("round trips", n, ROUNDS_RANGE);
        return this;
    }

    /** Include the spinning baseline (it keeps two cores busy). */
    public SwitchCost spin(boolean on) {
        this.spin = on;
        return this;
    }

    /** Run {@code perf bench sched pipe} too, where perf is installed. */
    public SwitchCost perf(boolean on) {
        this.perf = on;
        return this;
    }

    /** A range {@code perfRuns} checks; its terminal option's help names the same constant. */
    public static final String PERF_RUNS_RANGE = "2..50";

    /** How many times each perf configuration runs ({@value #PERF_RUNS_RANGE}; its interval comes from these runs). */
    public SwitchCost perfRuns(int n) {
        this.perfRuns = Require.inRange("perf runs", n, PERF_RUNS_RANGE);
        return this;
    }

    /** Measure with the threads pinned (one CPU, two CPUs) too, where taskset is available. */
    public SwitchCost pinned(boolean on) {
        this.pinned = on;
        return this;
    }

    /** Time budget for the whole run, shared by the methods (0.1..3600 s). */
    public SwitchCost seconds(double s) {
        Budget.requireSeconds(s);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public SwitchResult run() {
        Result.Builder b = Result.builder("switch-cost", "A token handed back and forth between two threads: on one CPU, "
                        + "on two CPUs, unpinned")
                .param("rounds", rounds).param("time_budget_s", time.toMillis() / 1000.0).param("perf_runs", perfRuns);
        DataTable t = new DataTable("method", "round", "us");
        List<Integer> cpus = Affinity.allowedCpus();
        boolean canPin = pinned && Affinity.supported() && !cpus.isEmpty();
        List<String> methods = new ArrayList<>();
        if (canPin) {
            methods.add(PARK_SAME);
            if (cpus.size() >= 2) methods.add(PARK_CROSS);
            else b.note("Only one CPU is allowed here (" + Conditions.readCpusAllowed() + "), so no wake-up across cores was measured.");
            b.param("cpu_same", cpus.get(0));
            if (cpus.size() >= 2) b.param("cpus_cross", cpus.get(0) + "," + cpus.get(1));
        } else if (pinned) {
            b.note("Threads could not be pinned here (taskset and /proc/thread-self are Linux's): only the unpinned round trips ran.");
        }
        methods.add(PARK);
        methods.add(QUEUE);
        if (spin) methods.add(SPIN);
        long deadline = System.nanoTime() + time.toNanos();
        DataTable perThread = new DataTable("method", "round_trips", "voluntary_per_round_trip", "involuntary_per_round_trip");
        try (Progress progress = Progress.start("switch round trips", (long) methods.size() * rounds)) {
            int m = 0;
            for (String method : methods) {
                long share = (deadline - System.nanoTime()) / (methods.size() - m + 1); // a share stays for perf
                int base = m * rounds;
                int[] pin = switch (method) {
                    case PARK_SAME -> new int[] {cpus.get(0), cpus.get(0)};
                    case PARK_CROSS -> new int[] {cpus.get(0), cpus.get(1)};
                    default -> null;
                };
                Trips trips = pingPong(method, rounds, System.nanoTime() + share, pin, done -> progress.set(base + done));
                if (trips.pinFailed) {
                    b.note(method + ": taskset could not pin the threads, so this method was left out.");
                    m++;
                    continue;
                }
                for (int i = 0; i < trips.micros.length; i++) t.add(method, i, trips.micros[i]);
                if (trips.switches != null && trips.micros.length > 0) {
                    perThread.add(method, trips.micros.length, (double) trips.switches[0] / (trips.micros.length + WARMUP),
                            (double) trips.switches[1] / (trips.micros.length + WARMUP));
                }
                m++;
            }
        }
        for (String method : methods) {
            double[] us = t.where("method", method).doubles("us");
            if (us.length == 0) continue;
            Stats s = Stats.of(us);
            Names n = Names.of(method);
            b.figure(n.median(), Interval.median(us), "µs per round trip (2 hand-offs)");
            b.figure(n.p99(), Interval.percentile(us, 99), "µs");
            b.figure(n.mean(), s.mean(), "µs");
            b.figure(n.roundTrips(), us.length, "");
        }
        for (Object[] row : perThread.rows()) {
            Names n = Names.of((String) row[0]);
            b.figure(n.voluntary(), (Double) row[2], "switches of the timing thread");
            b.figure(n.involuntary(), (Double) row[3], "switches of the timing thread");
        }
        boolean perfRan = false;
        if (perf) {
            Optional<Path> bin = perfBinary();
            if (bin.isEmpty()) {
                b.note("perf is not installed, so `perf bench sched pipe` was skipped (on Debian: apt-get install linux-perf).");
            } else {
                int loops = Math.max(1_000, Math.min(rounds, 100_000));
                b.param("perf_loops", loops);
                List<String> perfMethods = new ArrayList<>();
                if (canPin) perfMethods.add(PERF_SAME);
                perfMethods.add(PERF_PROCESSES);
                outer:
                for (int run = 0; run < perfRuns; run++) {
                    for (String method : perfMethods) {
                        if (run >= 2 && System.nanoTime() - deadline > 0) break outer; // two runs each at least
                        try {
                            double us = perfSchedPipe(bin.get(), loops, false, method.equals(PERF_SAME) ? cpus.get(0) : -1);
                            t.add(method, run, us);
                            perfRan = true;
                        } catch (IllegalStateException e) {
                            b.note(method + " failed: " + e.getMessage());
                            break outer;
                        }
                    }
                }
                for (String method : perfMethods) {
                    double[] us = t.where("method", method).doubles("us");
                    if (us.length > 0) b.figure(perfFigure(method), Interval.median(us),
                            "µs per round trip (median of " + us.length + " runs' means, " + loops + " loops each)");
                }
            }
        }
        b.figure("perf_ran", perfRan ? 1 : 0, "");
        b.samples(t);
        b.note("A round trip is two hand-offs: A wakes B, B wakes A; on one CPU that is two context switches. perf reports "
                + "only its mean per run, so its interval comes from repeated runs; the library keeps every round trip.");
        b.explainer(SwitchExplain::explain);
        b.chart(r -> ((SwitchResult) r).distributionChart());
        return new SwitchResult(b, perThread);
    }

    /** One round-trip method's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String median, String p99, String mean, String roundTrips, String voluntary, String involuntary) {
        static Names of(String method) {
            return switch (method) {
                case PARK -> new Names("park_unpark_median_us", "park_unpark_p99_us", "park_unpark_mean_us",
                        "park_unpark_round_trips", "park_unpark_voluntary_per_round_trip", "park_unpark_involuntary_per_round_trip");
                case QUEUE -> new Names("synchronous_queue_median_us", "synchronous_queue_p99_us", "synchronous_queue_mean_us",
                        "synchronous_queue_round_trips", "synchronous_queue_voluntary_per_round_trip",
                        "synchronous_queue_involuntary_per_round_trip");
                case SPIN -> new Names("spin_median_us", "spin_p99_us", "spin_mean_us", "spin_round_trips",
                        "spin_voluntary_per_round_trip", "spin_involuntary_per_round_trip");
                case PARK_SAME -> new Names("park_unpark_same_cpu_median_us", "park_unpark_same_cpu_p99_us",
                        "park_unpark_same_cpu_mean_us", "park_unpark_same_cpu_round_trips",
                        "park_unpark_same_cpu_voluntary_per_round_trip", "park_unpark_same_cpu_involuntary_per_round_trip");
                case PARK_CROSS -> new Names("park_unpark_cross_cpu_median_us", "park_unpark_cross_cpu_p99_us",
                        "park_unpark_cross_cpu_mean_us", "park_unpark_cross_cpu_round_trips",
                        "park_unpark_cross_cpu_voluntary_per_round_trip", "park_unpark_cross_cpu_involuntary_per_round_trip");
                default -> throw new IllegalArgumentException("no round-trip method '" + method + "'");
            };
        }
    }

    /** The figure of a perf configuration: the median of its runs' means. */
    static String perfFigure(String method) {
        return switch (method) {
            case PERF_PROCESSES -> "perf_sched_pipe_us";
            case PERF_SAME -> "perf_sched_pipe_same_cpu_us";
            default -> throw new IllegalArgumentException("no perf configuration '" + method + "'");
        };
    }

    record Trips(double[] micros, long[] switches, boolean pinFailed) {}

    /** {@code rounds} timed round trips (after a warm-up) between the calling thread and a partner, until the deadline. */
    static Trips pingPong(String method, int rounds, long deadline, java.util.function.IntConsumer progress) {
        return pingPong(method, rounds, deadline, null, progress);
    }

    /**
     * As above; with {@code pin = {callerCpu, partnerCpu}} both sides run on fresh threads pinned to those CPUs
     * (the calling thread only waits), so the caller's own affinity is never touched.
     */
    static Trips pingPong(String method, int rounds, long deadline, int[] pin, java.util.function.IntConsumer progress) {
        Require.oneOf("method", method, List.of(PARK, PARK_SAME, PARK_CROSS, QUEUE, SPIN));
        if (pin == null) return drive(method.equals(PARK_SAME) || method.equals(PARK_CROSS) ? PARK : method, rounds, deadline, -1, progress);
        Trips[] out = new Trips[1];
        RuntimeException[] err = new RuntimeException[1];
        try (Crew driver = Crew.platform("switch-driver")) {
            driver.start(() -> {
                try {
                    out[0] = Affinity.pinCurrentThread(pin[0]) ? drive(PARK, rounds, deadline, pin[1], progress)
                            : new Trips(new double[0], null, true);
                } catch (RuntimeException e) {
                    err[0] = e;
                }
            });
            long wait = Math.max(0, deadline - System.nanoTime()) / 1_000_000 + 30_000;
            if (!driver.joinAll(Duration.ofMillis(wait))) throw new IllegalStateException("the pinned ping-pong did not finish");
        }
        if (err[0] != null) throw err[0];
        return out[0];
    }

    private static Trips drive(String method, int rounds, long deadline, int partnerCpu, java.util.function.IntConsumer progress) {
        double[] samples = new double[rounds];
        int done = 0;
        long[] before = ContextSwitches.supported() ? ContextSwitches.self() : null;
        boolean pinFailed;
        try (Crew crew = Crew.platform("switch")) {
            Partner p = new Partner(method, Thread.currentThread(), crew, partnerCpu);
            crew.start(p);
            while (p.self == null && !p.pinFailed) {
                Thread.onSpinWait();
                Budget.checkInterrupt();
            }
            pinFailed = p.pinFailed;
            int total = pinFailed ? 0 : WARMUP + rounds;
            for (int i = 0; i < total; i++) {
                if ((i & 255) == 0) {
                    Budget.checkInterrupt();
                    if (i >= WARMUP && System.nanoTime() - deadline > 0) break;
                    if (i >= WARMUP) progress.accept(done);
                }
                long t0 = System.nanoTime();
                p.roundTrip(i);
                long dt = System.nanoTime() - t0;
                if (i >= WARMUP) samples[done++] = dt / 1e3;
            }
            p.stop();
            crew.joinAll(Duration.ofSeconds(10));
        }
        long[] switches = null;
        if (before != null) {
            long[] after = ContextSwitches.self();
            switches = new long[] {after[0] - before[0], after[1] - before[1]};
        }
        return new Trips(java.util.Arrays.copyOf(samples, done), switches, pinFailed);
    }

    /** The other side of the ping-pong; the calling thread drives it with {@link #roundTrip}. */
    static final class Partner implements Runnable {
        final String method;
        final Thread caller;
        final Crew crew;
        final int cpu;
        volatile Thread self;
        volatile boolean pinFailed;
        volatile int ball; // 2i+1: the partner's turn in round i; 2i+2: the caller's
        volatile boolean stopped;
        final SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        final SynchronousQueue<Integer> pong = new SynchronousQueue<>();

        Partner(String method, Thread caller, Crew crew, int cpu) {
            this.method = method;
            this.caller = caller;
            this.crew = crew;
            this.cpu = cpu;
        }

        @Override
        public void run() {
            if (cpu >= 0 && !Affinity.pinCurrentThread(cpu)) {
                pinFailed = true;
                return;
            }
            self = Thread.currentThread();
            try {
                for (int i = 0; ; i++) {
                    switch (method) {
                        case QUEUE -> {
                            Integer v;
                            do {
                                if (stopped || crew.stopping()) return;
                                v = ping.poll(100, TimeUnit.MILLISECONDS);
                            } while (v == null);
                            pong.put(v);
                        }
                        case PARK -> {
                            while (ball != 2 * i + 1) {
                                if (stopped || crew.stopping()) return;
                                LockSupport.park(this);
                            }
                            ball = 2 * i + 2;
                            LockSupport.unpark(caller);
                        }
                        default -> {
                            int spins = 0;
                            while (ball != 2 * i + 1) {
                                if ((++spins & 1023) == 0 && (stopped || crew.stopping())) return;
                                Thread.onSpinWait();
                            }
                            ball = 2 * i + 2;
                        }
                    }
                }
            } catch (InterruptedException e) {
                // asked to stop
            }
        }

        void roundTrip(int i) {
            switch (method) {
                case QUEUE -> {
                    try {
                        if (!ping.offer(i, 10, TimeUnit.SECONDS) || pong.poll(10, TimeUnit.SECONDS) == null) {
                            throw new IllegalStateException("the partner thread stopped answering");
                        }
                    } catch (InterruptedException e) {
                        throw Budget.interrupted();
                    }
                }
                case PARK -> {
                    while (self == null) Thread.onSpinWait();
                    ball = 2 * i + 1;
                    LockSupport.unpark(self);
                    while (ball != 2 * i + 2) {
                        LockSupport.park(this);
                        if (Thread.currentThread().isInterrupted()) throw new Budget.Cancelled();
                    }
                }
                default -> {
                    ball = 2 * i + 1;
                    int spins = 0;
                    while (ball != 2 * i + 2) {
                        if ((++spins & 0xFFFF) == 0) Budget.checkInterrupt();
                        Thread.onSpinWait();
                    }
                }
            }
        }

        void stop() {
            stopped = true;
            Thread s = self;
            if (s != null) LockSupport.unpark(s);
        }
    }

    /** The {@code perf} binary on the PATH, if any. */
    public static Optional<Path> perfBinary() {
        return onPath("perf");
    }

    /** An executable of that name on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Mean µs per round trip reported by {@code perf bench sched pipe -l loops [-T]}. */
    public static double perfSchedPipe(Path perf, int loops, boolean threads) {
        return perfSchedPipe(perf, loops, threads, -1);
    }

    /** As above, pinned to one CPU with {@code taskset -c cpu} when {@code cpu >= 0} (both of perf's processes on it). */
    public static double perfSchedPipe(Path perf, int loops, boolean threads, int cpu) {
        Require.inRange("perf loops", loops, 1, 10_000_000);
        List<String> cmd = new ArrayList<>();
        if (cpu >= 0) {
            cmd.add(onPath("taskset").orElseThrow(() -> new IllegalStateException("taskset is not installed")).toString());
            cmd.add("-c");
            cmd.add(Integer.toString(cpu));
        }
        cmd.addAll(List.of(perf.toString(), "bench", "sched", "pipe", "-l", Integer.toString(loops)));
        if (threads) cmd.add("-T");
        try (ChildProcesses kids = new ChildProcesses(); Crew reader = Crew.platform("perf-out")) {
            Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true));
            StringBuilder out = new StringBuilder();
            reader.start(() -> {
                try (InputStream in = p.getInputStream()) {
                    String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (out) {
                        out.append(s);
                    }
                } catch (IOException e) {
                    // killed
                }
            });
            int code = kids.waitFor(p, Duration.ofSeconds(60));
            reader.joinAll(Duration.ofSeconds(5));
            String text;
            synchronized (out) {
                text = out.toString();
            }
            Matcher m = USECS.matcher(text);
            if (code != 0 || !m.find()) {
                String last = text.strip().lines().reduce((a, c) -> c).orElse("");
                throw new IllegalStateException("`" + String.join(" ", cmd) + "` exited with " + code + ": " + last);
            }
            return Double.parseDouble(m.group(1));
        }
    }

    /** The measurement with its distribution chart and per-method switch counts. */
    public static final class SwitchResult extends Result {
        private final DataTable switches;

        SwitchResult(Result.Builder b, DataTable switches) {
            super(b);
            this.switches = switches;
        }

        /** Context switches of the timing thread per round trip, by method (Linux; empty elsewhere). */
        public DataTable switchesPerRoundTrip() {
            return switches;
        }

        /** Were the threads pinned (one CPU, and two CPUs where allowed)? */
        public boolean pinned() {
            return summary().strings("figure").contains("park_unpark_same_cpu_median_us");
        }

        public boolean perfRan() {
            return value("perf_ran") == 1;
        }

        /** Latency at each percentile, per method (log x); perf's means as vertical lines. */
        public Chart distributionChart() {
            List<Series> series = new ArrayList<>();
            List<String> methods = samples().strings("method").stream().distinct().toList();
            double[] ps = {1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9};
            int perfLines = 0;
            for (String m : methods) {
                double[] us = samples().where("method", m).doubles("us");
                if (m.startsWith("perf")) {
                    double med = Stats.of(us).median();
                    series.add(new Series(m + " (median of runs' means)", new double[] {med, med}, new double[] {0, 100}));
                    perfLines++;
                    continue;
                }
                Stats s = Stats.of(us);
                double[] x = new double[ps.length];
                for (int i = 0; i < ps.length; i++) x[i] = Math.max(1e-3, s.percentile(ps[i]));
                series.add(new Series(m, x, ps));
            }
            Chart c = Charts.lines("Round-trip time of a hand-off between two threads", "round trip (µs, log scale)",
                    "percentile of round trips", series, true, false);
            for (int i = series.size() - perfLines; i < series.size(); i++) {
                Charts.reference(c, i);
                c.jfree().getXYPlot().getRenderer().setSeriesPaint(i, Charts.PALETTE[i % Charts.PALETTE.length]);
            }
            return c;
        }
    }
}
