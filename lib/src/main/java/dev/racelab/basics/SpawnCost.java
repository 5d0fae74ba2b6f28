package dev.racelab.basics;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
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
 * and a child JVM, each measured many times with every raw sample kept.
 * {@code SpawnCost.defaults().run()}
 */
public final class SpawnCost {
    public static final List<String> KINDS = List.of("platform thread", "virtual thread", "child process", "child JVM");
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
        Profile p = Profile.current();
        return new SpawnCost(p.pick(2_000, 20_000), p.pick(30, 300), p.pick(6, 40),
                Duration.ofSeconds(p.pick(8, 120)));
    }

    public SpawnCost threads(int reps) {
        this.threadReps = Require.inRange("thread repetitions", reps, 1, 1_000_000);
        return this;
    }

    public SpawnCost processes(int reps) {
        this.processReps = Require.inRange("process repetitions", reps, 1, 10_000);
        return this;
    }

    public SpawnCost jvms(int reps) {
        this.jvmReps = Require.inRange("JVM repetitions", reps, 1, 1_000);
        return this;
    }

    public SpawnCost seconds(double budget) {
        Require.inRange("time budget (s)", budget, 0.1, 3600);
        this.timeBudget = Duration.ofMillis((long) (budget * 1000));
        return this;
    }

    public Result run() {
        Result.Builder b = Result.builder("spawn-cost", "Start and join: threads versus processes")
                .param("thread_reps", threadReps).param("process_reps", processReps).param("jvm_reps", jvmReps)
                .param("time_budget_s", timeBudget.toMillis() / 1000.0);
        DataTable t = new DataTable("kind", "rep", "micros");
        long deadline = System.nanoTime() + timeBudget.toNanos();
        int total = 2 * threadReps + processReps + jvmReps;
        List<String> cut = new ArrayList<>();
        List<String> tiny = tinyCommand();
        try (Progress progress = Progress.start("spawn-cost", total)) {
            int[] done = {0};
            measure("platform thread", threadReps, deadline, t, cut, () -> {
                Thread th = Thread.ofPlatform().name("racelab-spawn").start(() -> { });
                th.join();
            }, progress, done);
            measure("virtual thread", threadReps, deadline, t, cut, () -> {
                Thread th = Thread.ofVirtual().name("racelab-spawn").start(() -> { });
                th.join();
            }, progress, done);
            try (ChildProcesses kids = new ChildProcesses()) {
                measure("child process", processReps, deadline, t, cut, () -> {
                    Process p = kids.start(new ProcessBuilder(tiny).redirectErrorStream(true));
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    check(kids.waitFor(p, Duration.ofSeconds(10)), tiny);
                }, progress, done);
                List<String> jvm = ChildJvm.command(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"), Child.class, "noop");
                measure("child JVM", jvmReps, deadline, t, cut, () -> {
                    Process p = kids.start(new ProcessBuilder(jvm).redirectErrorStream(true));
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    check(kids.waitFor(p, Duration.ofSeconds(30)), jvm);
                }, progress, done);
            }
        }
        b.samples(t);
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String kind : KINDS) {
            double[] us = t.where("kind", kind).doubles("micros");
            if (us.length == 0) continue;
            Stats s = Stats.of(us);
            String key = kind.replace(' ', '_');
            medians.put(kind, s.median());
            b.figure(key + "_median_us", s.median(), "µs");
            b.figure(key + "_p90_us", s.percentile(90), "µs");
            b.figure(key + "_samples", s.count(), "");
        }
        double thread = medians.getOrDefault("platform thread", Double.NaN);
        b.figure("process_per_thread", medians.getOrDefault("child process", Double.NaN) / thread, "×");
        b.figure("jvm_per_thread", medians.getOrDefault("child JVM", Double.NaN) / thread, "×");
        b.figure("platform_per_virtual", thread / medians.getOrDefault("virtual thread", Double.NaN), "×");
        b.ended(cut.isEmpty() ? "all repetitions done"
                : "time budget reached during: " + String.join(", ", cut));
        b.note(String.format(java.util.Locale.ROOT,
                "Thread samples exclude the first %d starts of each kind (class loading, first JIT pass); "
                        + "the tiny process is %s.", WARMUP, String.join(" ", tiny)));
        b.chart(r -> Charts.bars("Median cost to start and join one worker", "kind", "µs (log scale)",
                Map.of("median µs", medians), true));
        return b.build();
    }

    private interface Spawn {
        void once() throws Exception;
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
            long t0 = System.nanoTime();
            run(spawn);
            t.add(kind, i, (System.nanoTime() - t0) / 1000.0);
            progress.set(++done[0]);
        }
    }

    private static void run(Spawn s) {
        try {
            s.once();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
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
