package dev.racelab.race;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classic program — {@code static int count}, two threads doing {@code count++}, started one after the other,
 * joined, printed — run many times, each run a fresh {@code java} process, the way a reader runs it.
 * {@code Classic.book().run()}, {@code Classic.of(Program.TIMED).run()}, {@code Classic.book().jit(Jit.C2).run()}
 *
 * <p>What runs is chosen, not implied: {@link Program#BOOK} is exactly the program books print (constant 10,000,
 * nothing added); {@link Program#TIMED} adds four {@code nanoTime} stamps outside the loops, to see when they ran;
 * the {@code SIZED} copies read their loop bound from the command line. Adding stamps or reading a bound looks
 * harmless, yet it changes when the threads start relative to each other — so every result names its program,
 * and the notebook measures the book program and the timed copy side by side.
 *
 * <p>The JIT state is chosen too ({@link Jit}), as JCStress does with its compilation modes: interpreted
 * ({@code -Xint}), C1 or C2 (the loop's method compiled before it first runs: {@code -Xcomp} restricted to the
 * program's lambdas, with tiered compilation stopped at C1 or switched off for C2), or the JVM's default. A run can
 * be pinned to one CPU ({@code taskset}), to show what a one-core machine does to the race on any machine.
 *
 * <p>Runs stop at the first of: the run count, the time budget, or — with {@link #precision(double)} — when the
 * 95 % interval of the share of exact results is narrower than asked (after {@link #MIN_RUNS_FOR_PRECISION} runs).
 */
public final class Classic {
    /** How long a child JVM may run past the time budget before it is killed and the run is not counted. */
    static final Duration CHILD_GRACE = Duration.ofSeconds(10);
    /** Loops that ended this many µs or more before the other began count as "apart": they cannot have raced. */
    public static final double APART_US = 1.0;
    /** The book program's loop bound. */
    public static final int BOOK_INCREMENTS = 10_000;
    /** An adaptive run never stops for precision before this many runs. */
    public static final int MIN_RUNS_FOR_PRECISION = 20;

    /** Which copy of the program runs. */
    public enum Program {
        /** Exactly as books print it: constant 10,000, nothing else. */
        BOOK("RaceConditionTest", "the program as books print it", false, false),
        /** The book program plus four nanoTime stamps just outside the loops. */
        TIMED("RaceConditionTimed", "the program plus four nanoTime stamps outside its loops", true, false),
        /** The loop bound read from the command line (for other loop lengths). */
        SIZED("RaceConditionSized", "the program with its loop bound read from the command line", false, true),
        /** Loop bound from the command line and nanoTime stamps. */
        SIZED_TIMED("RaceConditionSizedTimed", "the program with its loop bound from the command line and nanoTime stamps",
                true, true);

        private final String className;
        private final String description;
        private final boolean timed;
        private final boolean sized;

        Program(String className, String description, boolean timed, boolean sized) {
            this.className = className;
            this.description = description;
            this.timed = timed;
            this.sized = sized;
        }

        public String className() { return className; }
        public String description() { return description; }
        public boolean timed() { return timed; }
        public boolean sized() { return sized; }

        /** Accepts the enum name or the class name, case-insensitively ("book", "sized-timed", "RaceConditionTest"). */
        public static Program parse(String s) {
            String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Program p : values()) if (p.name().equals(k) || p.className.equalsIgnoreCase(s.trim())) return p;
            throw new IllegalArgumentException("unknown program '" + s + "'; one of " + String.join(", ", java.util.Arrays
                    .stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
        }
    }

    /** The JIT state of the racing loops, chosen by JVM options as JCStress chooses its compilation modes. */
    public enum Jit {
        /** As {@code java} starts: tiered, the loop starts interpreted and may be compiled while it runs. */
        DEFAULT("JVM default (tiered)"),
        /** {@code -Xint}: every bytecode interpreted. */
        INTERPRETED("interpreted (-Xint)"),
        /** The loop's method compiled by C1 before it first runs. */
        C1("C1-compiled"),
        /** The loop's method compiled by C2 before it first runs. */
        C2("C2-compiled");

        private final String label;

        Jit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The JVM options that put {@code program}'s loops in this state. */
        public List<String> options(Program program) {
            String only = "-XX:CompileCommand=compileonly," + program.className() + "::lambda*";
            return switch (this) {
                case DEFAULT -> List.of();
                case INTERPRETED -> List.of("-Xint");
                case C1 -> List.of("-XX:TieredStopAtLevel=1", "-Xcomp", "-XX:CompileCommand=quiet", only);
                case C2 -> List.of("-XX:-TieredCompilation", "-Xcomp", "-XX:CompileCommand=quiet", only);
            };
        }

        public static Jit parse(String s) {
            String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Jit j : values()) if (j.name().equals(k) || j.name().startsWith(k) && k.length() >= 3) return j;
            throw new IllegalArgumentException("unknown JIT mode '" + s + "'; one of " + String.join(", ", java.util.Arrays
                    .stream(values()).map(j -> j.name().toLowerCase(Locale.ROOT)).toList()));
        }
    }

    private final boolean child;
    private final Program program;
    private int runs;
    private int increments = BOOK_INCREMENTS;
    private final List<String> jvmArgs = new ArrayList<>();
    private Jit jit = Jit.DEFAULT;
    private boolean pinned;
    private double precision = Double.NaN;
    private boolean precisionSet;
    private Duration time;

    private Classic(boolean child, Program program) {
        this.child = child;
        this.program = program;
        this.runs = child ? Profile.quickOrFull(120, 1_000) : Profile.quickOrFull(2_000, 20_000);
        this.time = Duration.ofSeconds(Profile.quickOrFull(8, 120));
        if (child) this.precision = Profile.quickOrFull(0.2, 0.08);
    }

    /** Exactly the program books print, one fresh JVM per run. */
    public static Classic book() {
        return new Classic(true, Program.BOOK);
    }

    /** One of the copies of the program, one fresh JVM per run. */
    public static Classic of(Program program) {
        Require.notNull("program", program);
        return new Classic(true, program);
    }

    /** The book program in fresh JVMs (kept for the terminal; {@link #book()} says what it is). */
    public static Classic childJvms() {
        return book();
    }

    /**
     * Each run starts two new threads in this JVM, exactly like the program's main — in whatever JIT state this JVM
     * is in. For the terminal and benchmarks; the notebook uses fresh JVMs, whose state is chosen.
     */
    public static Classic inProcess() {
        return new Classic(false, Program.SIZED_TIMED);
    }

    /** A range {@code runs} checks; its terminal option's help names the same constant. */
    public static final String RUNS_RANGE = "1..1000000";

    /** Runs exactly this many (unless the time budget ends first): the precision rule is off unless set. */
    public Classic runs(int n) {
        this.runs = Require.inRange("runs", n, RUNS_RANGE);
        if (!precisionSet && child) this.precision = Double.NaN;
        return this;
    }

    /** The loop bound; only the SIZED programs (and in-process runs) take one: the book program's is 10,000. */
    public Classic increments(int n) {
        Require.inRange("increments", n, 1, Budget.MAX_INCREMENTS);
        if (child && !program.sized() && n != BOOK_INCREMENTS) {
            throw new IllegalArgumentException("the " + program.name().toLowerCase(Locale.ROOT) + " program counts to "
                    + "the constant 10,000 (got " + n + "); use Classic.of(Program.SIZED) for other loop lengths");
        }
        this.increments = n;
        return this;
    }

    /** More JVM options of the child JVMs, e.g. {@code "-XX:+UseSerialGC"}. */
    public Classic jvmArgs(String... args) {
        requireChild("jvmArgs");
        for (String a : args) {
            if (a == null || !a.startsWith("-")) throw new IllegalArgumentException("a JVM option starts with '-' (got " + a + ")");
            jvmArgs.add(a);
        }
        return this;
    }

    /** The JIT state of the loops (default: the JVM's own). */
    public Classic jit(Jit mode) {
        requireChild("jit");
        this.jit = Require.notNull("JIT mode", mode);
        return this;
    }

    /** Runs every child JVM on one CPU (the first this JVM may use), as on a one-core machine. Linux ({@code taskset}). */
    public Classic pinned() {
        requireChild("pinned");
        if (Taskset.path() == null) {
            throw new IllegalStateException("pinning needs the taskset command (util-linux), which this system lacks");
        }
        this.pinned = true;
        return this;
    }

    /** A range {@code precision} checks; its terminal option's help names the same constant. */
    public static final String PRECISION_RANGE = "0.01..1";

    /**
     * Stop once the 95 % interval of the share of exact results is at most {@code width} wide (0.01–1; default 0.2
     * quick, 0.08 full), after at least {@value #MIN_RUNS_FOR_PRECISION} runs. 1 turns the rule off.
     */
    public Classic precision(double width) {
        requireChild("precision");
        this.precision = Require.inRange("interval width", width, PRECISION_RANGE);
        this.precisionSet = true;
        return this;
    }

    public Classic seconds(double s) {
        Budget.requireSeconds(s);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public Program program() { return program; }
    public Jit jitMode() { return jit; }
    public boolean isPinned() { return pinned; }

    private void requireChild(String what) {
        if (!child) throw new IllegalArgumentException(what + " applies to fresh JVMs only; use Classic.book() or Classic.of(...)");
    }

    /** What this run is, in a few words: "the program as books print it, C2-compiled, pinned to CPU 0". */
    String describe() {
        if (!child) return "in this JVM (JIT state: whatever it is now)";
        StringBuilder sb = new StringBuilder(program.description());
        if (program.sized()) sb.append(String.format(Locale.ROOT, " (%,d)", increments));
        if (jit != Jit.DEFAULT) sb.append(", ").append(jit.label());
        if (pinned) sb.append(", pinned to CPU ").append(Taskset.firstCpu());
        if (!jvmArgs.isEmpty()) sb.append(", ").append(String.join(" ", jvmArgs));
        return sb.toString();
    }

    public ClassicResult run() {
        boolean timed = !child || program.timed();
        Result.Builder b = Result.builder("race-classic", "The classic program: " + describe())
                .param("where", child ? "child-jvm" : "in-process").param("program", child ? program.name().toLowerCase(Locale.ROOT) : "in-process")
                .param("jit", child ? jit.label() : "in-process, JVM up " + String.format(Locale.ROOT, "%.0f s", Machine.uptimeSeconds()))
                .param("jvm_args", String.join(" ", allJvmArgs()))
                .param("pinned_cpu", pinned ? Taskset.firstCpu() : "none")
                .param("increments", increments).param("runs", runs).param("time_budget_s", time.toMillis() / 1000.0)
                .param("precision", Double.isNaN(precision) ? "off" : String.format(Locale.ROOT, "%.2f", precision));
        DataTable t = new DataTable("run", "value", "lost", "alpha_start_us", "alpha_end_us", "beta_start_us",
                "beta_end_us", "overlap_us");
        Budget.Meter meter = Budget.of(runs, time).start();
        try (Progress progress = Progress.start("classic runs", runs)) {
            if (child) runChildren(t, meter, progress);
            else runInProcess(t, meter, progress);
        }
        b.samples(t).ended(meter);
        summarize(b, t, timed);
        b.explainer(ClassicExplain::explain);
        return new ClassicResult(b);
    }

    private List<String> allJvmArgs() {
        List<String> all = new ArrayList<>(jit.options(program));
        all.addAll(jvmArgs);
        return all;
    }

    private void summarize(Result.Builder b, DataTable t, boolean timed) {
        long expected = 2L * increments;
        long[] values = t.longs("value");
        long[] lost = t.longs("lost");
        int n = t.size();
        long exact = java.util.Arrays.stream(values).filter(x -> x == expected).count();
        long withLoss = java.util.Arrays.stream(lost).filter(x -> x > 0).count();
        long oneThread = java.util.Arrays.stream(values).filter(x -> x == increments).count();
        b.figure("runs", n, "");
        b.figure("expected", expected, "");
        b.figure("runs_exact", exact, "");
        b.figure("runs_with_loss", withLoss, "");
        b.figure("share_exact", Interval.wilson(exact, n), "");
        b.figure("share_with_loss", Interval.wilson(withLoss, n), "");
        b.figure("median_value", Interval.median(values), "");
        b.figure("mean_lost", Interval.mean(lost), "updates");
        b.figure("max_lost", n == 0 ? Double.NaN : Stats.of(lost).max(), "updates");
        b.figure("share_one_thread_lost", Interval.wilson(oneThread, n), "");
        b.figure("distinct_values", java.util.Arrays.stream(values).distinct().count(), "");
        long[] lostOnes = java.util.Arrays.stream(lost).filter(x -> x > 0).toArray();
        double[] valueWhenLost = java.util.Arrays.stream(lostOnes).mapToDouble(x -> expected - x).toArray();
        b.figure("median_value_when_lost", Interval.median(valueWhenLost), "");
        b.figure("mean_lost_when_lost", Interval.mean(lostOnes), "updates");
        if (timed) {
            double[] ov = t.doubles("overlap_us");
            double[] loops = new double[2 * n];
            double[] gaps = new double[n];
            long overlapping = 0, apart = 0, apartLost = 0;
            for (int i = 0; i < n; i++) {
                double as = num(t, i, "alpha_start_us");
                loops[2 * i] = num(t, i, "alpha_end_us") - as;
                loops[2 * i + 1] = num(t, i, "beta_end_us") - num(t, i, "beta_start_us");
                gaps[i] = num(t, i, "beta_start_us") - as;
                if (ov[i] > 0) overlapping++;
                // "apart": one loop ended at least APART_US before the other began (margin for clocks and store buffers)
                if (ov[i] < -APART_US) {
                    apart++;
                    if (lost[i] > 0) apartLost++;
                }
            }
            b.figure("share_overlapping", Interval.wilson(overlapping, n), "");
            b.figure("runs_apart", apart, "");
            b.figure("apart_with_loss", apartLost, "");
            b.figure("median_loop_us", Interval.median(loops), "µs");
            b.figure("median_start_gap_us", Interval.median(gaps), "µs");
        }
        b.chart(r -> Charts.histogram("Printed values (" + describe() + ", " + n + " runs)", "printed count", values));
    }

    private static double num(DataTable t, int row, String column) {
        return ((Number) t.get(row, column)).doubleValue();
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
            add(t, meter.done(), InProcess.count, s, true);
            meter.count();
            progress.set(meter.done());
        }
    }

    private void runChildren(DataTable t, Budget.Meter meter, Progress progress) {
        Path dir = compiled();
        List<String> cmd = new ArrayList<>();
        if (pinned) cmd.addAll(List.of(Taskset.path(), "-c", Taskset.firstCpu()));
        cmd.add(ChildJvm.javaBinary());
        cmd.addAll(allJvmArgs());
        cmd.addAll(List.of("-cp", dir.toString(), program.className()));
        if (program.sized()) cmd.add(Integer.toString(increments));
        long expected = 2L * increments;
        long exact = 0;
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
                if (exit != 0) throw new IllegalStateException("java " + program.className() + " exited with " + exit + ": " + out);
                String[] w = out.split("\\s+");
                long value;
                long[] s = new long[4];
                try {
                    value = Long.parseLong(w[0]);
                    if (program.timed()) for (int i = 0; i < 4; i++) s[i] = Long.parseLong(w[i + 1]);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("unexpected output of " + program.className() + ": '" + out + "'");
                }
                add(t, meter.done(), value, s, program.timed());
                if (value == expected) exact++;
                meter.count();
                progress.set(meter.done());
                if (!Double.isNaN(precision) && precision < 1 && meter.done() >= MIN_RUNS_FOR_PRECISION
                        && Interval.wilson(exact, meter.done()).width() <= precision) {
                    meter.reached(String.format(Locale.ROOT, "95 %% interval of the exact share narrower than %.2f", precision));
                }
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
            throw Budget.interrupted();
        }
    }

    private void add(DataTable t, int run, long value, long[] s, boolean timed) {
        double base = s[0];
        double as = 0, ae = (s[1] - base) / 1e3, bs = (s[2] - base) / 1e3, be = (s[3] - base) / 1e3;
        if (!timed) ae = bs = be = as = Double.NaN;
        double overlap = timed ? Math.min(ae, be) - Math.max(as, bs) : Double.NaN;
        t.add(run, value, 2L * increments - value, as, ae, bs, be, overlap);
    }

    /** Holder of the in-process copy's shared counter. */
    static final class InProcess {
        static int count;
    }

    /** The programs compiled once per JVM into a temporary folder (see {@link ClassicSources#compiled()}). */
    static Path compiled() {
        return ClassicSources.compiled();
    }

    /** Tests: compile again on the next use. */
    static void forgetCompiled() {
        ClassicSources.forget();
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
                    throw Budget.interrupted();
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

    /** The source of one of the programs, as shipped with the library (e.g. "RaceConditionTest"). */
    public static String source(String name) {
        return ClassicSources.source(name);
    }

    /** The source of a program: {@code Classic.source(Program.BOOK)}. */
    public static String source(Program p) {
        return source(p.className());
    }

    /**
     * Two runs side by side — the book program and a copy (the timed one) — with their intervals, and whether the
     * copy's change altered the outcome: {@code Classic.compare(book, timed)}.
     */
    public static ClassicSet.SetResult compare(Result book, Result copy) {
        Require.notNull("book run", book);
        Require.notNull("copy run", copy);
        Map<String, Result> both = new java.util.LinkedHashMap<>();
        both.put("book program", book);
        both.put(ClassicExplain.describe(copy).replaceFirst("^the ", ""), copy);
        return ClassicSet.build("race-classic-compare", "The book program and " + ClassicExplain.describe(copy), both,
                s -> ClassicExplain.compare(book, copy));
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

        /** Were the loops timed (a TIMED program)? */
        public boolean timed() {
            return hasInterval("share_overlapping");
        }

        /**
         * When each thread's loop ran, for the first {@code runs} runs (µs after Alpha's loop started): where the
         * bars of a row do not overlap, nothing could be lost.
         */
        public Chart overlapChart(int runs) {
            Require.inRange("runs to draw", runs, 1, 500);
            if (!timed()) throw new IllegalStateException("this run has no loop timestamps: run Classic.of(Program.TIMED)");
            Map<String, List<double[]>> bars = new java.util.LinkedHashMap<>();
            List<double[]> alpha = new ArrayList<>(), beta = new ArrayList<>();
            int n = Math.min(runs, samples().size());
            for (int i = 0; i < n; i++) {
                alpha.add(new double[] {i, num(samples(), i, "alpha_start_us"), num(samples(), i, "alpha_end_us")});
                beta.add(new double[] {i, num(samples(), i, "beta_start_us"), num(samples(), i, "beta_end_us")});
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
            if (!timed()) throw new IllegalStateException("this run has no loop timestamps: run Classic.of(Program.TIMED)");
            double[] overlap = samples().doubles("overlap_us");
            double[] x = new double[overlap.length];
            for (int i = 0; i < x.length; i++) x[i] = i;
            return Charts.scatter("Did the two loops overlap? (above 0: yes, for that many µs)", "run",
                    "overlap of the loops (µs; below 0: gap)", List.of(new Series("overlap", x, overlap)));
        }

        /** What the loop timestamps say: overlap, loop time, start gap, and that runs whose loops ran apart lost nothing. */
        public dev.racelab.render.Renderable explainOverlap() {
            return explained(ClassicExplain.overlap(this));
        }
    }
}
