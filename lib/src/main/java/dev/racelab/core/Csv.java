package dev.racelab.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CSV that {@link Result#toCsv()} writes: the {@code # key: value} metadata and the samples.
 * {@code Csv.read(Path.of("data/reference/race-classic.csv")).table().longs("value")}
 */
public record Csv(Map<String, String> metadata, DataTable table) {

    public static Csv read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Csv parse(List<String> lines) {
        Map<String, String> meta = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.size() && lines.get(i).startsWith("#")) {
            String l = lines.get(i++).substring(1).trim();
            int colon = l.indexOf(':');
            if (colon > 0) meta.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
        }
        if (i >= lines.size()) throw new IllegalArgumentException("CSV has no header row");
        DataTable t = new DataTable(split(lines.get(i++)).toArray(String[]::new));
        for (; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> cells = split(lines.get(i));
            Object[] row = new Object[cells.size()];
            for (int c = 0; c < row.length; c++) row[c] = number(cells.get(c));
            t.add(row);
        }
        return new Csv(meta, t);
    }

    private static Object number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
