package dev.racelab.chart;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {
    static BufferedImage decode(Chart c) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(c.png()));
    }

    @Test
    void everyKindRendersAtTwiceItsSize() throws Exception {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("thread", 50.0);
        m.put("process", 900.0);
        List<Chart> charts = List.of(
                Charts.histogram("h", "value", new long[] {19_990, 20_000, 20_000}),
                Charts.bars("b", "µs", m, true),
                Charts.bars("b", "µs", m, false),
                Charts.coloredBars("c", "count", m, Map.of("thread", Charts.FORBIDDEN)),
                Charts.lines("l", "threads", "ops/s", List.of(new Series("a", new double[] {1, 2}, new double[] {3, 4})), true, true),
                Charts.stackedArea("s", "t", "threads", List.of(
                        new Series("RUNNABLE", new double[] {0, 1}, new double[] {1, 2}),
                        new Series("BLOCKED", new double[] {0, 1}, new double[] {1, 0}))));
        for (Chart c : charts) {
            BufferedImage img = decode(c);
            assertEquals(2 * Chart.WIDTH, img.getWidth(), c.title());
            assertEquals(2 * Chart.HEIGHT, img.getHeight(), c.title());
        }
    }

    @Test
    void histogramCountsExactValues() {
        Chart c = Charts.histogram("h", "value", new long[] {5, 7, 7, 7});
        var data = c.jfree().getXYPlot().getDataset();
        assertEquals(2, data.getItemCount(0));
        assertEquals(3.0, data.getYValue(0, 1));
    }

    @Test
    void seriesNeedMatchingLengths() {
        assertThrows(IllegalArgumentException.class, () -> new Series("x", new double[] {1}, new double[] {}));
    }
}
