package dev.racelab.notebook;

import dev.racelab.render.Html;
import dev.racelab.render.Renderable;
import java.util.Locale;
import java.util.Map;

/**
 * A progress bar for runs longer than about a second: updated in place under the running cell, or on the
 * terminal's standard error. Silent for short runs and when neither is available.
 * <pre>{@code try (Progress p = Progress.start("trials", n)) { ... p.set(i); }}</pre>
 */
public final class Progress implements AutoCloseable {
    static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    static final long REFRESH_NANOS = 250_000_000L;

    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final boolean terminal;
    private long lastDraw;
    private long done;
    private String displayId;
    private boolean drawn;

    private Progress(String label, long total, boolean terminal) {
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    public static Progress start(String label, long total) {
        boolean terminal = !Notebook.attached() && interactive() && !"0".equals(System.getenv("RACELAB_PROGRESS"));
        return new Progress(label, total, terminal);
    }

    /** A real terminal: since JDK 22 System.console() exists even when redirected, so ask isTerminal() too. */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console is only there for a terminal
        }
    }

    public void set(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (now - startNanos < SHOW_AFTER_NANOS || now - lastDraw < REFRESH_NANOS) return;
        lastDraw = now;
        draw(false);
    }

    public void advance() {
        set(done + 1);
    }

    private void draw(boolean finished) {
        double frac = Math.min(1.0, (double) done / total);
        double secs = (System.nanoTime() - startNanos) / 1e9;
        String text = String.format(Locale.ROOT, "%s: %,d / %,d (%.0f%%) %.1f s%s", label, done, total,
                frac * 100, secs, finished ? " done" : "");
        if (Notebook.attached()) {
            String html = "<div style=\"font-family:monospace\"><progress value=\"" + done + "\" max=\"" + total
                    + "\" style=\"width:300px\"></progress> " + Html.esc(text) + "</div>";
            Renderable r = () -> Map.of("text/html", html, "text/plain", text);
            if (displayId == null) displayId = Notebook.show(r);
            else Notebook.update(displayId, r);
            drawn = true;
        } else if (terminal) {
            int width = 30;
            int filled = (int) Math.round(frac * width);
            System.err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + text);
            System.err.flush();
            drawn = true;
        }
    }

    @Override
    public void close() {
        if (drawn) {
            draw(true);
            if (terminal) System.err.println();
        }
    }
}
