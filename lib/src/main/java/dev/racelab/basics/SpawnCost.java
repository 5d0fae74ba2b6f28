package dev.racelab.basics;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What it costs to start a worker and wait for it: a platform thread, a virtual thread, a tiny child process
 * and a child JVM, each measured many times with every raw sample kept; and, for the two kinds of thread,
 * {@code start()} timed alone, so the waiting part of start + join shows.
 * {@code SpawnCost.defaults().run().explain()}
 */
public final class SpawnCost {
    /** Started and waited for (start + join from the calling platform thread). */
    public static final List<String> KINDS = List.of("platform thread", "virtual thread", "child process", "child JVM");
    /** {@code start()} alone: the join happens after the clock stops. */
    public static final List<String> START_ONLY = List.of("platform thread, start only", "virtual thread, start only");
    /** The child JVM's flags: class data sharing on, the JIT stopped at C1 — what a short-lived helper JVM uses. */
    static final List<String> JVM_FLAGS = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1");
    /** Thread samples before this many starts are dropped: class loading and the first JIT pass. */
    static final int WARMUP = 200;

    private int threadReps;
    private int processReps;
    private int jvmReps;
    private Duration timeBudget;

    private SpawnCost(int threadReps, int processReps, int jvmReps, Duration timeBudget) {
        threads(threadReps).processes(processReps).jvms(jvmReps).seconds(timeBudget.toMillis() / 1000.0);
    }

    /** Repetitions scaled by the profile: quick keeps the cell under a few seconds. */
    public static SpawnCost defaults() {
        return new SpawnCost(Profile.quickOrFull(2_000, 20_000), Profile.quickOrFull(30, 300), Profile.quickOrFull(6, 40),
                Duration.ofSeconds(Profile.quickOrFull(8, 120)));
    }

    /** A range {@code threads} checks; its terminal option's help names the same constant. */
    public static final String THREAD_REPS_RANGE = "1..1000000";

    public SpawnCost threads(int reps) {
        this.threadReps = Require.inRange("thread repetitions", reps, THREAD_REPS_RANGE);
        return this;
    }

    /** A range {@code processes} checks; its terminal option's help names the same constant. */
    public static final String PROCESS_REPS_RANGE = "1..10000";

    public SpawnCost processes(int reps) {
        this.processReps = Require.inRange("process repetitions", reps, PROCESS_REPS_RANGE);
        return this;
    }

    /** A range {@code jvms} checks; its terminal option's help names the same constant. */
    public static final String JVM_REPS_RANGE = "1..1000";

    public SpawnCost jvms(int reps) {
        this.jvmReps = Require.inRange("JVM repetitions", reps, JVM_REPS_RANGE);
        return this;
    }

    public SpawnCost seconds(double budget) {
        Budget.requireSeconds(budget);
        this.timeBudget = Duration.ofMillis((long) (budget * 1000));
        return this;
    }

