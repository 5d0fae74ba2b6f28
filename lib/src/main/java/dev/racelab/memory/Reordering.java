package dev.racelab.memory;

import dev.racelab.chart.Charts;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.jcstress.JcStress;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Notebook 09's JCStress tests in one JCStress run (it probes the machine once, most of a quick run's time), read back
 * as two results: reordering (store buffering, message passing) and publication (plain, final, volatile, locked,
 * double-checked locking). {@code var litmus = Reordering.run(); litmus.reordering()}
 */
public final class Reordering {
    private final Map<Litmus, Result> results;
    private final String arch;

    Reordering(Map<Litmus, Result> results, String osArch) {
        this.results = results;
        this.arch = Litmus.architecture(osArch);
    }

    /** A range {@code run} checks; its terminal option's help names the same constant. */
    public static final String SECONDS_RANGE = "10..3600";

    /** Every test of notebook 09, quick mode, one JVM configuration; the whole run within {@code seconds}. */
    public static Reordering run(double seconds) {
        Require.inRange("time budget (s)", seconds, SECONDS_RANGE);
        List<String> names = java.util.Arrays.stream(Litmus.values()).map(l -> l.test).toList();
        List<Result> rs = JcStress.tests(names.toArray(String[]::new)).seconds(seconds).runEach();
        Map<Litmus, Result> m = new LinkedHashMap<>();
        for (int i = 0; i < rs.size(); i++) m.put(Litmus.values()[i], rs.get(i));
        return new Reordering(m, System.getProperty("os.arch"));
    }

    public static Reordering run() {
        return run(90);
    }

    /** From JCStress results already read (by test name), e.g. for tests. */
    static Reordering of(List<Result> jcstress, String osArch) {
        Map<Litmus, Result> m = new LinkedHashMap<>();
        for (Result r : jcstress) m.put(Litmus.byTest(String.valueOf(r.params().get("test"))), r);
        return new Reordering(m, osArch);
    }

    /** One test's own JCStress result (its outcome table and coloured bars). */
    public Result test(String name) {
        Result r = results.get(Litmus.byTest(name));
        if (r == null) throw new IllegalArgumentException("this run has no result for " + name);
        return r;
    }

    /** Store buffering and message passing, plain and volatile. */
    public Result reordering() {
        return group(Litmus.Group.REORDERING, "Reordering: store buffering and message passing, plain and volatile");
    }

    /** An object published through a plain, final, volatile or lock-guarded field; double-checked locking. */
    public Result publication() {
        return group(Litmus.Group.PUBLICATION, "Publication: plain, final, volatile, locked; double-checked locking");
    }

    /** The happens-before edges of the experiments, with what each forbade here. */
    public Result happensBefore() {
        return HappensBefore.of(this);
    }

    /** The same, with the stop-flag row filled from notebook 09's {@link Visibility} result. */
    public Result happensBefore(Result visibility) {
        return HappensBefore.of(this, visibility);
    }

    Map<Litmus, Result> results() {
        return results;
    }

    String arch() {
        return arch;
    }

    /** Samples and telling-outcome count of a test, or null when this run lacks it. */
    long[] counts(Litmus l) {
        Result r = results.get(l);
        if (r == null) return null;
        long seen = 0;
        for (Object[] row : r.samples().rows()) if (row[0].equals(l.outcome)) seen += ((Number) row[1]).longValue();
        return new long[] {(long) r.value("samples"), seen};
    }

    private Result group(Litmus.Group g, String title) {
        Result.Builder b = Result.builder("memory-" + g.name().toLowerCase(Locale.ROOT), title);
        DataTable t = new DataTable("test", "outcome", "samples", "share of the test's samples", "expect", "meaning");
        Map<String, Double> shares = new LinkedHashMap<>();
        Map<String, Color> colours = new LinkedHashMap<>();
        List<String> present = new ArrayList<>();
        for (Litmus l : Litmus.of(g)) {
            Result r = results.get(l);
            if (r == null) continue;
            present.add(l.name());
            long n = (long) r.value("samples");
            for (Object[] row : r.samples().rows()) {
                long c = ((Number) row[1]).longValue();
                String expect = String.valueOf(row[2]);
                t.add(l.test, row[0], c, n == 0 ? Double.NaN : (double) c / n, expect, row[3]);
                String key = l.tag + " · " + row[0];
                shares.put(key, n == 0 ? 0 : 100.0 * c / n);
                colours.put(key, expect.equals("ACCEPTABLE") ? Charts.ACCEPTABLE
                        : expect.equals("ACCEPTABLE_INTERESTING") ? Charts.INTERESTING : Charts.FORBIDDEN);
            }
            long[] c = counts(l);
            String k = l.name().toLowerCase(Locale.ROOT);
            b.figure(k + "_samples", c[0], "").figure(k + "_seen", c[1], "")
                    .figure(k + "_share", Interval.wilson(c[1], c[0]), "")
                    .figure(k + "_forbidden", r.value("forbidden"), "");
        }
        // a JCStress that could not run here (one CPU) says why; the group carries it for the explanation
        results.values().stream().map(r -> r.params().get("not_run")).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(why -> b.param("not_run", why));
        long forbidden = present.stream().mapToLong(n -> (long) forbiddenOf(Litmus.valueOf(n))).sum();
        return b.param("tests", String.join(",", present)).param("architecture", arch)
                .param("os_arch", System.getProperty("os.arch"))
                .figure("forbidden", forbidden, "")
                .samples(t).showSamples()
                .note("Outcomes counted by JCStress 0.16 (quick mode, one JVM configuration); the tests are in stress/src/main/java/dev/racelab/stress/. "
                        + "Colours: green ACCEPTABLE, orange ACCEPTABLE_INTERESTING (allowed, and the point of the test), red FORBIDDEN; "
                        + "the labels of orange and red bars are coloured too, as those bars are often of height zero.")
                .chart(res -> slanted(Charts.coloredBars(title + " (test · outcome)", "% of the test's samples", shares, colours), colours))
                .explainer(ReorderExplain::explain)
                .build();
    }

    /**
     * Category labels at 45°, so a dozen "test · outcome" labels stay readable, and in their bar's colour where the
     * outcome is interesting or forbidden: those bars are often of height zero, and the label still shows the grading.
     */
    static dev.racelab.chart.Chart slanted(dev.racelab.chart.Chart c, Map<String, Color> colours) {
        org.jfree.chart.axis.CategoryAxis axis = c.jfree().getCategoryPlot().getDomainAxis();
        axis.setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
        colours.forEach((k, col) -> {
            if (!col.equals(Charts.ACCEPTABLE)) axis.setTickLabelPaint(k, col);
        });
        return c;
    }

    private double forbiddenOf(Litmus l) {
        return results.get(l).value("forbidden");
    }
}
