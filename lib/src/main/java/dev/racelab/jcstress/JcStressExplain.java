package dev.racelab.jcstress;

import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What one JCStress test's outcome table says, in the test's own words (each outcome's {@code desc}): how often the
 * interesting and the forbidden outcomes were seen, as counts and shares with 95 % intervals; an outcome not seen is
 * "not seen (fewer than 1 in N samples, 95 % confidence)", never "cannot happen".
 * {@code JcStress.test("Counter_02_VolatileIncrement").run().explain()}
 */
final class JcStressExplain {
    private JcStressExplain() {}

    static Prose explain(Result r) {
        DataTable t = r.samples();
        long samples = (long) r.value("samples");
        Prose p = new Prose().set("test", "`" + shortName(String.valueOf(r.params().get("test"))) + "`")
                .set("samples", samples, "%,.0f").set("mode", String.valueOf(r.params().get("mode")));
        Object notRun = r.params().get("not_run");
        if (notRun != null) {
            return p.set("why", String.valueOf(notRun)).add("JCStress did not run {test} here: {why}. No samples, so no "
                    + "verdict on the code (a check of its forbidden outcomes has nothing to count). On one CPU a race needs the scheduler to stop a thread "
                    + "between its read and its write ([notebook 02](02-data-race.ipynb) §4 measures that); on a "
                    + "machine with 2 cores this cell runs the test.");
        }
        if (samples == 0) {
            return p.add("JCStress ran {test} but recorded no sample ({mode} mode): no data, so no verdict.");
        }
        p.add("JCStress ran {test} {samples} times ({mode} mode).");
        int k = 0;
        for (int i = 0; i < t.size(); i++) {
            String expect = String.valueOf(t.get(i, "expect"));
            boolean interesting = expect.equals("ACCEPTABLE_INTERESTING");
            if (!interesting && !expect.equals("FORBIDDEN")) continue;
            long seen = ((Number) t.get(i, "count")).longValue();
            String s = "" + k++;
            Interval share = Interval.wilson(seen, samples).scaled(100);
            p.set("o" + s, "`" + t.get(i, "outcome") + "`").set("d" + s, String.valueOf(t.get(i, "description")).replaceAll("\\.$", ""))
                    .set("k" + s, seen, "%,.0f").set("sh" + s, share, share.estimate() < 0.1 ? "%.4f %%" : "%.1f %%")
                    .set("up" + s, 1 / Interval.wilson(seen, samples).high(), "%,.0f");
            String kind = interesting ? "interesting" : "forbidden";
            if (seen > 0) {
                p.add("The " + kind + " outcome {o" + s + "} — {d" + s + "} — was seen {k" + s + "} times ({sh" + s
                        + "} of the samples).");
            } else {
                p.add("The " + kind + " outcome {o" + s + "} — {d" + s + "} — was not seen (with 95 % confidence it "
                        + "comes up in fewer than 1 in {up" + s + "} samples here" + (interesting
                        ? "; not seen is not impossible: its window may be too narrow for this machine, so run it again)."
                        : ")."));
            }
        }
        if (k == 0) p.add("The test declares no interesting or forbidden outcome.");
        var figures = r.summary().strings("figure");
        double startup = figures.contains("startup_s") ? r.value("startup_s") : Double.NaN;
        double testing = figures.contains("testing_s") ? r.value("testing_s") : Double.NaN;
        if (!Double.isNaN(startup) && !Double.isNaN(testing)) {
            Object n = r.params().get("tests_in_run");
            int tests = n instanceof Number x ? x.intValue() : 1;
            p.set("startup", startup, "%.1f s").set("testing", testing, "%.1f s")
                    .add("JCStress took {startup} to start — it probes the OS and this JVM first, one short JVM per "
                            + "option it tries — and then {testing} to test" + (tests > 1
                            ? String.format(java.util.Locale.ROOT, " (the %d tests of this run together)", tests) : "")
                            + ".");
        }
        return p;
    }

    static String shortName(String test) {
        return test.substring(test.lastIndexOf('.') + 1);
    }
}
