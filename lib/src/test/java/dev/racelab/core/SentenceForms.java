package dev.racelab.core;

/**
 * An explanation's text as tools/stability.py compares it between runs: measured numbers (bold) become {@code #},
 * intervals (brackets) go, and the load sentences are left out. Tests hold two data sets on either side of an old
 * threshold to the same forms with it: {@code assertEquals(forms(a.prose()), forms(b.prose()))}.
 */
public final class SentenceForms {
    private SentenceForms() {}

    /** The text with every bold figure masked and every bracketed interval removed. */
    public static String masked(String text) {
        return text.replaceAll("\\*\\*[^*]*\\*\\*", "#").replaceAll(" ?\\[[^]]*]", "");
    }

    /**
     * The prose without its load sentences (and without {@code alsoLeftOut}, e.g. the run's conditions sentence),
     * spaces closed up where they were, masked and stripped.
     */
    public static String forms(Prose p, String... alsoLeftOut) {
        String text = p.text();
        for (String load : p.loadSentences()) text = text.replace(load, "");
        for (String s : alsoLeftOut) if (!s.isEmpty()) text = text.replace(s, "");
        return masked(text).replaceAll("[ \t]{2,}", " ").strip();
    }
}
