package dev.racelab.race;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Machine;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The classic program — {@code static int count}, two threads doing {@code count++} n times, started one after
 * the other, joined, printed — run many times, either as separate JVMs ({@code java RaceConditionTest}, the
 * way a reader runs it) or in this JVM.
 * {@code Classic.childJvms().runs(100).run()}, {@code Classic.inProcess().runs(2_000).run()}
 */
public final class Classic {
    /** How long a child JVM may run past the time budget before it is killed and the run is not counted. */
    static final Duration CHILD_GRACE = Duration.ofSeconds(10);

    /** Loops that ended this many µs or more before the other began count as "apart": they cannot have raced. */
    public static final double APART_US = 1.0;

    private final boolean child;
    private int runs;
    private int increments = 10_000;
    private final List<String> jvmArgs = new ArrayList<>();
    private boolean timed = true;
    private Duration time;

    private Classic(boolean child) {
        this.child = child;
        Profile p = Profile.current();
        this.runs = child ? p.pick(80, 500) : p.pick(2_000, 20_000);
        this.time = Duration.ofSeconds(p.pick(5, 120));
    }

    /** Each run is a fresh {@code java RaceConditionTest} process. */
    public static Classic childJvms() {
        return new Classic(true);
    }

    /** Each run starts two new threads in this (warm) JVM, exactly like the program's main. */
    public static Classic inProcess() {
        return new Classic(false);
    }

    public Classic runs(int n) {
        this.runs = Require.inRange("runs", n, 1, 1_000_000);
        return this;
    }

    public Classic increments(int n) {
        this.increments = Require.inRange("increments", n, 1, 100_000_000);
        return this;
    }

    /** JVM options of the child JVMs, e.g. {@code "-Xint"} (interpreter only). */
    public Classic jvmArgs(String... args) {
        if (!child) throw new IllegalArgumentException("jvmArgs apply to child JVMs only; use Classic.childJvms()");
        for (String a : args) {
            if (a == null || !a.startsWith("-")) throw new IllegalArgumentException("a JVM option starts with '-' (got " + a + ")");
            jvmArgs.add(a);
        }
        return this;
    }

    /** Plain {@code RaceConditionTest} (false) or the copy with nanoTime stamps around each loop (true, default). */
    public Classic timed(boolean timed) {
        this.timed = timed;
        return this;
    }

