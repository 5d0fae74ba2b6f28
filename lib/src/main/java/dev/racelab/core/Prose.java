package dev.racelab.core;

import dev.racelab.render.Renderable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentences computed from a measurement, with named placeholders: the way a result explains itself.
 * {@code Prose.of("The counter lost updates in {share} of {trials} trials.").set("share", iv.scaled(100), "%.1f %%")
 * .set("trials", 2000, "%,d").markdown()}
 *
 * <p>A measured value renders in bold ({@code **63.7 %**}) followed by its 95 % interval in brackets
 * ({@code [58.1–69.0 %]}); {@code {name:value}} gives the bold estimate alone, for a value already shown once. Words
 * set with {@link #set(String, String)} go in as they are. A placeholder nobody set is a programming error and throws,
 * so a unit test of every branch catches it.
 */
public final class Prose {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::(value))?}");
    private final List<String> sentences = new ArrayList<>();
    private final Map<String, String[]> values = new LinkedHashMap<>(); // name -> {full, estimate only}
    private final List<Integer> load = new ArrayList<>(); // indexes of the sentences that name the CPU conditions

    public Prose() {}

    public static Prose of(String template) {
        return new Prose().add(template);
    }

    /** The next sentence (or paragraph: start it with a blank line, "\n\n…"). */
    public Prose add(String template) {
        Require.notNull("sentence", template);
        sentences.add(template);
        return this;
    }

    /**
     * A sentence that reports the CPU conditions of the moment ("other work is using the cores right now"), not a
     * conclusion: the explanation carries it apart ({@code load_sentences}), so a stability check lets it change with
     * the machine's load while holding the conclusions still (tools/stability.py).
     */
    public Prose addLoad(String template) {
        load.add(sentences.size());
        return add(template);
    }

    /** The sentences added with {@link #addLoad}, filled in. */
    public List<String> loadSentences() {
        List<String> out = new ArrayList<>();
        for (int i : load) out.add(fill(sentences.get(i)).strip());
        return out;
    }

    /** The sentence only when {@code condition} holds. */
    public Prose addIf(boolean condition, String template) {
        return condition ? add(template) : this;
    }

    /** A measured value with its interval, in number format {@code fmt} (e.g. "%.1f %%", "%,.0f"). */
    public Prose set(String name, Interval value, String fmt) {
        Require.notNull(name, value);
        String est = value.isEmpty() ? "no data" : String.format(Locale.ROOT, fmt, value.estimate());
        String bracket = value.isEmpty() ? "" : value.bracket(fmt);
        values.put(name, new String[] {"**" + est + "**" + (bracket.isEmpty() ? "" : " " + bracket), "**" + est + "**"});
        return this;
    }

    /**
     * A signed difference with its interval in three placeholders, {@code {name}}, {@code {nameLo}} and
     * {@code {nameHi}}, each in bold and signed in format {@code fmt} (e.g. "%+.0f"): for "a minus b: {d}, 95 %
     * interval {dLo} to {dHi}", a sentence whose form does not depend on whether the interval contains 0.
     */
    public Prose setDifference(String name, Interval d, String fmt) {
        Require.notNull(name, d);
        return set(name, d.estimate(), fmt).set(name + "Lo", d.low(), fmt).set(name + "Hi", d.high(), fmt);
    }

    /** A measured or counted number, in bold, in format {@code fmt}. */
    public Prose set(String name, double value, String fmt) {
        String v = Double.isNaN(value) ? "no data" : "**" + String.format(Locale.ROOT, fmt, value) + "**";
        values.put(name, new String[] {v, v});
        return this;
    }

    /** Words (not a measurement): inserted as they are. */
    public Prose set(String name, String words) {
        Require.notNull(name, words);
        values.put(name, new String[] {words, words});
        return this;
    }

    /** The Markdown text: sentences joined by spaces (a sentence starting with a newline starts a new paragraph). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String s : sentences) {
            String filled = fill(s);
            if (filled.isBlank()) continue; // an empty sentence (no CPU remark this time) adds no stray space
            if (sb.length() > 0 && !s.startsWith("\n")) sb.append(' ');
            sb.append(filled);
        }
        return sb.toString();
    }

    private String fill(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String[] v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("no value set for {" + m.group(1) + "} in: " + template);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(2) == null ? v[0] : v[1]));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Renders as Markdown under the cell. */
    public Renderable markdown() {
        String text = text();
        return () -> Map.of("text/markdown", text, "text/plain", text);
    }

    @Override
    public String toString() {
        return text();
    }
}