    public Result run() {
        Result.Builder b = Result.builder("spawn-cost", "Start and join: threads versus processes")
                .param("thread_reps", threadReps).param("process_reps", processReps).param("jvm_reps", jvmReps)
                .param("time_budget_s", timeBudget.toMillis() / 1000.0);
        DataTable t = new DataTable("kind", "rep", "micros");
        long deadline = System.nanoTime() + timeBudget.toNanos();
        int total = 4 * threadReps + processReps + jvmReps;
        List<String> cut = new ArrayList<>();
        List<String> tiny = tinyCommand();
        try (Progress progress = Progress.start("spawn-cost", total)) {
            int[] done = {0};
            measure("platform thread", threadReps, deadline, t, cut, () -> {
                long t0 = System.nanoTime();
                Thread th = Thread.ofPlatform().name("racelab-spawn").start(() -> { });
                th.join();
                return System.nanoTime() - t0;
            }, progress, done);
            measure("virtual thread", threadReps, deadline, t, cut, () -> {
                long t0 = System.nanoTime();
                Thread th = Thread.ofVirtual().name("racelab-spawn").start(() -> { });
                th.join();
                return System.nanoTime() - t0;
            }, progress, done);
            // the same starts with the clock stopped before join(): what is left of start + join is the waiting
            measure("platform thread, start only", threadReps, deadline, t, cut, () -> {
                long t0 = System.nanoTime();
                Thread th = Thread.ofPlatform().name("racelab-spawn").start(() -> { });
                long t1 = System.nanoTime();
                th.join();
                return t1 - t0;
            }, progress, done);
            measure("virtual thread, start only", threadReps, deadline, t, cut, () -> {
                long t0 = System.nanoTime();
                Thread th = Thread.ofVirtual().name("racelab-spawn").start(() -> { });
                long t1 = System.nanoTime();
                th.join();
                return t1 - t0;
            }, progress, done);
            try (ChildProcesses kids = new ChildProcesses()) {
                measure("child process", processReps, deadline, t, cut, () -> {
                    long t0 = System.nanoTime();
                    Process p = kids.start(new ProcessBuilder(tiny).redirectErrorStream(true));
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    check(kids.waitFor(p, Duration.ofSeconds(10)), tiny);
                    return System.nanoTime() - t0;
                }, progress, done);
                List<String> jvm = ChildJvm.command(JVM_FLAGS, Child.class, "noop");
                measure("child JVM", jvmReps, deadline, t, cut, () -> {
                    long t0 = System.nanoTime();
                    Process p = kids.start(new ProcessBuilder(jvm).redirectErrorStream(true));
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    check(kids.waitFor(p, Duration.ofSeconds(30)), jvm);
                    return System.nanoTime() - t0;
                }, progress, done);
            }
        }
        b.samples(t);
        Map<String, Interval> medians = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(KINDS);
        all.addAll(START_ONLY);
        for (String kind : all) {
            double[] us = t.where("kind", kind).doubles("micros");
            Names n = Names.of(kind);
            Interval median = Interval.median(us);
            medians.put(kind, median);
            b.figure(n.median(), median, "µs");
            b.figure(n.samples(), us.length, "");
            if (kind.equals("virtual thread")) b.figure("virtual_thread_min_us", us.length == 0 ? Double.NaN : Stats.of(us).min(), "µs");
        }
        Interval thread = medians.get("platform thread");
        b.figure("process_per_thread", Interval.ratio(medians.get("child process"), thread), "×");
        b.figure("jvm_per_thread", Interval.ratio(medians.get("child JVM"), thread), "×");
        b.figure("platform_per_virtual", Interval.ratio(thread, medians.get("virtual thread")), "×");
        b.figure("platform_per_virtual_start_only",
                Interval.ratio(medians.get("platform thread, start only"), medians.get("virtual thread, start only")), "×");
        // the part of a start + join that is not the start: waiting for the thread to end and being woken
        b.figure("platform_waiting_share", waitingShare(medians.get("platform thread, start only"), thread), "");
        b.figure("virtual_waiting_share", waitingShare(medians.get("virtual thread, start only"), medians.get("virtual thread")), "");
        b.ended(cut.isEmpty() ? "all repetitions done"
                : "time budget reached during: " + String.join(", ", cut));
        b.param("tiny_process", String.join(" ", tiny)).param("child_jvm_flags", String.join(" ", JVM_FLAGS));
        b.note(String.format(java.util.Locale.ROOT,
                "Thread samples exclude the first %d starts of each kind (class loading, first JIT pass); "
                        + "the tiny process is %s, started through Java's ProcessBuilder; the child JVM runs with %s.",
                WARMUP, String.join(" ", tiny), String.join(" ", JVM_FLAGS)));
        b.chart(r -> chart(medians));
        b.explainer(SpawnExplain::explain);
        return b.build();
    }

