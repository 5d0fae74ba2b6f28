package dev.racelab.memory;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Does a spinning worker see a stop flag that another thread sets? The same loop, {@code while (!stop) n++;}, with a
 * plain and with a {@code volatile} flag, run in child JVMs (a worker stuck on a flag it no longer reads cannot be
 * stopped: only ending its JVM ends it). Each run lets the worker spin a few milliseconds, sets the flag and times
 * how long the worker took to leave its loop, or records that it had not left it {@code limit} ms later; the JIT
 * state of the loop (interpreted, C1, C2) is read when the flag is set and again afterwards.
 * {@code Visibility.defaults().run()}
 */
public final class Visibility {
    private int plainJvms = Profile.quickOrFull(3, 8);
    private int runsPerJvm = Profile.quickOrFull(20, 40);
    private int volatileRuns = Profile.quickOrFull(100, 600);
    private int warmMicros = 10_000;
    private int limitMillis = Profile.quickOrFull(400, 1_000);
    private double seconds = Profile.quickOrFull(12.0, 60.0);

    private Visibility() {}

    public static Visibility defaults() {
        return new Visibility();
    }

    /** A range {@code plainJvms} checks; its terminal option's help names the same constant. */
    public static final String PLAIN_JVMS_RANGE = "1..50";

    /** Child JVMs with the plain flag ({@value #PLAIN_JVMS_RANGE}): each runs until its first stuck worker, so each adds at most one. */
    public Visibility plainJvms(int n) {
        this.plainJvms = Require.inRange("plain-flag JVMs", n, PLAIN_JVMS_RANGE);
        return this;
    }

    /** A range {@code runsPerJvm} checks; its terminal option's help names the same constant. */
    public static final String RUNS_PER_JVM_RANGE = "1..1000";

    /** Runs per plain-flag JVM at most ({@value #RUNS_PER_JVM_RANGE}). */
    public Visibility runsPerJvm(int n) {
        this.runsPerJvm = Require.inRange("runs per JVM", n, RUNS_PER_JVM_RANGE);
        return this;
    }

    /** A range {@code volatileRuns} checks; its terminal option's help names the same constant. */
    public static final String VOLATILE_RUNS_RANGE = "1..100000";

    /** Runs with the volatile flag, all in one child JVM ({@value #VOLATILE_RUNS_RANGE}). */
    public Visibility volatileRuns(int n) {
        this.volatileRuns = Require.inRange("volatile-flag runs", n, VOLATILE_RUNS_RANGE);
        return this;
    }

    /** How long the worker spins before the flag is set, µs (10..1,000,000). */
    public Visibility warmMicros(int us) {
        this.warmMicros = Require.inRange("warm-up (µs)", us, 10, 1_000_000);
        return this;
    }

    /** A range {@code limitMillis} checks; its terminal option's help names the same constant. */
    public static final String LIMIT_MILLIS_RANGE = "50..60000";

    /** How long after the flag a worker may take before it counts as never stopping, ms ({@value #LIMIT_MILLIS_RANGE}). */
    public Visibility limitMillis(int ms) {
        this.limitMillis = Require.inRange("limit (ms)", ms, LIMIT_MILLIS_RANGE);
        return this;
    }

    /** A range {@code seconds} checks; its terminal option's help names the same constant. */
    public static final String SECONDS_RANGE = "2..3600";

    /** Time budget for all child JVMs together, s ({@value #SECONDS_RANGE}). */
    public Visibility seconds(double s) {
        this.seconds = Require.inRange("time budget (s)", s, SECONDS_RANGE);
        return this;
    }

    /** One run's line from a child: {@code run <i> <flag> <jit at stop> <delay ns | never> <jit after>}. */
    record Run(int jvm, int run, String flag, String jitAtStop, double delayUs, String jitAfter) {
        boolean stopped() { return !Double.isNaN(delayUs); }

