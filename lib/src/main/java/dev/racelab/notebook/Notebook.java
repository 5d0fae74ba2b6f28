package dev.racelab.notebook;

import dev.racelab.render.Renderable;
import java.util.Map;

/**
 * The bridge to the notebook front end. The course kernel's startup script attaches a {@link Sink} backed by
 * JJava's {@code display}/{@code updateDisplay}; outside a notebook (terminal, tests) none is attached.
 * {@code Notebook.show(result)}
 */
public final class Notebook {
    private static volatile Sink sink;

    private Notebook() {}

    /** What JJava provides: show a renderable (returns its display id) and replace it in place. */
    public interface Sink {
        String display(Renderable r);

        void update(String id, Renderable r);
    }

    public static void attach(Sink s) {
        sink = s;
    }

    public static boolean attached() {
        return sink != null;
    }

    /** Shows {@code r} below the running cell; returns a display id for {@link #update}, or null outside a notebook. */
    public static String show(Renderable r) {
        Sink s = sink;
        return s == null ? null : s.display(r);
    }

    public static void update(String id, Renderable r) {
        Sink s = sink;
        if (s != null && id != null) s.update(id, r);
    }

    /**
     * Prose computed from a measurement, rendered as Markdown under the cell:
     * {@code Notebook.md("**%.0f%%** of runs printed exactly 20,000.", share * 100)}. Every number the text
     * relies on comes from a cell like this, never typed by hand.
     */
    public static Renderable md(String format, Object... args) {
        String text = args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args);
        return () -> Map.of("text/markdown", text, "text/plain", text);
    }

    /** A bundle of HTML with a plain-text fallback. */
    public static Renderable html(String html, String text) {
        return () -> Map.of("text/html", html, "text/plain", text);
    }
}
