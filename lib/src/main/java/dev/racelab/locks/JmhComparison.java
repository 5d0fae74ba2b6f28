package dev.racelab.locks;

import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last {@code ./course bench} run's comparison of {@link Throughput} (the notebooks' quick measurement) with JMH
 * for the counter primitives, read back from {@code build/bench.json}. {@code JmhComparison.lastBench()}
 */
public final class JmhComparison {
    private static final Pattern FIGURE = Pattern.compile("\"([A-Za-z0-9_]+)\":\\s*\\{\\s*\"value\":\\s*([-0-9.eE+]+|null)");
    private static final Pattern JMH = Pattern.compile("jmh_(\\w+)_mops");

    private JmhComparison() {}

    /** {@code <checkout>/build/bench.json}: from RACELAB_HOME, else the current folder. */
    public static Path benchFile() {
        String home = System.getenv("RACELAB_HOME");
        return Path.of(home == null ? "" : home).toAbsolutePath().resolve("build").resolve("bench.json");
    }

    /** The comparison table, or a result with {@code available = 0} when there is no bench run with JMH figures yet. */
    public static Result lastBench() {
        return read(benchFile());
    }

    static Result read(Path file) {
        Result.Builder b = Result.builder("jmh-comparison", "Quick measurement versus JMH (last ./course bench)")
                .param("file", file.toString());
        if (!Files.isRegularFile(file)) {
            return b.figure("available", 0, "").note("No " + file + " yet: run ./course bench in a terminal.").build();
        }
        Map<String, Double> figs = new LinkedHashMap<>();
        try {
            Matcher m = FIGURE.matcher(Files.readString(file));
            while (m.find()) figs.put(m.group(1), m.group(2).equals("null") ? Double.NaN : Double.parseDouble(m.group(2)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        DataTable t = new DataTable("counter, threads", "JMH (M/s)", "quick (M/s)", "quick / JMH", "ranges overlap",
                "one kind per JVM / JMH");
        int n = 0, inside = 0, insideAlone = 0, overlap = 0;
        for (String key : figs.keySet()) {
            Matcher m = JMH.matcher(key);
            if (!m.matches()) continue;
            String k = m.group(1);
            Interval jmh = range(figs, "jmh_" + k + "_mops");
            Interval quick = range(figs, "quick_" + k + "_mops");
            double ratio = figs.getOrDefault("quick_vs_jmh_" + k, Double.NaN);
            double alone = figs.getOrDefault("quick_alone_vs_jmh_" + k, Double.NaN);
            boolean agree = !jmh.isEmpty() && !quick.isEmpty() && jmh.overlaps(quick);
            t.add(k, jmh.format("%.1f"), quick.format("%.1f"), ratio, agree ? "yes" : "no", alone);
            n++;
            if (ratio >= 0.7 && ratio <= 1.3) inside++;
            if (alone >= 0.7 && alone <= 1.3) insideAlone++;
            if (agree) overlap++;
        }
        if (n == 0) {
            return b.figure("available", 0, "").note(file + " has no JMH comparison: run ./course bench (not --smoke).").build();
        }
        boolean medians = figs.keySet().stream().anyMatch(x -> x.endsWith("_mops_low"));
        return b.samples(t).showSamples()
                .param("medians", medians ? "yes" : "no (an older bench file: best iterations, no ranges)")
                .figure("available", 1, "")
                .figure("pairs", n, "")
                .figure("within_30pct", inside, "")
                .figure("ranges_overlap", medians ? overlap : Double.NaN, "pairs whose quick and JMH ranges overlap")
                .figure("alone_within_30pct", insideAlone, "")
                .figure("load_average_1m", figs.getOrDefault("counters_load_average_1m", Double.NaN), "")
                .figure("cores", figs.getOrDefault("counters_cores", Double.NaN), "")
                .note("Each side: the median, in brackets its range (JMH over its 1-s iterations, the quick measurement over "
                        + "3 fresh JVMs). Not the best iteration: for contended counters noise makes runs faster (a "
                        + "descheduled thread stops contending), so the best favours moments without contention.")
                .explainer(JmhExplain::explain)
                .build();
    }

    /** A median with its range from {@code name}, {@code name_low}, {@code name_high} (exact when a file has no range). */
    static Interval range(Map<String, Double> figs, String name) {
        Double v = figs.get(name);
        if (v == null || v.isNaN()) return Interval.empty();
        double lo = figs.getOrDefault(name + "_low", v), hi = figs.getOrDefault(name + "_high", v);
        return new Interval(v, Math.min(lo, v), Math.max(hi, v), 1, "range of runs");
    }
}
