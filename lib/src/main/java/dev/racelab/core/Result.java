package dev.racelab.core;

import dev.racelab.chart.Chart;
import dev.racelab.render.Html;
import dev.racelab.render.Renderable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What an experiment measured: its raw samples, parameters, summary figures, the machine it ran on and how
 * it ended. It renders itself in a notebook (summary table + chart), prints as text and exports CSV / JSON.
 * {@code result.value("median_us")}, {@code result.writeCsv(Path.of("build/run.csv"))}
 */
public class Result implements Renderable {
    static final int SHOWN_SAMPLES = 20;
    private final String experiment;
    private final String title;
    private final Map<String, Object> params;
    private final Machine machine;
    private final Profile profile;
    private final Instant startedAt;
    private final Duration wall;
    private final String ended;
    private final DataTable samples;
    private final DataTable summary;
    private final List<String> notes;
    private final Function<Result, Chart> chartMaker;
    private final Function<Result, Prose> explainer;
    private final boolean showSamples;
    private final Map<String, Interval> intervals;
    private final Conditions conditions;
    private Chart chart;

    protected Result(Builder b) {
        this.experiment = b.experiment;
        this.title = b.title;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.machine = Machine.current();
        this.profile = Profile.current();
        this.startedAt = b.startedAt;
        this.wall = Duration.ofNanos(System.nanoTime() - b.startNanos);
        this.ended = b.ended;
        this.samples = b.samples;
        this.summary = b.summary;
        this.notes = List.copyOf(b.notes);
        this.chartMaker = b.chartMaker;
        this.explainer = b.explainer;
        this.showSamples = b.showSamples;
        this.intervals = Collections.unmodifiableMap(new LinkedHashMap<>(b.intervals));
        this.conditions = b.conditions != null ? b.conditions : b.window.end();
    }

    public static Builder builder(String experiment, String title) {
        return new Builder(experiment, title);
    }

    public String experiment() { return experiment; }
    public String title() { return title; }
    public Map<String, Object> params() { return params; }
    public Machine machine() { return machine; }
    public Profile profile() { return profile; }
    public Instant startedAt() { return startedAt; }
    public Duration wall() { return wall; }
    /** How it ended, e.g. "200 of 200 trials". */
    public String ended() { return ended; }
    /** Every raw sample, one row each. */
    public DataTable samples() { return samples; }
    /** Summary figures: columns figure, value, unit. */
    public DataTable summary() { return summary; }
    public List<String> notes() { return notes; }
    /** What the CPU really gave this run (cores, quota, how much two threads ran at once, other processes' load). */
    public Conditions conditions() { return conditions; }

    /** A figure's 95 % interval; an exact point for figures recorded without one (counts, parameters). */
    public Interval interval(String figure) {
        Interval iv = intervals.get(figure);
        if (iv != null) return iv;
        double v = value(figure);
        return Double.isNaN(v) ? Interval.empty() : Interval.exact(v);
    }

    /** Does this figure carry a measured interval (not only a point)? */
    public boolean hasInterval(String figure) {
        return intervals.containsKey(figure);
    }

    /**
     * What the numbers say, in sentences chosen by the data, its intervals and the run's {@link #conditions()}:
     * {@code plain.explain()} as a cell's last line.
     */
    public Renderable explain() {
        return explained(prose());
    }

    /**
     * Any prose about this result, rendered as Markdown with this result's data beside it (as {@link #explain()}
     * does), so a check can hold the words against the numbers.
     */
    public Renderable explained(Prose prose) {
        String text = prose.text();
        // the sentence that names the CPU conditions, when the prose used it: it reports the moment, not a conclusion,
        // so a stability check may let it change between runs (tools/stability.py) while holding the rest still
        List<String> load = new ArrayList<>(prose.loadSentences());
        String cpu = conditions == null ? "" : conditions.sentence();
        if (!cpu.isEmpty() && text.contains(cpu) && load.stream().noneMatch(l -> l.contains(cpu))) load.add(cpu);
        String data = "{" + Json.str("text") + ":" + Json.str(text) + ","
                + (load.isEmpty() ? "" : Json.str("load_sentences") + ":" + Json.array(load) + ",")
                + jsonBody(false)
                + (samples.size() <= SAMPLES_IN_EXPLANATION ? "," + samplesJson() : "") + "}";
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/markdown", text);
        bundle.put("text/plain", text);
        bundle.put(EXPLANATION_MIME, data);
        return () -> bundle;
    }

    /** The data behind an explanation, carried in its output so checks can hold the words against the numbers. */
    public static final String EXPLANATION_MIME = "application/vnd.racelab.explanation+json";
    /** A result's figures, intervals and conditions (no samples), carried in its output for the same reason. */
    public static final String RESULT_MIME = "application/vnd.racelab.result+json";