        static Run parse(int jvm, String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 6 || !f[0].equals("run")) throw new IllegalArgumentException("not a run line: " + line);
            double us = f[4].equals("never") ? Double.NaN : Long.parseLong(f[4]) / 1_000.0;
            return new Run(jvm, Integer.parseInt(f[1]), f[2], f[3], us, f[5]);
        }
    }

    public Result run() {
        Result.Builder b = Result.builder("visibility", "A worker spinning on a stop flag: plain versus volatile");
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Run> runs = new ArrayList<>();
        int jvms = 0;
        String stopped = "completed";
        try (ChildProcesses kids = new ChildProcesses()) {
            // volatile first, alone: its delays are the figure; then the plain-flag JVMs side by side (what they show is
            // whether and in which JIT state their worker stops, which sharing the cores does not change)
            runs.addAll(children(kids, 0, 1, "volatile", volatileRuns, deadline));
            jvms++;
            if (System.nanoTime() > deadline) {
                stopped = "time budget: no plain-flag JVM started";
            } else {
                runs.addAll(children(kids, 1, plainJvms, "plain", runsPerJvm, deadline));
                jvms += plainJvms;
            }
        }
        return result(b, runs, jvms, stopped);
    }

    /** Starts {@code count} child JVMs numbered from {@code first}, waits for them (the budget ends them), reads their runs. */
    private List<Run> children(ChildProcesses kids, int first, int count, String flag, int n, long deadline) {
        Budget.checkInterrupt();
        List<Path> outs = new ArrayList<>();
        List<Process> procs = new ArrayList<>();
        try {
            for (int j = 0; j < count; j++) {
                Path out = Files.createTempFile("racelab-visibility-", ".txt");
                outs.add(out);
                List<String> cmd = ChildJvm.command(List.of("-Xshare:auto"), FlagChild.class, flag, Integer.toString(n),
                        Integer.toString(warmMicros), Integer.toString(limitMillis));
                procs.add(kids.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())));
            }
            // the budget ends a child (its finished runs are kept), with a second's grace for the JVMs to start
            long until = Math.max(deadline, System.nanoTime() + 1_000_000_000L);
            for (Process p : procs) {
                while (p.isAlive() && System.nanoTime() < until) {
                    Budget.call(() -> p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS));
                }
                if (p.isAlive()) kids.waitFor(p, Duration.ofMillis(1)); // kills it
            }
            List<Run> rs = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                for (String line : Files.readAllLines(outs.get(j))) {
                    if (line.startsWith("run ")) rs.add(Run.parse(first + j, line));
                }
            }
            return rs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Path out : outs) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    Result result(Result.Builder b, List<Run> runs, int jvms, String ended) {
        DataTable t = new DataTable("jvm", "run", "flag", "loop's JIT state", "stop delay (µs)", "stopped", "JIT after");
        for (Run r : runs) t.add(r.jvm(), r.run(), r.flag(), r.jitAtStop(), r.stopped() ? r.delayUs() : "never", r.stopped() ? "yes" : "no", r.jitAfter());
        return figures(b, runs).param("plain_jvms", plainJvms).param("runs_per_jvm", runsPerJvm)
                .param("volatile_runs", volatileRuns).param("warm_us", warmMicros).param("limit_ms", limitMillis)
                .param("jvms_started", jvms).param("jdk", Runtime.version().toString())
                .samples(t).ended(ended)
                .note("Each run: a new worker thread spins `while (!stop) n++;` for up to " + warmMicros / 1000.0 + " ms, the main "
                        + "thread sets `stop`, and the worker's first moment outside the loop is timed (System.nanoTime in both threads). "
                        + "A worker not out " + limitMillis + " ms later is counted as never stopping, and its JVM is ended. The warm-up "
                        + "doubles from 25 µs run by run up to the " + warmMicros / 1000.0 + " ms. The JIT state is read from HotSpot's code list right after "
                        + "the flag is set (after three C2 answers in a row it is no longer asked): it says which code the loop "
                        + "had, not which of it the worker thread was executing at that instant.")
                .chart(Visibility::chart)
                .explainer(VisibilityExplain::explain)
                .build();
    }

    /** The figures, from runs alone (also used by tests with synthetic runs). */
    static Result.Builder figures(Result.Builder b, List<Run> runs) {
        for (String flag : List.of("plain", "volatile")) {
            List<Run> mine = runs.stream().filter(r -> r.flag().equals(flag)).toList();
            long n = mine.size();
            long never = mine.stream().filter(r -> !r.stopped()).count();
            double[] delays = mine.stream().filter(Run::stopped).mapToDouble(Run::delayUs).toArray();
            b.figure(flag + "_runs", n, "")
                    .figure(flag + "_never", never, "")
                    .figure(flag + "_share_never", Interval.wilson(never, n), "")
                    .figure(flag + "_median_delay_us", delays.length == 0 ? Interval.empty() : Interval.median(delays), "µs")
                    .figure(flag + "_max_delay_us", delays.length == 0 ? Double.NaN : Arrays.stream(delays).max().orElse(Double.NaN), "µs");
            long c2Never = mine.stream().filter(r -> !r.stopped() && r.jitAfter().equals("C2")).count();
            long c2 = c2Never + mine.stream().filter(r -> r.stopped() && r.jitAtStop().equals("C2")).count();
            b.figure(flag + "_c2_runs", c2, "").figure(flag + "_c2_share_never", Interval.wilson(c2Never, c2), "");
            for (String jit : List.of("interpreted", "C1", "C2")) {
                b.figure(flag + "_never_" + jit.toLowerCase(), mine.stream().filter(r -> !r.stopped() && r.jitAfter().equals(jit)).count(), "");
                b.figure(flag + "_stopped_" + jit.toLowerCase(), mine.stream().filter(r -> r.stopped() && r.jitAtStop().equals(jit)).count(), "");
            }
        }
        // each plain-flag JVM ends at its first stuck worker: how many JVMs got there is the figure that does not depend
        // on how many runs a JVM is allowed before it
        long jvms = runs.stream().filter(r -> r.flag().equals("plain")).mapToInt(Run::jvm).distinct().count();
        long stuck = runs.stream().filter(r -> r.flag().equals("plain") && !r.stopped()).mapToInt(Run::jvm).distinct().count();
        return b.figure("plain_jvms", jvms, "").figure("plain_jvms_stuck", stuck, "")
                .figure("plain_share_jvms_stuck", Interval.wilson(stuck, jvms), "");
    }

    static dev.racelab.chart.Chart chart(Result r) {
        List<String> cats = new ArrayList<>();
        List<double[]> est = new ArrayList<>();
        DataTable t = r.samples();
        for (String flag : List.of("volatile", "plain")) {
            for (String jit : List.of("interpreted", "C1", "C2")) {
                List<Double> d = new ArrayList<>();
                long never = 0, all = 0;
                for (Object[] row : t.rows()) {
                    if (!row[2].equals(flag) || !row[3].equals(jit)) continue;
                    all++;
                    if (row[4] instanceof Double v) d.add(v); else never++;
                }
                if (all == 0) continue;
                Interval m = d.isEmpty() ? Interval.empty() : Interval.median(d.stream().mapToDouble(Double::doubleValue).toArray());
                cats.add(String.format(java.util.Locale.ROOT, "%s flag, loop %s: %d run%s, %d never stopped", flag, jit, all,
                        all == 1 ? "" : "s", never));
                est.add(new double[] {m.estimate(), m.low(), m.high()});
            }
        }
        double[] e = est.stream().mapToDouble(x -> x[0]).toArray();
        double[] lo = est.stream().mapToDouble(x -> x[1]).toArray();
        double[] hi = est.stream().mapToDouble(x -> x[2]).toArray();
        dev.racelab.chart.Chart c = Charts.intervalDots("How long the worker took to see the flag (median of the runs that stopped)",
                "µs after the flag was set", cats, e, lo, hi);
        // microseconds and milliseconds on one axis: a log scale, so the volatile flag's median is not a dot at zero
        org.jfree.chart.axis.LogAxis log = new org.jfree.chart.axis.LogAxis("µs after the flag was set (log scale)");
        log.setBase(10);
        log.setSmallestValue(0.01);
        log.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        c.jfree().getXYPlot().setRangeAxis(log);
        return c;
    }
}
