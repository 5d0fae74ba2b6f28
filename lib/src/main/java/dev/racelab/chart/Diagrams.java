package dev.racelab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Diagrams that are not plots of numbers: threads as vertical lanes, their actions as dots down each lane (time
 * runs downward), and arrows between actions coloured by kind — e.g. the happens-before edges of an experiment.
 * Lanes come in pairs separated by a blank lane name; the left lane of a pair labels its actions on the left.
 * {@code Diagrams.lanes("Happens-before", lanes, events, arrows, Map.of("volatile write → read", Color.RED))}
 */
public final class Diagrams {
    private Diagrams() {}

    /** An action on lane {@code lane} at {@code step} (larger is later), labelled {@code text}. */
    public record Event(int lane, double step, String text) {}

    /** An arrow from event {@code from} to event {@code to} (indexes into the event list), of a kind in the legend. */
    public record Arrow(int from, int to, String kind, boolean dashed) {}

    public static Chart lanes(String title, List<String> lanes, List<Event> events, List<Arrow> arrows,
                              Map<String, ? extends Paint> kinds) {
        for (Arrow a : arrows) {
            if (a.from() < 0 || a.from() >= events.size() || a.to() < 0 || a.to() >= events.size()) {
                throw new IllegalArgumentException("an arrow names an event that does not exist: " + a);
            }
        }
        SymbolAxis x = new SymbolAxis(null, lanes.toArray(String[]::new));
        x.setGridBandsVisible(false);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        x.setRange(-1.1, lanes.size() + 0.1);
        double maxStep = events.stream().mapToDouble(Event::step).max().orElse(1);
        NumberAxis y = new NumberAxis("time (program order), downward");
        y.setInverted(true);
        y.setRange(0, maxStep + 0.6);
        y.setTickLabelsVisible(false);
        y.setTickMarksVisible(false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer(false, true));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int l = 0; l < lanes.size(); l++) if (!lanes.get(l).isBlank()) plot.addAnnotation(new LaneLine(l, 0.3, maxStep + 0.3));
        for (Arrow a : arrows) {
            Paint p = kinds.containsKey(a.kind()) ? kinds.get(a.kind()) : Color.DARK_GRAY;
            plot.addAnnotation(new ArrowLine(events.get(a.from()), events.get(a.to()), p, a.dashed()));
        }
        // a lane with a lane to its right is the left one of a pair: its labels go left, the other's right
        for (Event e : events) {
            boolean left = e.lane() + 1 < lanes.size() && !lanes.get(e.lane() + 1).isBlank();
            plot.addAnnotation(new Dot(e, left));
        }
        LegendItemCollection legend = new LegendItemCollection();
        for (var k : kinds.entrySet()) {
            legend.add(new LegendItem(k.getKey(), null, null, null, new Line2D.Double(-8, 0, 8, 0),
                    new BasicStroke(3f), k.getValue()));
        }
        plot.setFixedLegendItems(legend);
        JFreeChart c = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        c.setBackgroundPaint(Color.WHITE);
        c.getLegend().setFrame(BlockBorder.NONE);
        int width = Math.max(Chart.WIDTH, 115 * lanes.size());
        return new Chart(c, width, Math.max(Chart.HEIGHT, (int) (80 * maxStep + 200)));
    }

    private static double px(ValueAxis a, double v, Rectangle2D area, RectangleEdge edge) {
        return a.valueToJava2D(v, area, edge);
    }

    /** A thread's lane: a thin grey vertical line. */
    private static final class LaneLine extends AbstractXYAnnotation {
        private final double lane, from, to;

        LaneLine(double lane, double from, double to) {
            this.lane = lane;
            this.from = from;
            this.to = to;
        }

        @Override
        public void draw(Graphics2D g, XYPlot plot, Rectangle2D area, ValueAxis xa, ValueAxis ya, int index, PlotRenderingInfo info) {
            double x = px(xa, lane, area, plot.getDomainAxisEdge());
            g.setPaint(new Color(0xBBBBBB));
            g.setStroke(new BasicStroke(2f));
            g.draw(new Line2D.Double(x, px(ya, from, area, plot.getRangeAxisEdge()), x, px(ya, to, area, plot.getRangeAxisEdge())));
        }
    }

    /** An action: a dot and its label, left or right of its lane. */
    private static final class Dot extends AbstractXYAnnotation {
        private final Event e;
        private final boolean labelLeft;

        Dot(Event e, boolean labelLeft) {
            this.e = e;
            this.labelLeft = labelLeft;
        }

        @Override
        public void draw(Graphics2D g, XYPlot plot, Rectangle2D area, ValueAxis xa, ValueAxis ya, int index, PlotRenderingInfo info) {
            double x = px(xa, e.lane(), area, plot.getDomainAxisEdge());
            double y = px(ya, e.step(), area, plot.getRangeAxisEdge());
            g.setPaint(Color.BLACK);
            g.fill(new Ellipse2D.Double(x - 4, y - 4, 8, 8));
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
            int w = g.getFontMetrics().stringWidth(e.text());
            g.drawString(e.text(), (float) (labelLeft ? x - 8 - w : x + 8), (float) (y + 4));
        }
    }

    /** An edge: a straight line with an arrowhead at its end. */
    private static final class ArrowLine extends AbstractXYAnnotation {
        private final Event from, to;
        private final Paint paint;
        private final boolean dashed;

        ArrowLine(Event from, Event to, Paint paint, boolean dashed) {
            this.from = from;
            this.to = to;
            this.paint = paint;
            this.dashed = dashed;
        }

        @Override
        public void draw(Graphics2D g, XYPlot plot, Rectangle2D area, ValueAxis xa, ValueAxis ya, int index, PlotRenderingInfo info) {
            double x0 = px(xa, from.lane(), area, plot.getDomainAxisEdge()), y0 = px(ya, from.step(), area, plot.getRangeAxisEdge());
            double x1 = px(xa, to.lane(), area, plot.getDomainAxisEdge()), y1 = px(ya, to.step(), area, plot.getRangeAxisEdge());
            double len = Math.hypot(x1 - x0, y1 - y0);
            if (len < 1) return;
            double ux = (x1 - x0) / len, uy = (y1 - y0) / len;
            // stop short of the dots at both ends
            double sx = x0 + 6 * ux, sy = y0 + 6 * uy, ex = x1 - 7 * ux, ey = y1 - 7 * uy;
            g.setPaint(paint);
            g.setStroke(dashed ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(2.5f));
            g.draw(new Line2D.Double(sx, sy, ex, ey));
            Path2D head = new Path2D.Double();
            head.moveTo(ex, ey);
            head.lineTo(ex - 10 * ux + 5 * uy, ey - 10 * uy - 5 * ux);
            head.lineTo(ex - 10 * ux - 5 * uy, ey - 10 * uy + 5 * ux);
            head.closePath();
            g.fill((Shape) head);
        }
    }
}
