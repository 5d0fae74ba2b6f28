package dev.racelab.race;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Csv;
import dev.racelab.core.Comparison;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Your machine next to a reference: the CSVs under {@code data/reference/}, recorded with
 * {@code ./course exp race-classic --format csv} and {@code race-sweep}, each with its date, JDK, cores and OS.
 * {@code Reference.overlayClassic(classic)}
 */
public final class Reference {
    private Reference() {}

    /** {@code data/reference/<name>} of the course checkout ({@code RACELAB_HOME}, else the current folder or its parent). */
    public static Path path(String name) {
        List<Path> roots = new ArrayList<>();
        String home = System.getenv("RACELAB_HOME");
        if (home != null) roots.add(Path.of(home));
        roots.add(Path.of("").toAbsolutePath());
        roots.add(Path.of("").toAbsolutePath().getParent());
        for (Path r : roots) {
            if (r == null) continue;
            Path p = r.resolve("data").resolve("reference").resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalArgumentException("no reference file data/reference/" + name + " (looked under " + roots + ")");
    }

    /**
     * The learner's classic run beside the reference run: a summary per source (with the 95 % interval of the share
     * that printed the expected value, the program and the CPU of each) and the two distributions.
     */
    public static Result overlayClassic(Result mine) {
        Csv ref = Csv.read(path("race-classic.csv"));
        long[] refValues = ref.table().longs("value");
        long[] myValues = mine.samples().longs("value");
        long expected = (long) mine.value("expected");
        Interval here = Interval.wilson(Arrays.stream(myValues).filter(v -> v == expected).count(), myValues.length);
        Interval there = Interval.wilson(Arrays.stream(refValues).filter(v -> v == expected).count(), refValues.length);
        String myProgram = String.valueOf(mine.params().getOrDefault("program", "?"));
        String refProgram = ref.metadata().getOrDefault("param.program", "timed, bound from args (recorded before 2026-12)");
        DataTable t = new DataTable("source", "date", "jdk", "cpu", "program", "runs", "share exactly " + expected, "95% interval");
        t.add("this machine", mine.startedAt().toString().substring(0, 10), mine.machine().jdkVersion(),
                mine.conditions().describe(), myProgram, myValues.length, here.estimate(), here.bracket("%.3f"));
        t.add("reference", ref.metadata().getOrDefault("date", "?").substring(0, 10), ref.metadata().getOrDefault("jdk", "?"),
                ref.metadata().getOrDefault("cpu", ref.metadata().getOrDefault("cores", "?") + " cores"), refProgram,
                refValues.length, there.estimate(), there.bracket("%.3f"));
        return Result.builder("race-classic-vs-reference", "The classic program: this machine versus the reference")
                .samples(t).showSamples()
                .param("program_here", myProgram).param("program_reference", refProgram)
                .figure("share_exact_here", here, "")
                .figure("share_exact_reference", there, "")
                .chart(r -> Charts.bars("The classic program: what the runs printed", "printed count", "% of runs",
                        outcomes(expected, Map.of("this machine", myValues, "reference", refValues)), false))
                .explainer(r -> {
                    Prose p = new Prose().set("here", here.scaled(100), "%.0f %%").set("there", there.scaled(100), "%.0f %%")
                            .add("This machine printed 20,000 in {here} of its runs, the reference machine in {there}.");
                    if (!myProgram.equals(refProgram)) {
                        p.set("a", myProgram).set("b", refProgram)
                                .add("They ran different copies of the program ({a} here, {b} there), so compare with care.");
                    }
                    return p.add(switch (Comparison.of(here, there)) {
                        case MORE -> "Here the program lost updates less often than on the reference machine.";
                        case LESS -> "Here the program lost updates more often than on the reference machine.";
                        case WITHIN_NOISE -> "The two cannot be told apart: the intervals overlap.";
                        case NO_DATA -> "One side has no data.";
                    });
                })
                .build();
    }

    /** Per source: % of runs in each outcome bin, from "exactly expected" down to "lost more than half". */
    static Map<String, Map<String, Double>> outcomes(long expected, Map<String, long[]> sources) {
        long half = expected / 2, quarter = expected / 4;
        String[] bins = {
                String.format(Locale.ROOT, "exactly %,d", expected),
                String.format(Locale.ROOT, "%,d–%,d", expected - quarter, expected - 1),
                String.format(Locale.ROOT, "%,d–%,d", half + 1, expected - quarter - 1),
                String.format(Locale.ROOT, "exactly %,d", half),
                String.format(Locale.ROOT, "below %,d", half)};
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String name : List.of("this machine", "reference")) {
            long[] v = sources.get(name);
            Map<String, Double> row = new LinkedHashMap<>();
            for (String b : bins) row.put(b, 0.0);
            for (long x : v) {
                String b = x == expected ? bins[0] : x >= expected - quarter ? bins[1] : x > half ? bins[2] : x == half ? bins[3] : bins[4];
                row.merge(b, 100.0 / v.length, Double::sum);
            }
            out.put(name + " (" + v.length + " runs)", row);
        }
        return out;
    }

    /** Share of trials with losses per increment count for one counter kind: here versus the reference. */
    public static Result overlaySweep(Result mine, String counterLabel) {
        Csv ref = Csv.read(path("race-sweep.csv"));
        Series here = share("this machine", mine.samples().where("counter", counterLabel));
        Series there = share("reference (" + ref.metadata().getOrDefault("date", "?").substring(0, 10) + ")",
                ref.table().where("counter", counterLabel));
        if (here.x().length == 0 || there.x().length == 0) {
            throw new IllegalArgumentException("counter '" + counterLabel + "' is not in both sweeps");
        }
        DataTable t = new DataTable("increments", "share with loss here", "share with loss (reference)");
        for (int i = 0; i < here.x().length; i++) {
            int j = Arrays.binarySearch(there.x(), here.x()[i]);
            t.add((long) here.x()[i], here.y()[i], j >= 0 ? there.y()[j] : Double.NaN);
        }
        return Result.builder("race-sweep-vs-reference", "Start gate, " + counterLabel + ": this machine versus the reference")
                .samples(t).showSamples()
                .chart(r -> Charts.lines("Share of trials with lost updates, " + counterLabel, "increments per thread (log scale)",
                        "share of trials", List.of(here, there), true, false))
                .build();
    }

    private static Series share(String name, DataTable t) {
        return new Series(name, t.doubles("increments"), t.doubles("share_with_loss"));
    }
}