    /** One kind's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String median, String samples) {
        static Names of(String kind) {
            return switch (kind) {
                case "platform thread" -> new Names("platform_thread_median_us", "platform_thread_samples");
                case "virtual thread" -> new Names("virtual_thread_median_us", "virtual_thread_samples");
                case "child process" -> new Names("child_process_median_us", "child_process_samples");
                case "child JVM" -> new Names("child_JVM_median_us", "child_JVM_samples");
                case "platform thread, start only" -> new Names("platform_thread_start_only_median_us",
                        "platform_thread_start_only_samples");
                case "virtual thread, start only" -> new Names("virtual_thread_start_only_median_us",
                        "virtual_thread_start_only_samples");
                default -> throw new IllegalArgumentException("no kind '" + kind + "'");
            };
        }
    }

    /** 1 - start / (start + join), with the conservative interval of the ratio. */
    static Interval waitingShare(Interval startOnly, Interval startJoin) {
        Interval r = Interval.ratio(startOnly, startJoin);
        if (r.isEmpty() || Double.isInfinite(r.high())) return Interval.empty();
        return new Interval(1 - r.estimate(), Math.max(0, 1 - r.high()), Math.max(0, 1 - r.low()), r.n(), "1 − ratio of intervals");
    }

    /** Medians as dots with their intervals on a log axis (a bar's length on a log axis would mean nothing). */
    static dev.racelab.chart.Chart chart(Map<String, Interval> medians) {
        List<String> order = List.of("platform thread", "platform thread, start only", "virtual thread",
                "virtual thread, start only", "child process", "child JVM");
        List<String> names = new ArrayList<>();
        for (String k : order) if (medians.containsKey(k)) names.add(k);
        double[] est = new double[names.size()], lo = new double[names.size()], hi = new double[names.size()];
        for (int i = 0; i < est.length; i++) {
            Interval iv = medians.get(names.get(i));
            est[i] = iv.estimate();
            lo[i] = iv.low();
            hi[i] = iv.high();
        }
        List<String> labels = names.stream().map(n -> n.endsWith("thread") ? n + ", start + join" : n).toList();
        dev.racelab.chart.Chart c = Charts.intervalDots("Median cost of one worker (95 % interval)", "µs (log scale)",
                labels, est, lo, hi);
        org.jfree.chart.axis.LogAxis log = new org.jfree.chart.axis.LogAxis("µs (log scale)");
        log.setBase(10);
        log.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createStandardTickUnits());
        log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
        c.jfree().getXYPlot().setRangeAxis(log);
        return c;
    }

    private interface Spawn {
        /** One start (and join); returns the nanoseconds of the timed part. */
        long once() throws Exception;
    }

    private static void measure(String kind, int reps, long deadline, DataTable t, List<String> cut, Spawn spawn,
                                Progress progress, int[] done) {
        int warm = kind.endsWith("thread") ? Math.min(WARMUP, reps) : 1;
        for (int i = 0; i < warm; i++) run(spawn); // not recorded
        for (int i = 0; i < reps; i++) {
            Budget.checkInterrupt();
            if (System.nanoTime() - deadline > 0) {
                cut.add(kind + " after " + i + " of " + reps);
                return;
            }
            t.add(kind, i, run(spawn) / 1000.0);
            progress.set(++done[0]);
        }
    }

    private static long run(Spawn s) {
        try {
            return s.once();
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void check(int exit, List<String> cmd) {
        if (exit != 0) throw new IllegalStateException("child " + cmd.get(cmd.size() - 1) + " exited with " + exit);
    }

    /** The cheapest program the OS can start: {@code true} on Unix, {@code cmd /c exit} on Windows. */
    static List<String> tinyCommand() {
        if (System.getProperty("os.name").toLowerCase().contains("win")) return List.of("cmd.exe", "/c", "exit", "0");
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "true");
            if (Files.isExecutable(p)) return List.of(p.toString());
        }
        return List.of("/bin/true");
    }
}
