package dev.racelab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYBarDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The one chart facade of the course: histograms of exact counts, bars (optionally log scale), XY lines and
 * stacked areas, all with the same look and readable at notebook width.
 * {@code Charts.histogram("Final count", "printed value", values)}
 */
public final class Charts {
    /** Okabe–Ito: distinguishable for colour-blind readers, in this order. */
    public static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
            new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)};
    public static final Color ACCEPTABLE = new Color(0x009E73);
    public static final Color INTERESTING = new Color(0xE69F00);
    public static final Color FORBIDDEN = new Color(0xD55E00);

    private static final StandardChartTheme THEME = theme();
    private static final java.text.NumberFormat LABEL = new java.text.DecimalFormat("#,##0.#",
            java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    private static final java.text.NumberFormat NUMBER = new java.text.DecimalFormat("#,##0.###",
            java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));

    private Charts() {}

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("racelab");
        t.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        t.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        t.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        t.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setDomainGridlinePaint(new Color(0xDDDDDD));
        t.setRangeGridlinePaint(new Color(0xDDDDDD));
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        t.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, PALETTE, PALETTE,
                DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return t;
    }

    private static Chart finish(JFreeChart c) {
        THEME.apply(c);
        if (c.getLegend() != null) c.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return new Chart(c, Chart.WIDTH, Chart.HEIGHT);
    }

    /** Exact counts of discrete values (e.g. final counter values): one bar per distinct value. */
    public static Chart histogram(String title, String xLabel, long[] values) {
        return histogram(title, xLabel, "runs", values);
    }

    /** Exact counts with a y-axis label of your own ("trials", "runs"). */
    public static Chart histogram(String title, String xLabel, String yLabel, long[] values) {
        SortedMap<Long, Long> counts = new TreeMap<>();
        for (long v : values) counts.merge(v, 1L, Long::sum);
        return histogram(title, xLabel, yLabel, counts);
    }

    /** Exact counts per key with a y-axis label of your own. */
    public static Chart histogram(String title, String xLabel, String yLabel, Map<Long, Long> counts) {
        Chart c = histogram(title, xLabel, counts);
        c.jfree().getXYPlot().getRangeAxis().setLabel(yLabel);
        return c;
    }

    /** One bar per key with its count. Bars are one unit wide, or wider when values are spread far apart. */
    public static Chart histogram(String title, String xLabel, Map<Long, Long> counts) {
        TreeMap<Long, Long> sorted = new TreeMap<>(counts);
        XYSeries s = new XYSeries("count", true, false);
        sorted.forEach((k, v) -> s.add(k.doubleValue(), v.doubleValue()));
        double span = sorted.isEmpty() ? 1 : sorted.lastKey() - sorted.firstKey();
        double width = Math.max(1, span / 150.0);
        XYBarDataset data = new XYBarDataset(new XYSeriesCollection(s), width);
        JFreeChart c = ChartFactory.createXYBarChart(title, xLabel, false, "runs", data,
                PlotOrientation.VERTICAL, false, true, false);
        Chart chart = finish(c);
        XYPlot plot = c.getXYPlot();
        ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // discrete values: whole-number ticks only
        x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        plot.setDomainAxis(x);
        if (sorted.size() == 1) { // one value (e.g. nothing ever lost): centre it instead of a ±0.5 axis
            double v = sorted.firstKey();
            x.setRange(v - 2, v + 2);
        }
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        THEME.apply(c);
        return chart;
    }

    /** Bars by category, one colour per series: {@code values.get(series).get(category)}. */
    public static Chart bars(String title, String categoryLabel, String valueLabel,
                             Map<String, ? extends Map<String, ? extends Number>> values, boolean logScale) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, row) -> row.forEach((cat, v) -> data.addValue(v, series, cat)));
        JFreeChart c = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, values.size() > 1, true, false);
        Chart chart = finish(c);
        CategoryPlot plot = c.getCategoryPlot();
        if (logScale) {
            plot.setRangeAxis(log(valueLabel));
            // bars on a log axis must start above zero or they fill the whole plot
            ((BarRenderer) plot.getRenderer()).setBase(smallestPositive(values) / 2);
        }
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setItemMargin(0.05);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", LABEL));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        THEME.apply(c);
        if (logScale) ((BarRenderer) plot.getRenderer()).setBase(smallestPositive(values) / 2);
        return chart;
    }

    /** One series of bars: {@code Charts.bars("Cost", "µs", Map.of("thread", 80.0, "process", 900.0), true)}. */
    public static Chart bars(String title, String valueLabel, Map<String, ? extends Number> values, boolean logScale) {
        return bars(title, "", valueLabel, Map.of(valueLabel, values), logScale);
    }

    /** Bars with one colour each (e.g. JCStress grading): {@code colours.get(category)}. */
    public static Chart coloredBars(String title, String valueLabel, Map<String, ? extends Number> values,
                                    Map<String, ? extends Paint> colours) {
        Chart chart = bars(title, valueLabel, values, false);
        CategoryPlot plot = chart.jfree().getCategoryPlot();
        List<String> keys = List.copyOf(values.keySet());
        BarRenderer r = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                Paint p = colours.get(keys.get(column));
                return p == null ? PALETTE[0] : p;
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        plot.setRenderer(r);
        return chart;
    }

    /** Lines through points, optional log scale on either axis. */
    public static Chart lines(String title, String xLabel, String yLabel, List<Series> series,
                              boolean logX, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) xy.add(s.x()[i], s.y()[i]);
            data.addSeries(xy);
        }
        JFreeChart c = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1, true, false);
        Chart chart = finish(c);
        XYPlot plot = c.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        plot.setRenderer(r);
        if (logX) plot.setDomainAxis(log(xLabel));
        if (logY) plot.setRangeAxis(log(yLabel));
        if (!logY) ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        return chart;
    }

    /** Points without connecting lines, for samples that are independent of their neighbours (one per run). */
    public static Chart scatter(String title, String xLabel, String yLabel, List<Series> series) {
        Chart c = lines(title, xLabel, yLabel, series, false, false);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.jfree().getXYPlot().getRenderer();
        for (int i = 0; i < series.size(); i++) r.setSeriesLinesVisible(i, false);
        return c;
    }

    /** Stacked areas over a shared x (e.g. thread states over time): every series needs the same x values. */
    public static Chart stackedArea(String title, String xLabel, String yLabel, List<Series> series) {
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), true, false);
            for (int i = 0; i < s.x().length; i++) xy.addOrUpdate(s.x()[i], s.y()[i]);
            data.addSeries(xy);
        }
        JFreeChart c = ChartFactory.createStackedXYAreaChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, true, false);
        return finish(c);
    }

    /**
     * Horizontal bars from a start to an end on one row each, e.g. when each thread's loop ran in each run.
     * {@code bars.get("Alpha")} holds one {@code {row, start, end}} per bar; series of the same row sit side by side.
     */
    public static Chart timeline(String title, String rowLabel, String timeLabel, Map<String, List<double[]>> bars) {
        org.jfree.data.xy.XYIntervalSeriesCollection data = new org.jfree.data.xy.XYIntervalSeriesCollection();
        int n = bars.size(), i = 0;
        double height = 0.8 / Math.max(1, n);
        for (var e : bars.entrySet()) {
            org.jfree.data.xy.XYIntervalSeries s = new org.jfree.data.xy.XYIntervalSeries(e.getKey());
            double offset = -0.4 + height * i + height / 2;
            for (double[] b : e.getValue()) {
                double row = b[0] + offset;
                s.add(row, row - height / 2, row + height / 2, b[1], b[1], b[2]);
            }
            data.addSeries(s);
            i++;
        }
        NumberAxis rows = new NumberAxis(rowLabel);
        rows.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        rows.setInverted(true); // first run on top, as in a table
        NumberAxis time = new NumberAxis(timeLabel);
        time.setNumberFormatOverride(NUMBER);
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setShadowVisible(false);
        r.setBarPainter(new StandardXYBarPainter());
        XYPlot plot = new XYPlot(data, rows, time, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart c = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, n > 1);
        Chart chart = finish(c);
        for (int k = 0; k < n; k++) r.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
        return chart;
    }

    /**
     * One dot per category with its 95 % interval as a whisker, categories down the side (a dot plot: on a log axis
     * or with intervals, a bar's length would mean nothing). NaN estimates (no data) are left out, and the label says so.
     */
    public static Chart intervalDots(String title, String valueLabel, List<String> categories, double[] estimate,
                                     double[] low, double[] high) {
        if (categories.size() != estimate.length || low.length != estimate.length || high.length != estimate.length) {
            throw new IllegalArgumentException("intervalDots needs one estimate, low and high per category");
        }
        org.jfree.data.xy.XYIntervalSeries s = new org.jfree.data.xy.XYIntervalSeries("estimate and 95 % interval");
        String[] names = new String[categories.size()];
        for (int i = 0; i < names.length; i++) {
            boolean none = Double.isNaN(estimate[i]);
            names[i] = categories.get(i) + (none ? " (no data)" : "");
            if (!none) s.add(i, i, i, estimate[i], Double.isNaN(low[i]) ? estimate[i] : low[i], Double.isNaN(high[i]) ? estimate[i] : high[i]);
        }
        org.jfree.data.xy.XYIntervalSeriesCollection data = new org.jfree.data.xy.XYIntervalSeriesCollection();
        data.addSeries(s);
        org.jfree.chart.axis.SymbolAxis cats = new org.jfree.chart.axis.SymbolAxis(null, names);
        cats.setInverted(true);
        cats.setGridBandsVisible(false);
        NumberAxis values = new NumberAxis(valueLabel);
        values.setAutoRangeIncludesZero(true);
        values.setNumberFormatOverride(NUMBER);
        org.jfree.chart.renderer.xy.XYErrorRenderer r = new org.jfree.chart.renderer.xy.XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setErrorStroke(new BasicStroke(2f));
        r.setCapLength(8);
        r.setDefaultLinesVisible(false);
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        XYPlot plot = new XYPlot(data, cats, values, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart c = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        Chart chart = finish(c);
        r.setSeriesPaint(0, PALETTE[0]);
        r.setErrorPaint(PALETTE[0]);
        int height = Math.max(Chart.HEIGHT / 2, 90 + 42 * names.length);
        return new Chart(c, Chart.WIDTH, Math.min(height, Chart.HEIGHT * 2));
    }

    /**
     * Lines with a shaded 95 % band around each: {@code bands.get(i)} holds {low[], high[]} for series i (the same
     * length as its x). A point whose band is NaN draws no band.
     */
    public static Chart linesWithBands(String title, String xLabel, String yLabel, List<Series> series,
                                       List<double[][]> bands, boolean logX) {
        if (bands.size() != series.size()) throw new IllegalArgumentException("one band per series");
        org.jfree.data.xy.YIntervalSeriesCollection data = new org.jfree.data.xy.YIntervalSeriesCollection();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            double[][] b = bands.get(k);
            org.jfree.data.xy.YIntervalSeries ys = new org.jfree.data.xy.YIntervalSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                double y = s.y()[i];
                if (Double.isNaN(y)) continue; // no data at this point
                double lo = Double.isNaN(b[0][i]) ? y : b[0][i], hi = Double.isNaN(b[1][i]) ? y : b[1][i];
                ys.add(s.x()[i], y, lo, hi);
            }
            data.addSeries(ys);
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        y.setNumberFormatOverride(NUMBER);
        org.jfree.chart.renderer.xy.DeviationRenderer r = new org.jfree.chart.renderer.xy.DeviationRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesFillPaint(i, PALETTE[i % PALETTE.length]);
        }
        r.setAlpha(0.18f);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart c = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1);
        Chart chart = finish(c);
        if (logX) plot.setDomainAxis(log(xLabel));
        return chart;
    }

    /**
     * A histogram of spread-out counts (e.g. lost updates per trial): the trials at exactly 0 get a bar of their own
     * (grey, just left of 0), the rest falls into at most {@code bins} equal-width bins starting at 1, and the axis
     * says how wide a bin is. Exact values are kept (one bar each) when there are few distinct ones.
     */
    public static Chart binnedHistogram(String title, String xLabel, String unit, long[] values, int bins) {
        SortedMap<Long, Long> counts = new TreeMap<>();
        for (long v : values) counts.merge(v, 1L, Long::sum);
        if (counts.size() <= 30 || counts.lastKey() <= 0) return histogram(title, xLabel, "trials with exactly this value", counts);
        long max = counts.lastKey();
        long width = Math.max(1, (long) Math.ceil(max / (double) bins));
        long zero = counts.getOrDefault(0L, 0L);
        long negative = counts.headMap(0L).values().stream().mapToLong(Long::longValue).sum();
        org.jfree.data.xy.XYIntervalSeries none = new org.jfree.data.xy.XYIntervalSeries("no update lost (0)");
        org.jfree.data.xy.XYIntervalSeries lost = new org.jfree.data.xy.XYIntervalSeries(
                String.format(java.util.Locale.ROOT, "lost updates, bins of %,d", width));
        if (zero > 0) none.add(-0.5 * width, -width, 0, zero, zero, zero);
        for (long lo = 1; lo <= max; lo += width) {
            long c = counts.subMap(lo, lo + width).values().stream().mapToLong(Long::longValue).sum();
            if (c > 0) lost.add(lo + width / 2.0, lo, lo + width, c, c, c);
        }
        org.jfree.data.xy.XYIntervalSeriesCollection data = new org.jfree.data.xy.XYIntervalSeriesCollection();
        data.addSeries(none);
        data.addSeries(lost);
        NumberAxis x = new NumberAxis(xLabel);
        x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        x.setRange(-width * 1.5, max + width);
        NumberAxis y = new NumberAxis(String.format(java.util.Locale.ROOT, "trials per bin of %,d %s", width, unit));
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYBarRenderer r = new XYBarRenderer();
        r.setShadowVisible(false);
        r.setBarPainter(new StandardXYBarPainter());
        r.setDrawBarOutline(true);
        r.setDefaultOutlinePaint(Color.WHITE);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart c = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Chart chart = finish(c);
        r.setSeriesPaint(0, Color.GRAY);
        r.setSeriesPaint(1, PALETTE[0]);
        if (negative > 0) c.addSubtitle(new org.jfree.chart.title.TextTitle(String.format(java.util.Locale.ROOT,
                "%,d trials ended above the expected value (not drawn)", negative)));
        return chart;
    }

    /** Whole numbers only on the x axis, for counts (workers, threads). */
    public static Chart integerX(Chart c) {
        if (c.jfree().getXYPlot().getDomainAxis() instanceof NumberAxis x) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return c;
    }

    /** Draws series {@code index} of an XY chart as a thin dashed reference (an ideal, a model), without markers. */
    public static Chart reference(Chart c, int index) {
        if (c.jfree().getXYPlot().getRenderer() instanceof XYLineAndShapeRenderer r) {
            r.setSeriesStroke(index, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            r.setSeriesShapesVisible(index, false);
            r.setSeriesPaint(index, Color.GRAY);
        }
        return c;
    }

    /** Lets long category labels of a bar chart wrap onto up to {@code lines} lines instead of being cut. */
    public static Chart wrapCategoryLabels(Chart c, int lines) {
        c.jfree().getCategoryPlot().getDomainAxis().setMaximumCategoryLabelLines(lines);
        return c;
    }

    /** Powers of ten as plain numbers (1, 10, 100, 1,000), not 10^2.5. */
    private static ValueAxis log(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole powers of ten
        a.setNumberFormatOverride(NUMBER);
        a.setSmallestValue(1e-9);
        return a;
    }

    private static double smallestPositive(Map<String, ? extends Map<String, ? extends Number>> values) {
        double min = Double.MAX_VALUE;
        for (var row : values.values()) {
            for (Number n : row.values()) {
                if (n != null && n.doubleValue() > 0) min = Math.min(min, n.doubleValue());
            }
        }
        return min == Double.MAX_VALUE ? 1 : min;
    }
}
