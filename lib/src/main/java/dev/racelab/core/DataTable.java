package dev.racelab.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Rows of raw samples under named columns, as an experiment recorded them.
 * {@code table.doubles("micros")}
 */
public final class DataTable implements dev.racelab.render.Renderable {
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    public DataTable(String... columns) {
        if (columns.length == 0) throw new IllegalArgumentException("a table needs at least one column");
        this.columns = List.of(columns);
    }

    public DataTable add(Object... row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, table has "
                    + columns.size() + " columns " + columns);
        }
        rows.add(row.clone());
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public int size() {
        return rows.size();
    }

    public List<Object[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    public Object get(int row, String column) {
        return rows.get(row)[index(column)];
    }

    public int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) throw new IllegalArgumentException("no column '" + column + "'; columns are " + columns);
        return i;
    }

    public double[] doubles(String column) {
        int i = index(column);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = ((Number) rows.get(r)[i]).doubleValue();
        return out;
    }

    public long[] longs(String column) {
        int i = index(column);
        long[] out = new long[rows.size()];
        for (int r = 0; r < out.length; r++) out[r] = ((Number) rows.get(r)[i]).longValue();
        return out;
    }

    public List<String> strings(String column) {
        int i = index(column);
        List<String> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) out.add(String.valueOf(row[i]));
        return out;
    }

    /** The rows whose {@code column} equals {@code value}. */
    public DataTable where(String column, Object value) {
        int i = index(column);
        DataTable t = new DataTable(columns.toArray(String[]::new));
        for (Object[] row : rows) if (same(value, row[i])) t.rows.add(row);
        return t;
    }

    /** Equal values; numbers compare by value, so an int 10000 matches a long 10000. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a.equals(b);
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(DataTable::csvCell).toList())).append('\n');
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(csvCell(format(row[i])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Plain numbers for machines: no grouping, full precision for doubles. */
    static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : Double.toString(d);
        if (v instanceof Float f) return Float.toString(f);
        return v.toString();
    }

    /** Numbers for people: grouped thousands, three significant decimals at most. */
    public static String human(Object v) {
        return dev.racelab.render.Html.human(v);
    }

    /** This table as HTML, the first {@code maxRows} rows. */
    public String html(int maxRows) {
        return dev.racelab.render.Html.table(columns(), rows(), maxRows);
    }

    /** Shows as an HTML table (first 50 rows) in a notebook. */
    @Override
    public java.util.Map<String, String> mimeBundle() {
        return java.util.Map.of("text/html", html(50), "text/plain", toText(50));
    }

    @Override
    public String toString() {
        return toText(50);
    }

    /** A fixed-width text table of the first {@code maxRows} rows. */
    public String toText(int maxRows) {
        int n = Math.min(maxRows, rows.size());
        int[] w = new int[columns.size()];
        String[][] cells = new String[n][columns.size()];
        for (int c = 0; c < columns.size(); c++) w[c] = columns.get(c).length();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < columns.size(); c++) {
                cells[r][c] = human(rows.get(r)[c]);
                w[c] = Math.max(w[c], cells[r][c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) sb.append(c == 0 ? "" : "  ").append(pad(columns.get(c), w[c]));
        sb.append('\n');
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < columns.size(); c++) sb.append(c == 0 ? "" : "  ").append(pad(cells[r][c], w[c]));
            sb.append('\n');
        }
        if (rows.size() > n) sb.append(String.format(Locale.ROOT, "... %,d more rows%n", rows.size() - n));
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }
}