    public Classic seconds(double s) {
        Require.inRange("time budget (s)", s, 0.1, 3600);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public ClassicResult run() {
        String where = child ? "separate JVMs" + (jvmArgs.isEmpty() ? "" : " " + String.join(" ", jvmArgs)) : "in-process";
        Result.Builder b = Result.builder("race-classic", "The classic program, " + where + ": two threads × "
                        + String.format(Locale.ROOT, "%,d", increments) + " count++")
                .param("where", child ? "child-jvm" : "in-process").param("jvm_args", String.join(" ", jvmArgs))
                .param("increments", increments).param("runs", runs).param("time_budget_s", time.toMillis() / 1000.0);
        DataTable t = new DataTable("run", "value", "lost", "alpha_start_us", "alpha_end_us", "beta_start_us",
                "beta_end_us", "overlap_us");
        Budget.Meter meter = Budget.of(runs, time).start();
        double uptime = Machine.uptimeSeconds();
        try (Progress progress = Progress.start("classic runs", runs)) {
            if (child) runChildren(t, meter, progress);
            else runInProcess(t, meter, progress);
        }
        b.samples(t).ended(meter);
        String jit = child ? (jvmArgs.contains("-Xint") ? "interpreted (-Xint)" : "mixed (JIT), fresh JVM each run")
                : "in-process, JVM up " + String.format(Locale.ROOT, "%.0f s", uptime);
        b.param("jit", jit);
        long expected = 2L * increments;
        long[] values = t.longs("value");
        Stats v = Stats.of(values);
        Stats lost = Stats.of(t.longs("lost"));
        b.figure("runs", t.size(), "");
        b.figure("expected", expected, "");
        b.figure("share_exact", v.share(x -> x == expected), "");
        b.figure("share_with_loss", lost.share(x -> x > 0), "");
        b.figure("median_value", v.median(), "");
        b.figure("mean_lost", lost.mean(), "updates");
        b.figure("max_lost", lost.max(), "updates");
        b.figure("share_one_thread_lost", v.share(x -> x == increments), "");
        b.figure("distinct_values", java.util.Arrays.stream(values).distinct().count(), "");
        long[] lostOnes = java.util.Arrays.stream(t.longs("lost")).filter(x -> x > 0).toArray();
        b.figure("median_value_when_lost", lostOnes.length == 0 ? Double.NaN : expected - Stats.of(lostOnes).median(), "");
        b.figure("mean_lost_when_lost", lostOnes.length == 0 ? Double.NaN : Stats.of(lostOnes).mean(), "updates");
        if (timed) {
            Stats overlap = Stats.of(t.doubles("overlap_us"));
            double[] loops = new double[2 * t.size()];
            double[] gaps = new double[t.size()];
            for (int i = 0; i < t.size(); i++) {
                double as = ((Number) t.get(i, "alpha_start_us")).doubleValue();
                loops[2 * i] = ((Number) t.get(i, "alpha_end_us")).doubleValue() - as;
                loops[2 * i + 1] = ((Number) t.get(i, "beta_end_us")).doubleValue() - ((Number) t.get(i, "beta_start_us")).doubleValue();
                gaps[i] = ((Number) t.get(i, "beta_start_us")).doubleValue() - as;
            }
            b.figure("share_overlapping", overlap.share(x -> x > 0), "");
            // "apart": one loop ended at least APART_US before the other began (margin for clocks and store buffers)
            long apart = 0, apartLost = 0;
            double[] ov = t.doubles("overlap_us");
            long[] lostAll = t.longs("lost");
            for (int i = 0; i < ov.length; i++) {
                if (ov[i] < -APART_US) {
                    apart++;
                    if (lostAll[i] > 0) apartLost++;
                }
            }
            b.figure("runs_apart", apart, "");
            b.figure("apart_with_loss", apartLost, "");
            b.figure("median_loop_us", Stats.of(loops).median(), "µs");
            b.figure("median_start_gap_us", Stats.of(gaps).median(), "µs");
        }
        b.note("JIT: " + jit + ".");
        b.chart(r -> Charts.histogram("Printed values (" + where + ", " + t.size() + " runs)", "printed count", values));
        return new ClassicResult(b);
    }

    private void runInProcess(DataTable t, Budget.Meter meter, Progress progress) {
        int n = increments;
        while (meter.more()) {
            InProcess.count = 0;
            long[] s = new long[4];
            try (Crew crew = Crew.platform("classic")) {
                crew.start(() -> {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) InProcess.count++;
                    s[1] = System.nanoTime();
                    s[0] = t0;
                });
                crew.start(() -> {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) InProcess.count++;
                    s[3] = System.nanoTime();
                    s[2] = t0;
                });
                if (!crew.joinAll(Duration.ofNanos(Math.max(1, meter.remainingNanos())).plusSeconds(10))) {
                    throw new IllegalStateException("a classic run did not finish");
                }
            }
            add(t, meter.done(), InProcess.count, s);
            meter.count();
            progress.set(meter.done());
        }
    }

    private void runChildren(DataTable t, Budget.Meter meter, Progress progress) {
        Path dir = compiled();
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvm.javaBinary());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", dir.toString(), timed ? "RaceConditionTimed" : "RaceConditionTest",
                Integer.toString(increments)));
        try (ChildProcesses kids = new ChildProcesses()) {
            while (meter.more()) {
                Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true));
                // Wait first (bounded by the budget, interruptible), read after: the program prints one short line.
                int exit = waitFor(kids, p, Duration.ofNanos(meter.remainingNanos()).plus(CHILD_GRACE));
                if (exit == -1) continue; // killed: the time budget is over, and more() will say so
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (exit != 0) throw new IllegalStateException("java RaceConditionTest exited with " + exit + ": " + out);
                String[] w = out.split("\\s+");
                try {
                    long[] s = new long[4];
                    if (timed) for (int i = 0; i < 4; i++) s[i] = Long.parseLong(w[i + 1]);
                    add(t, meter.done(), Long.parseLong(w[0]), s);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("unexpected output of RaceConditionTest: '" + out + "'");
                }
                meter.count();
                progress.set(meter.done());
            }
        }
    }

    /**
     * Waits for one child; on timeout kills it and returns -1. On interrupt it kills every child and waits for them
     * to end <em>before</em> the interrupt flag is set again: {@code ChildProcesses.waitFor} sets it first, so its
     * kill cannot wait and a dying child can outlive the experiment by a moment.
     */
    private static int waitFor(ChildProcesses kids, Process p, Duration timeout) {
        try {
            if (p.waitFor(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) return p.exitValue();
            kids.close(); // only this child is running
            return -1;
        } catch (InterruptedException e) { // the flag is clear now, so close() can wait for the kill
            kids.close();
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
        }
    }

    private void add(DataTable t, int run, long value, long[] s) {
        double base = s[0];
        double as = 0, ae = (s[1] - base) / 1e3, bs = (s[2] - base) / 1e3, be = (s[3] - base) / 1e3;
        double overlap = timed ? Math.min(ae, be) - Math.max(as, bs) : Double.NaN;
        t.add(run, value, 2L * increments - value, as, ae, bs, be, overlap);
    }

    /** Holder of the in-process copy's shared counter. */
    static final class InProcess {
        static int count;
    }

    private static Path compiledDir;

    /** Tests: compile again on the next use. */
    static synchronized void forgetCompiled() {
        compiledDir = null;
    }

    /**
     * Writes the two programs to a temporary folder and compiles them once per JVM (javac in-process, no shell).
     * javac runs on its own short-lived thread: an interrupt that reached javac mid-read would close the JDK's
     * shared class-file channels and break every later compile in this JVM (seen: "cannot access module-info").
     */
    static synchronized Path compiled() {
        if (compiledDir != null && Files.isRegularFile(compiledDir.resolve("RaceConditionTest.class"))) return compiledDir;
        compiledDir = uninterruptibly("javac", () -> {
            Path dir = Files.createTempDirectory("racelab-classic");
            dir.toFile().deleteOnExit(); // registered first, deleted last (after the files below)
            List<String> args = new ArrayList<>(List.of("-d", dir.toString()));
            for (String name : List.of("RaceConditionTest", "RaceConditionTimed")) {
                Path src = dir.resolve(name + ".java");
                Files.writeString(src, source(name));
                src.toFile().deleteOnExit();
                dir.resolve(name + ".class").toFile().deleteOnExit();
                args.add(src.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) throw new IllegalStateException("no Java compiler in this runtime: run the course on a JDK, not a JRE");
            java.io.StringWriter err = new java.io.StringWriter();
            int rc = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
                @Override public void write(int b) { err.write(b); }
            }), args.toArray(String[]::new));
            if (rc != 0) throw new IllegalStateException("javac failed: " + err);
            return dir;
        });
        return compiledDir;
    }

    /**
     * Runs a short JDK tool call on its own thread and waits for it to end, even when the caller is interrupted
     * meanwhile; then the interrupt is honoured ({@link Budget.Cancelled}). No thread outlives the call.
     */
    static <T> T uninterruptibly(String what, java.util.concurrent.Callable<T> task) {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        Thread t = new Thread(f, "racelab-" + what);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join(); // the result is ready once the thread has ended; nothing outlives the call
                T v = f.get();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Budget.Cancelled();
                }
                return v;
            } catch (InterruptedException e) {
                interrupted = true; // let the tool finish: it takes a second at most
            } catch (java.util.concurrent.ExecutionException e) {
                if (interrupted) Thread.currentThread().interrupt();
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) throw r;
                if (c instanceof Error err) throw err;
                if (c instanceof IOException io) throw new UncheckedIOException(io);
                throw new IllegalStateException(what + " failed", c);
            }
        }
    }

    /** The source of one of the programs, as shipped with the library. */
    public static String source(String name) {
        try (InputStream in = Classic.class.getResourceAsStream(name + ".java")) {
            if (in == null) throw new IllegalArgumentException("no program " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Typed views of a classic run: the most frequent values and the loop overlap. */
    public static final class ClassicResult extends Result {
        ClassicResult(Result.Builder b) {
            super(b);
        }

        /** The {@code k} most frequent printed values with how often each came. */
        public DataTable topValues(int k) {
            Map<Long, Long> counts = new TreeMap<>();
            for (long v : samples().longs("value")) counts.merge(v, 1L, Long::sum);
            DataTable t = new DataTable("printed", "runs", "share");
            counts.entrySet().stream().sorted((a, c) -> Long.compare(c.getValue(), a.getValue())).limit(k)
                    .forEach(e -> t.add(e.getKey(), e.getValue(), (double) e.getValue() / samples().size()));
            return t;
        }

        /**
         * When each thread's loop ran, for the first {@code runs} runs (µs after Alpha's loop started): where the
         * bars of a row do not overlap, nothing could be lost.
         */
        public Chart overlapChart(int runs) {
            Require.inRange("runs to draw", runs, 1, 500);
            if (Double.isNaN(samples().size() == 0 ? Double.NaN : ((Number) samples().get(0, "overlap_us")).doubleValue())) {
                throw new IllegalStateException("this run has no loop timestamps (timed(false))");
            }
            Map<String, List<double[]>> bars = new java.util.LinkedHashMap<>();
            List<double[]> alpha = new ArrayList<>(), beta = new ArrayList<>();
            int n = Math.min(runs, samples().size());
            for (int i = 0; i < n; i++) {
                alpha.add(new double[] {i, num(i, "alpha_start_us"), num(i, "alpha_end_us")});
                beta.add(new double[] {i, num(i, "beta_start_us"), num(i, "beta_end_us")});
            }
            bars.put("Alpha's loop", alpha);
            bars.put("Beta's loop", beta);
            return Charts.timeline("When did each loop run? (first " + n + " runs)", "run",
                    "µs after Alpha's loop started", bars);
        }

        /** {@link #overlapChart(int)} for the first 30 runs. */
        public Chart overlapChart() {
            return overlapChart(30);
        }

        /** For each run: how long both loops ran at the same time (negative: the gap between them). */
        public Chart overlapByRun() {
            double[] overlap = samples().doubles("overlap_us");
            double[] x = new double[overlap.length];
            for (int i = 0; i < x.length; i++) x[i] = i;
            return Charts.scatter("Did the two loops overlap? (above 0: yes, for that many µs)", "run",
                    "overlap of the loops (µs; below 0: gap)", List.of(new Series("overlap", x, overlap)));
        }

        private double num(int row, String column) {
            return ((Number) samples().get(row, column)).doubleValue();
        }
    }
}
