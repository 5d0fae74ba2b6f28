package dev.racelab.core;

import java.util.Collection;
import java.util.Map;

/** Just enough JSON writing for results and benchmarks (no parsing). */
public final class Json {
    private Json() {}

    public static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof Boolean b) return b.toString();
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) return "null";
        if (v instanceof Float f && (f.isNaN() || f.isInfinite())) return "null";
        if (v instanceof Number n) return n.toString();
        if (v instanceof Map<?, ?> m) return object(m);
        if (v instanceof Collection<?> c) return array(c);
        return str(v.toString());
    }

    public static String object(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (var e : m.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(str(String.valueOf(e.getKey()))).append(':').append(value(e.getValue()));
        }
        return sb.append('}').toString();
    }

    public static String array(Collection<?> c) {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Object o : c) {
            if (!first) sb.append(',');
            first = false;
            sb.append(value(o));
        }
        return sb.append(']').toString();
    }
}