    /** More JSON members for {@link #toJson()} and the explanation data, e.g. the parts of a set of runs. */
    protected Map<String, Object> jsonExtras() {
        return Map.of();
    }

    /** Figures and intervals as a JSON object, for {@link #jsonExtras()} of composite results. */
    public static Map<String, Object> figuresJson(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Object[] row : r.summary.rows()) figures.put((String) row[0], row[1]);
        m.put("summary", figures);
        Map<String, Object> ivs = new LinkedHashMap<>();
        r.intervals.forEach((k, iv) -> ivs.put(k, java.util.Arrays.asList(iv.low(), iv.high())));
        m.put("intervals", ivs);
        m.put("params", r.params);
        return m;
    }

    /** The explanation as {@link Prose} (its text for tests and the terminal). */
    public Prose prose() {
        if (explainer == null) throw new IllegalStateException(experiment + " has no explanation");
        return explainer.apply(this);
    }

    public boolean hasExplanation() {
        return explainer != null;
    }

    /** A summary figure by name. */
    public double value(String figure) {
        for (Object[] row : summary.rows()) {
            if (row[0].equals(figure)) return ((Number) row[1]).doubleValue();
        }
        throw new IllegalArgumentException("no figure '" + figure + "'; figures are " + summary.strings("figure"));
    }

    public boolean hasChart() {
        return chartMaker != null;
    }

    public Chart chart() {
        if (chartMaker == null) throw new IllegalStateException(experiment + " draws no chart");
        if (chart == null) chart = chartMaker.apply(this);
        return chart;
    }

    /** Metadata lines: experiment, date, JDK, cores, OS, profile, then every parameter. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("experiment", experiment);
        m.put("date", startedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("jdk", machine.jdkVersion() + " " + machine.jdkVendor());
        m.put("jit", machine.jitMode());
        m.put("cores", Integer.toString(machine.cores()));
        m.put("os", machine.os() + " " + machine.osVersion() + " " + machine.arch());
        m.put("profile", profile.label());
        m.put("racelab", machine.libraryVersion());
        m.putAll(conditions.asMap());
        m.put("cpu", conditions.describe());
        params.forEach((k, v) -> m.put("param." + k, String.valueOf(v)));
        m.put("ended", ended);
        m.put("wall_s", String.format(Locale.ROOT, "%.3f", wall.toNanos() / 1e9));
        return m;
    }

    /** The raw samples as CSV under a {@code # key: value} metadata header (see {@link Csv#read}). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        metadata().forEach((k, v) -> sb.append("# ").append(k).append(": ").append(v.replace('\n', ' ')).append('\n'));
        sb.append(samples.toCsv());
        return sb.toString();
    }

    public Path writeCsv(Path file) {
        return writeAtomically(file, toCsv());
    }

    public String toJson() {
        return "{" + jsonBody(true) + "," + samplesJson() + "}";
    }

    /** Results with at most this many samples carry them in their explanation's data (sweeps, comparisons). */
    static final int SAMPLES_IN_EXPLANATION = 200;

    private String samplesJson() {
        StringBuilder sb = new StringBuilder();
        sb.append(Json.str("columns")).append(':').append(Json.array(samples.columns())).append(',');
        sb.append(Json.str("samples")).append(":[");
        List<Object[]> rows = samples.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(Json.array(java.util.Arrays.asList(rows.get(i))));
        }
        return sb.append("]").toString();
    }

    /** experiment, title, metadata (with the CPU conditions), summary, intervals, notes and the extras. */
    private String jsonBody(boolean withNotes) {
        StringBuilder sb = new StringBuilder();
        sb.append(Json.str("experiment")).append(':').append(Json.str(experiment)).append(',');
        sb.append(Json.str("title")).append(':').append(Json.str(title)).append(',');
        sb.append(Json.str("metadata")).append(':').append(Json.object(metadata()));
        figuresJson(this).forEach((k, v) -> sb.append(',').append(Json.str(k)).append(':').append(Json.value(v)));
        if (withNotes) sb.append(',').append(Json.str("notes")).append(':').append(Json.array(notes));
        jsonExtras().forEach((k, v) -> sb.append(',').append(Json.str(k)).append(':').append(Json.value(v)));
        return sb.toString();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder(title).append('\n');
        if (summary.size() > 0) sb.append(summaryTable().toText(60));
        if (showSamples) sb.append('\n').append(samples.toText(SHOWN_SAMPLES));
        for (String n : notes) sb.append("note: ").append(n).append('\n');
        sb.append(String.format(Locale.ROOT, "(%s; %s; %.1f s; %s profile)%n(CPU: %s)%n", ended, machine.summary(),
                wall.toNanos() / 1e9, profile.label(), conditions.describe()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    @Override
    public Map<String, String> mimeBundle() {
        StringBuilder html = new StringBuilder("<div class=\"racelab-result\">");
        html.append("<b>").append(Html.esc(title)).append("</b>");
        if (summary.size() > 0) html.append(summaryTable().html(60));
        if (showSamples) html.append(samples.html(SHOWN_SAMPLES));
        for (String n : notes) html.append("<div><i>").append(Html.esc(n)).append("</i></div>");
        if (hasChart()) html.append(Html.img(chart().png(), chart().width(), chart().title()));
        html.append(String.format(Locale.ROOT, "<div style=\"color:#666;font-size:smaller\">%s · %s · %.1f s · %s profile"
                        + "<br>CPU: %s</div>", Html.esc(ended), Html.esc(machine.summary()), wall.toNanos() / 1e9,
                profile.label(), Html.esc(conditions.describe())));
        html.append("</div>");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", html.toString());
        m.put("text/plain", toText());
        m.put(RESULT_MIME, "{" + jsonBody(true) + "}");
        return m;
    }

    /** The summary as shown: figure, value, unit, and the 95 % interval where one was measured. */
    public DataTable summaryTable() {
        if (intervals.isEmpty()) return summary;
        DataTable t = new DataTable("figure", "value", "unit", "95% interval");
        for (Object[] row : summary.rows()) {
            Interval iv = intervals.get((String) row[0]);
            String shown = "";
            if (iv != null) shown = iv.isEmpty() ? "no data" : "[" + DataTable.human(iv.low()) + ", " + DataTable.human(iv.high()) + "]";
            t.add(row[0], row[1], row[2], shown);
        }
        return t;
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    public static Path writeAtomically(Path file, String content) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            Files.writeString(tmp, content);
            return Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Collects what an experiment measured; {@link #build()} stamps the wall time since the builder was made. */
    public static class Builder {
        final String experiment;
        final String title;
        final Map<String, Object> params = new LinkedHashMap<>();
        final Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        final List<String> notes = new ArrayList<>();
        final DataTable summary = new DataTable("figure", "value", "unit");
        final Map<String, Interval> intervals = new LinkedHashMap<>();
        final Conditions.Window window = Conditions.begin();
        DataTable samples = new DataTable("value");
        String ended = "completed";
        Function<Result, Chart> chartMaker;
        Function<Result, Prose> explainer;
        Conditions conditions;
        boolean showSamples;

        protected Builder(String experiment, String title) {
            this.experiment = experiment;
            this.title = title;
        }

        /**
         * The wall time counts from {@code nanoTime} (a {@link System#nanoTime()} reading) instead of from this
         * builder's making: for a result put together after its experiment ran (JCStress writes a file, read after).
         */
        public Builder startedAt(long nanoTime) {
            this.startNanos = nanoTime;
            return this;
        }

        public Builder param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        public Builder samples(DataTable t) {
            this.samples = t;
            return this;
        }

        public Builder figure(String name, double value, String unit) {
            summary.add(name, value, unit);
            return this;
        }

        /** A figure with its 95 % interval: the estimate is the figure's value, the interval sits beside it. */
        public Builder figure(String name, Interval value, String unit) {
            Require.notNull(name, value);
            summary.add(name, value.estimate(), unit);
            intervals.put(name, value);
            return this;
        }

        /** How the result explains itself (see {@link Result#explain()}). */
        public Builder explainer(Function<Result, Prose> explainer) {
            this.explainer = explainer;
            return this;
        }

        /** The CPU conditions, instead of measuring them (tests, results read back from a file). */
        public Builder conditions(Conditions c) {
            this.conditions = c;
            return this;
        }

        public Builder note(String text) {
            notes.add(text);
            return this;
        }

        /** How the runs ended; the wall time counts from the meter's start when that came before this builder. */
        public Builder ended(Budget.Meter meter) {
            this.ended = meter.describe();
            if (meter.startNanos() - startNanos < 0) this.startNanos = meter.startNanos();
            return this;
        }

        public Builder ended(String how) {
            this.ended = how;
            return this;
        }

        /** Show the raw samples under the summary (for small tables that are the point, e.g. who saw what). */
        public Builder showSamples() {
            this.showSamples = true;
            return this;
        }

        public Builder chart(Function<Result, Chart> maker) {
            this.chartMaker = maker;
            return this;
        }

        public Result build() {
            return new Result(this);
        }
    }
}
