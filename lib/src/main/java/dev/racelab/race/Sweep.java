package dev.racelab.race;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.JitState;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Races across sizes: the start gate over thread counts, increment counts and counter kinds, or the classic
 * program in fresh JVMs over increment counts, with and without the JIT.
 * {@code Sweep.gate().run()}, {@code Sweep.jit().run()}
 */
public final class Sweep {
    public static final int[] DEFAULT_INCREMENTS = {10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private final boolean gate;
    private static final List<CounterKind> DEFAULT_KINDS = List.of(CounterKind.PLAIN_STATIC, CounterKind.VOLATILE, CounterKind.ATOMIC_INTEGER);
    /** Counters to race, by label; null: the defaults. */
    private Map<String, Supplier<Counter>> counters;
    private int[] threads = {2};
    private int[] increments = DEFAULT_INCREMENTS;
    private List<String> modes = List.of("", "-Xint");
    private int trials;
    private double secondsPerPoint;

    private Sweep(boolean gate) {
        this.gate = gate;
        this.trials = gate ? Profile.quickOrFull(300, 3_000) : Profile.quickOrFull(8, 40);
        this.secondsPerPoint = gate ? Profile.quickOrFull(0.25, 3.0) : Profile.quickOrFull(0.6, 10.0);
        if (!gate) this.increments = new int[] {1_000, 10_000, 100_000, 1_000_000, 10_000_000};
    }

    /** Start-gate trials for each counter kind × thread count × increment count. */
    public static Sweep gate() {
        return new Sweep(true);
    }

    /** The classic program in fresh JVMs for each increment count, with the JIT and with {@code -Xint}. */
    public static Sweep jit() {
        return new Sweep(false);
    }

    public Sweep kinds(CounterKind... k) {
        if (k.length == 0) throw new IllegalArgumentException("name at least one counter kind");
        this.counters = new LinkedHashMap<>();
        for (CounterKind kind : k) counters.put(kind.label(), kind::create);
        return this;
    }

    /**
     * Adds any counter to the sweep, e.g. one from notebooks 03–05: {@code Sweep.gate().kinds(CounterKind.VOLATILE)
     * .counter("LongAdder", AdderCounter::new)}. Without {@link #kinds}, only the counters added this way run.
     */
    public Sweep counter(String label, Supplier<Counter> factory) {
        Require.notNull("counter factory", factory);
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a counter needs a label");
        if (counters == null) counters = new LinkedHashMap<>();
        if (counters.putIfAbsent(label, factory) != null) throw new IllegalArgumentException("counter '" + label + "' is already in the sweep");
        return this;
    }

    public Sweep threads(int... t) {
        if (t.length == 0) throw new IllegalArgumentException("name at least one thread count");
        for (int n : t) Require.inRange("threads", n, 1, Budget.MAX_THREADS);
        this.threads = t.clone();
        return this;
    }

    public Sweep increments(int... n) {
        if (n.length == 0) throw new IllegalArgumentException("name at least one increment count");
        for (int v : n) Require.inRange("increments", v, 1, Budget.MAX_INCREMENTS);
        this.increments = n.clone();
        return this;
    }

    public Sweep trials(int n) {
        this.trials = Require.inRange("trials per point", n, 1, Budget.MAX_TRIALS);
        return this;
    }

    /** A range {@code secondsPerPoint} checks; its terminal option's help names the same constant. */
    public static final String SECONDS_PER_POINT_RANGE = "0.01..600";

    public Sweep secondsPerPoint(double s) {
        this.secondsPerPoint = Require.inRange("seconds per point", s, SECONDS_PER_POINT_RANGE);
        return this;
    }

    public SweepResult run() {
        DataTable t = gate
                ? new DataTable("counter", "threads", "increments", "trials", "share_with_loss", "low", "high",
                        "trials_with_loss", "trials_together", "together_with_loss", "mean_fraction_lost", "fraction_low",
                        "fraction_high", "median_lost", "p99_lost", "ns_per_increment", "share_late_start", "loop_jit")
                : new DataTable("jit", "threads", "increments", "trials", "share_with_loss", "low", "high",
                        "mean_fraction_lost", "fraction_low", "fraction_high", "share_one_thread_lost", "share_overlapping");
        Result.Builder b = Result.builder(gate ? "race-sweep" : "race-jit-sweep",
                gate ? "Start-gate sweep: how often and how much is lost" : "The classic program in fresh JVMs: JIT versus interpreter")
                .param("trials_per_point", trials).param("seconds_per_point", secondsPerPoint)
                .param("increments", java.util.Arrays.toString(increments));
        if (gate) {
            Map<String, Supplier<Counter>> cs = counters;
            if (cs == null) {
                cs = new LinkedHashMap<>();
                for (CounterKind k : DEFAULT_KINDS) cs.put(k.label(), k::create);
            }
            b.param("threads", java.util.Arrays.toString(threads)).param("counters", cs.keySet().toString())
                    .param("min_raced", StartGate.MIN_RACED).param("collapsed_below_ns", SweepExplain.COLLAPSED_NS);
            int points = cs.size() * threads.length * increments.length, done = 0;
            try (Progress progress = Progress.start("sweep points", points)) {
                for (var c : cs.entrySet()) {
                    for (int th : threads) {
                        for (int n : increments) {
                            Result r = StartGate.of(c.getKey(), c.getValue()).threads(th).increments(n).trials(trials)
                                    .seconds(secondsPerPoint).run();
                            Interval share = r.interval("share_with_loss"), frac = r.interval("mean_fraction_lost");
                            t.add(c.getKey(), th, n, (long) r.value("trials"), share.estimate(), share.low(), share.high(),
                                    (long) r.value("trials_with_loss"), (long) r.value("trials_together"),
                                    (long) r.value("together_with_loss"), frac.estimate(), frac.low(), frac.high(),
                                    r.value("median_lost"), r.value("p99_lost"), r.value("ns_per_increment"),
                                    r.value("share_late_start"), JitState.shortForm(String.valueOf(r.params().get("loop_jit"))));
                            progress.set(++done);
                        }
                    }
                }
            }
        } else {
            b.param("modes", modes.toString());
            try (Progress progress = Progress.start("sweep points", (long) modes.size() * increments.length)) {
                int done = 0;
                for (String mode : modes) {
                    for (int n : increments) {
                        progress.set(++done);
                        if (mode.equals("-Xint") && n > 1_000_000) continue; // interpreted, 10^7 takes seconds per run
                        Classic c = Classic.of(Classic.Program.SIZED_TIMED).increments(n).runs(trials)
                                .seconds(secondsPerPoint).precision(1);
                        if (!mode.isEmpty()) c.jit(Classic.Jit.INTERPRETED);
                        Result r = c.run();
                        Interval share = r.interval("share_with_loss"), frac = r.interval("mean_lost").scaled(1 / (2.0 * n));
                        t.add(mode.isEmpty() ? "JIT (default)" : "interpreter (" + mode + ")", 2, n, (long) r.value("runs"),
                                share.estimate(), share.low(), share.high(), frac.estimate(), frac.low(), frac.high(),
                                r.value("share_one_thread_lost"), r.value("share_overlapping"));
                    }
                }
            }
        }
        b.samples(t).showSamples();
        b.ended(t.size() + " points");
        if (gate) b.explainer(SweepExplain::explain);
        return new SweepResult(b.chart(r -> ((SweepResult) r).shareChart()));
    }

    /** Charts over the sweep's points, one line per counter kind (or JIT mode) and thread count. */
    public static final class SweepResult extends Result {
        SweepResult(Result.Builder b) {
            super(b);
        }

        public Chart shareChart() {
            return chart("share_with_loss", "low", "high", "share of trials that lost updates");
        }

        public Chart fractionChart() {
            return chart("mean_fraction_lost", "fraction_low", "fraction_high", "mean fraction of updates lost");
        }

        /** Share of trials with losses for each thread count (x) at one increment count, with 95 % bands. */
        public Chart threadsChart(int increments) {
            DataTable t = samples().where("increments", increments);
            if (t.size() == 0) throw new IllegalArgumentException("no points at " + increments + " increments");
            return Charts.integerX(lines(t, row -> String.valueOf(row[0]), 1, " threads", "share_with_loss", "low", "high",
                    String.format(Locale.ROOT, "Share of trials with lost updates, %,d increments (95 %% bands)", increments),
                    "threads", "share of trials", false));
        }

        private Chart chart(String column, String low, String high, String yLabel) {
            boolean severalThreadCounts = distinctThreads() > 1; // once, not per row
            return lines(samples(), row -> row[0] + (severalThreadCounts ? ", " + row[1] + " threads" : ""), 2,
                    " increments", column, low, high, Character.toUpperCase(yLabel.charAt(0)) + yLabel.substring(1)
                            + ", by increments per thread (95 % bands)", "increments per thread (log scale)", yLabel, true);
        }

        /**
         * One line per name, x from column {@code xAt} (a point is named by its x and {@code xUnit}). In a start-gate
         * sweep a point where fewer than {@link StartGate#MIN_RACED} trials really raced is left out of its line, and
         * the chart names it: its threads ran one after the other, so a low share there says nothing about the counter.
         */
        private static Chart lines(DataTable t, java.util.function.Function<Object[], String> nameOf, int xAt,
                                   String xUnit, String column, String low, String high, String title, String xLabel, String yLabel,
                                   boolean logX) {
            int c = t.index(column), lo = t.index(low), hi = t.index(high);
            int together = t.columns().contains("trials_together") ? t.index("trials_together") : -1;
            List<String> left = new ArrayList<>();
            Map<String, List<double[]>> lines = new LinkedHashMap<>();
            for (Object[] row : t.rows()) {
                String name = nameOf.apply(row);
                boolean raced = together < 0 || num(row[together]) >= StartGate.MIN_RACED;
                if (!raced) left.add(String.format(Locale.ROOT, "%s at %,d%s (%,d raced)", name, (long) num(row[xAt]),
                        xUnit, (long) num(row[together])));
                lines.computeIfAbsent(name, x -> new ArrayList<>()).add(raced
                        ? new double[] {num(row[xAt]), num(row[c]), num(row[lo]), num(row[hi])}
                        : new double[] {num(row[xAt]), Double.NaN, Double.NaN, Double.NaN});
            }
            Chart chart = Charts.linesWithBands(title, xLabel, yLabel, toSeries(lines), toBands(lines), logX);
            if (!left.isEmpty()) {
                chart.jfree().addSubtitle(new org.jfree.chart.title.TextTitle(String.format(Locale.ROOT,
                        "Left out, fewer than %d trials really raced: %s", StartGate.MIN_RACED, String.join("; ", left))));
            }
            return chart;
        }

        private static double num(Object o) {
            return ((Number) o).doubleValue();
        }

        /** Trials and trials with a loss of one counter over the whole sweep. */
        public long[] totals(String counter) {
            DataTable t = samples().where(samples().columns().get(0), counter);
            return new long[] {java.util.Arrays.stream(t.longs("trials")).sum(),
                    java.util.Arrays.stream(t.longs("trials_with_loss")).sum(),
                    java.util.Arrays.stream(t.longs("trials_together")).sum(),
                    t.size(), java.util.Arrays.stream(t.longs("trials")).filter(x -> x == 0).count()};
        }

        /**
         * The claim "these counters lost no update", checked on the counts: it fails the cell if any trial of them
         * lost or gained an update; a point that finished no trial is reported as no data, never read as a pass or a
         * loss. Returns the evidence as prose.
         */
        public dev.racelab.render.Renderable verifyNoLoss(CounterKind... kinds) {
            return SweepExplain.verifyNoLoss(this, kinds).markdown();
        }

        /** {@link #verifyNoLoss(CounterKind...)} for counters added by label, e.g. a learner's own. */
        public dev.racelab.render.Renderable verifyNoLoss(String... labels) {
            return SweepExplain.verifyNoLoss(this, labels).markdown();
        }

        private long distinctThreads() {
            return samples().rows().stream().map(row -> row[1]).distinct().count();
        }

        private static List<double[][]> toBands(Map<String, List<double[]>> lines) {
            List<double[][]> out = new ArrayList<>();
            lines.forEach((name, pts) -> {
                double[][] b = new double[2][pts.size()];
                for (int i = 0; i < pts.size(); i++) { b[0][i] = pts.get(i)[2]; b[1][i] = pts.get(i)[3]; }
                out.add(b);
            });
            return out;
        }

        private static List<Series> toSeries(Map<String, List<double[]>> lines) {
            List<Series> out = new ArrayList<>();
            lines.forEach((name, pts) -> {
                double[] x = new double[pts.size()], y = new double[pts.size()];
                for (int i = 0; i < x.length; i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
                out.add(new Series(name, x, y));
            });
            return out;
        }
    }
}
