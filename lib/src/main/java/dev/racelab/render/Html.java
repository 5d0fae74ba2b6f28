package dev.racelab.render;

import java.util.Locale;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Small HTML pieces with one look: escaped text, tables, inline PNG images. */
public final class Html {
    private Html() {}

    public static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Rows as an HTML table, the first {@code maxRows} of them, values formatted by {@link #human}. */
    public static String table(List<String> columns, List<Object[]> rows, int maxRows) {
        StringBuilder sb = new StringBuilder("<table class=\"racelab\"><thead><tr>");
        for (String c : columns) sb.append("<th>").append(esc(c)).append("</th>");
        sb.append("</tr></thead><tbody>");
        int n = Math.min(maxRows, rows.size());
        for (int r = 0; r < n; r++) {
            sb.append("<tr>");
            for (Object v : rows.get(r)) sb.append("<td>").append(esc(human(v))).append("</td>");
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        if (rows.size() > n) {
            sb.append(String.format(java.util.Locale.ROOT, "<div class=\"racelab-more\">… %,d more rows</div>",
                    rows.size() - n));
        }
        return sb.toString();
    }

    public static String keyValues(Map<String, ?> m) {
        StringBuilder sb = new StringBuilder("<table class=\"racelab\"><tbody>");
        m.forEach((k, v) -> sb.append("<tr><th style=\"text-align:left\">").append(esc(k)).append("</th><td style=\"text-align:left\">")
                .append(esc(v instanceof Number ? human(v) : v)).append("</td></tr>"));
        return sb.append("</tbody></table>").toString();
    }

    /** An {@code img} with the PNG inlined, shown at {@code width} CSS pixels (the PNG itself is 2× for sharpness). */
    public static String img(byte[] png, int width, String alt) {
        return "<img width=\"" + width + "\" alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"/>";
    }

    /** A value as people read it: grouped integers, 1–3 significant decimals, "n/a" for NaN. */
    public static String human(Object v) {
        if (v == null) return "";
        if (v instanceof Integer || v instanceof Long) return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) return "n/a";
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(Locale.ROOT, "%,d", (long) d);
            double a = Math.abs(d);
            if (a >= 100) return String.format(Locale.ROOT, "%,.1f", d);
            if (a >= 1) return String.format(Locale.ROOT, "%.2f", d);
            return String.format(Locale.ROOT, "%.3g", d);
        }
        return v.toString();
    }
}
