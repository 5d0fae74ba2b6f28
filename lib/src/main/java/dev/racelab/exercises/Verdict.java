package dev.racelab.exercises;

import dev.racelab.core.Result;
import dev.racelab.render.Html;
import dev.racelab.render.Renderable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check found: pass, fail or not yet, with the evidence (e.g. "lost 37 updates in 12 of 500 trials").
 * It renders as a coloured box; its plain text starts with {@code [exercise] PASS|FAIL|NOT YET · title}, which the
 * course's tests read from executed notebooks.
 */
public final class Verdict implements Renderable {
    public enum Status {
        PASS("PASS", "✅", "#e8f5e9", "#2e7d32"),
        FAIL("FAIL", "❌", "#fdecea", "#c62828"),
        NOT_YET("NOT YET", "⏳", "#fff8e1", "#8d6e00");

        final String word;
        final String icon;
        final String background;
        final String border;

        Status(String word, String icon, String background, String border) {
            this.word = word;
            this.icon = icon;
            this.background = background;
            this.border = border;
        }

        public String word() { return word; }
    }

    private final String title;
    private final Status status;
    private final String evidence;
    private final List<String> details;
    private final Result data;
    /** The model checker's failing interleaving of the learner's code, shown under the details; null if none. */
    private final dev.racelab.modelcheck.Trace trace;

    Verdict(String title, Status status, String evidence, List<String> details, Result data) {
        this(title, status, evidence, details, data, null);
    }

    Verdict(String title, Status status, String evidence, List<String> details, Result data, dev.racelab.modelcheck.Trace trace) {
        this.title = title;
        this.status = status;
        this.evidence = evidence;
        this.details = List.copyOf(details);
        this.data = data;
        this.trace = trace == null || trace.events().isEmpty() ? null : trace;
    }

    /** The model checker's failing interleaving of the learner's code, or null. */
    public dev.racelab.modelcheck.Trace trace() { return trace; }

    public String title() { return title; }
    public Status status() { return status; }
    public String evidence() { return evidence; }
    public List<String> details() { return details; }
    /** The stress test's own result (samples, chart), when the check kept one. */
    public Result data() { return data; }
    public boolean passed() { return status == Status.PASS; }

    /** The first line: {@code [exercise] PASS · title · evidence}. */
    public String line() {
        return "[exercise] " + status.word + " · " + title + " · " + evidence;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(line()).append('\n');
        for (String d : details) sb.append("  - ").append(d).append('\n');
        if (trace != null) sb.append(trace.toText());
        return sb.toString();
    }

    @Override
    public Map<String, String> mimeBundle() {
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"racelab-exercise\" data-status=\"").append(status.name().toLowerCase(java.util.Locale.ROOT))
                .append("\" style=\"border-left:6px solid ").append(status.border).append(";background:")
                .append(status.background).append(";padding:8px 12px;margin:4px 0\">");
        h.append("<div style=\"font-weight:bold\">").append(status.icon).append(' ').append(Html.esc(status.word))
                .append(" · ").append(Html.esc(title)).append("</div>");
        h.append("<div>").append(Html.esc(evidence)).append("</div>");
        if (!details.isEmpty()) {
            h.append("<ul style=\"margin:4px 0\">");
            for (String d : details) h.append("<li>").append(Html.esc(d)).append("</li>");
            h.append("</ul>");
        }
        if (trace != null) h.append(trace.html());
        h.append("</div>");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", h.toString());
        m.put("text/plain", toString());
        return m;
    }
}
