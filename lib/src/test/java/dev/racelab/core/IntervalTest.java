package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntervalTest {
    @Test
    void wilsonMatchesTheTextbookValues() {
        // 81 of 263 (Wilson 1927 / Newcombe 1998 worked example): 0.2553 .. 0.3662
        Interval iv = Interval.wilson(81, 263);
        assertEquals(81.0 / 263, iv.estimate(), 1e-12);
        assertEquals(0.2553, iv.low(), 5e-4);
        assertEquals(0.3662, iv.high(), 5e-4);
        assertEquals("Wilson", iv.method());
    }

    @Test
    void wilsonAtTheEdgesIsNotAPoint() {
        Interval none = Interval.wilson(0, 80);
        assertEquals(0, none.low());
        assertTrue(none.high() > 0.04 && none.high() < 0.06, none.toString()); // 0 of 80 is not "never": up to ~4.6 %
        Interval all = Interval.wilson(80, 80);
        assertEquals(1, all.high());
        assertTrue(all.low() < 0.96, all.toString());
    }

    @Test
    void noTrialsIsNoDataNeverAFinding() {
        Interval iv = Interval.wilson(0, 0);
        assertTrue(iv.isEmpty());
        assertFalse(iv.contains(0));
        assertEquals(Comparison.NO_DATA, Comparison.of(iv, Interval.wilson(1, 2)));
        assertEquals("no data", iv.format("%.1f"));
        assertTrue(Interval.median(new double[0]).isEmpty());
        assertTrue(Interval.mean(new double[0]).isEmpty());
    }

    @Test
    void badProportionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Interval.wilson(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Interval.wilson(-1, 2));
    }

    @Test
    void medianIntervalCoversTheTrueMedianAbout95PercentOfTheTime() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {20, 200, 3000}) {
            int covered = 0, reps = 400;
            for (int r = 0; r < reps; r++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = -Math.log(1 - rnd.nextDouble()); // exponential, median ln 2
                if (Interval.median(x).contains(Math.log(2))) covered++;
            }
            double share = (double) covered / reps;
            assertTrue(share > 0.92 && share < 0.995, "n=" + n + ": coverage " + share);
        }
    }

    @Test
    void fewSamplesSayTheirCoverageIsShort() {
        Interval iv = Interval.median(new double[] {3, 1, 2});
        assertEquals(1, iv.low());
        assertEquals(3, iv.high());
        assertTrue(iv.method().contains("<95"), iv.method());
        assertEquals("order statistics", Interval.median(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).method());
    }

    @Test
    void percentileIntervalBracketsTheEstimate() {
        double[] x = new double[500];
        for (int i = 0; i < x.length; i++) x[i] = i;
        Interval p99 = Interval.percentile(x, 99);
        assertTrue(p99.low() <= p99.estimate() && p99.estimate() <= p99.high());
        assertTrue(p99.low() > 480 && p99.high() <= 499, p99.toString());
    }

    @Test
    void meanIntervalShrinksWithMoreData() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] small = new double[50], large = new double[5000];
        for (int i = 0; i < small.length; i++) small[i] = rnd.nextDouble();
        for (int i = 0; i < large.length; i++) large[i] = rnd.nextDouble();
        Interval a = Interval.mean(small), b = Interval.mean(large);
        assertTrue(a.contains(0.5) && b.contains(0.5), a + " " + b);
        assertTrue(b.width() < a.width() / 4, a + " vs " + b);
        assertEquals(a, Interval.mean(small), "the bootstrap is seeded: the same data, the same interval");
    }

    @Test
    void comparisonsSayMoreOnlyWhenIntervalsSeparate() {
        Interval high = Interval.wilson(90, 100), low = Interval.wilson(10, 100), mid = Interval.wilson(85, 100);
        assertEquals(Comparison.MORE, Comparison.of(high, low));
        assertEquals(Comparison.LESS, Comparison.of(low, high));
        assertEquals(Comparison.WITHIN_NOISE, Comparison.of(high, mid));
        assertEquals("same", Comparison.of(high, mid).pick("more", "less", "same", "none"));
        assertFalse(Comparison.WITHIN_NOISE.separated());
    }

    @Test
    void ratioIsConservative() {
        Interval r = Interval.ratio(new Interval(10, 8, 12, 5, "x"), new Interval(5, 4, 6, 5, "x"));
        assertEquals(2, r.estimate(), 1e-12);
        assertEquals(8.0 / 6, r.low(), 1e-12);
        assertEquals(3, r.high(), 1e-12);
        assertTrue(Interval.ratio(Interval.empty(), r).isEmpty());
    }

    @Test
    void formatsWithTheUnitOnce() {
        Interval iv = Interval.wilson(637, 1000).scaled(100);
        assertEquals("63.7 % [60.7–66.6 %]", iv.format("%.1f %%"));
        assertEquals("5", Interval.exact(5).format("%.0f"));
    }

    @Test
    void anIntervalThatRoundsToOneNumberGetsMoreDecimals() {
        assertEquals("0 % [0.0–0.2 %]", Interval.wilson(0, 2_000).scaled(100).format("%.0f %%"));
        assertEquals("%.1f %%", Interval.moreDecimals("%.0f %%"));
        assertEquals("%,.3f", Interval.moreDecimals("%,.2f"));
        assertEquals("%.1f", Interval.moreDecimals("%f"));
    }
}
