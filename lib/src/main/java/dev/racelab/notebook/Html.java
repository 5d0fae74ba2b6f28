package dev.racelab.notebook;

import dev.racelab.core.DataTable;
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

    public static String table(DataTable t, int maxRows) {
        StringBuilder sb = new StringBuilder("<table class=\"racelab\"><thead><tr>");
        for (String c : t.columns()) sb.append("<th>").append(esc(c)).append("</th>");
        sb.append("</tr></thead><tbody>");
        List<Object[]> rows = t.rows();
        int n = Math.min(maxRows, rows.size());
        for (int r = 0; r < n; r++) {
            sb.append("<tr>");
            for (Object v : rows.get(r)) sb.append("<td>").append(esc(DataTable.human(v))).append("</td>");
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
                .append(esc(v instanceof Number ? DataTable.human(v) : v)).append("</td></tr>"));
        return sb.append("</tbody></table>").toString();
    }

    /** An {@code img} with the PNG inlined, shown at {@code width} CSS pixels (the PNG itself is 2× for sharpness). */
    public static String img(byte[] png, int width, String alt) {
        return "<img width=\"" + width + "\" alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"/>";
    }
}
