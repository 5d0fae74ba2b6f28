package dev.racelab.render;

import java.util.Map;

/**
 * Anything that shows itself in a notebook: a MIME bundle ({@code text/plain}, {@code text/html},
 * {@code image/png} as base64). The course kernel's startup script registers a JJava renderer for it,
 * so a result as a cell's last expression renders as its table and chart.
 */
public interface Renderable {
    Map<String, String> mimeBundle();
}
