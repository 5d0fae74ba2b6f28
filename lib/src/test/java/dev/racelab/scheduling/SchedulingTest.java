package dev.racelab.scheduling;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Crew;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
    }

    @Test
    void curveShapeTellsFlatLinearExponentialAndFalling() {
        double[] x = {2, 4, 8, 16, 32, 64};
        assertEquals("flat", CurveShape.of(x, new double[] {100, 101, 99, 100, 102, 101}, 2, 0.03).verdict());
        CurveShape lin = CurveShape.of(x, new double[] {100, 110, 130, 170, 250, 410}, 2, 0.03);
        assertEquals("linear", lin.verdict());
        assertEquals(5, lin.slope(), 1e-9);
        CurveShape exp = CurveShape.of(x, new double[] {1, 4, 64, 16_384, 1.07e9, 4.6e18}, 2, 0.03);
        assertEquals("exponential", exp.verdict());
        assertEquals(2, exp.growthPerX(), 0.01);
        assertEquals(1, exp.doublingX(), 0.01);
        assertEquals("falling", CurveShape.of(x, new double[] {100, 90, 80, 70, 60, 50}, 2, 0.03).verdict());
        assertTrue(CurveShape.of(x, new double[] {100, 101, 99, 100, 102, 101}, 2, 0.03).describe("wall time", "ms", "thread").contains("**flat**"));
        assertEquals("noisy", CurveShape.of(x, new double[] {100, 300, 90, 310, 95, 200}, 2, 0.03).verdict());
        assertThrows(IllegalArgumentException.class, () -> CurveShape.of(x, new double[] {1, 2, 3, 4, 5, 6}, 40, 0));
    }

    @Test
    void sweepMeasuresEveryPointAndFitsAShape() {
        ThreadSweep.SweepResult r = ThreadSweep.of().threads(1, 2, 4, 8).perThreadMillis(2).repeats(2).seconds(60).run();
        assertEquals(16, r.samples().size()); // 4 counts × 2 kinds × 2 repeats
        assertArrayEquals(new double[] {1, 2, 4, 8}, r.threadCounts());
        assertNotNull(r.shape(ThreadSweep.REGISTER).verdict());
        assertFalse(r.prose().text().isEmpty());
        // each repeat gives one paired estimate of the change per doubling past the cores
        if (Runtime.getRuntime().availableProcessors() <= 2) {
            assertEquals(2, r.interval("register_change_per_doubling").n());
        }
        assertTrue(r.throughputChart().png().length > 1000);
        assertTrue(r.switchesChart().png().length > 1000);
    }

    @Test
    void switchCostTimesEveryRoundTrip() {
        SwitchCost.SwitchResult r = SwitchCost.of().rounds(500).perf(false).seconds(20).run();
        List<String> kinds = new java.util.ArrayList<>(List.of("park_unpark", "synchronous_queue", "spin"));
        if (Affinity.supported()) {
            assertTrue(r.pinned(), r.notes().toString());
            kinds.add("park_unpark_same_cpu");
            if (Affinity.allowedCpus().size() >= 2) kinds.add("park_unpark_cross_cpu");
        }
        assertEquals(List.of(), Crew.liveThreadNames());
        for (String k : kinds) {
            assertEquals(500, r.value(k + "_round_trips"), k);
            assertTrue(r.value(k + "_median_us") > 0, k);
        }
        assertFalse(r.perfRan());
        assertTrue(r.distributionChart().png().length > 1000);
    }

    @Test
    void perfIsUsedWhereInstalledAndSkippedWithANoteElsewhere() {
        SwitchCost.SwitchResult r = SwitchCost.of().rounds(200).spin(false).seconds(20).run();
        if (SwitchCost.perfBinary().isPresent() && r.perfRan()) {
            assertTrue(r.value("perf_sched_pipe_us") > 0);
            if (Affinity.supported()) assertTrue(r.value("perf_sched_pipe_same_cpu_us") > 0);
        } else {
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("perf")), r.notes().toString());
        }
    }

    @Test
    void aThreadIsPinnedToOneCpuAndTheCallerIsLeftAlone() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Affinity.supported());
        String mine = Affinity.currentThreadCpus();
        String[] seen = new String[1];
        try (Crew c = Crew.platform("pin-test")) {
            c.start(() -> seen[0] = Affinity.pinCurrentThread(Affinity.allowedCpus().get(0)) ? Affinity.currentThreadCpus() : "failed");
            c.joinAll(java.time.Duration.ofSeconds(20));
        }
        assertEquals(String.valueOf(Affinity.allowedCpus().get(0)), seen[0]);
        assertEquals(mine, Affinity.currentThreadCpus());
    }

    @Test
    void curveShapeFromIntervalsIsFlatOnlyWhenTheEndsOverlap() {
        double[] x = {2, 4, 8, 16};
        dev.racelab.core.Interval[] flat = {iv(10, 9.8, 10.2), iv(10.5, 9.5, 11.5), iv(10.2, 9, 11), iv(10.1, 9.9, 10.3)};
        assertEquals("flat", CurveShape.of(x, flat, 2).verdict());
        dev.racelab.core.Interval[] wide = {iv(10, 5, 15), iv(10.5, 9.5, 11.5), iv(10.2, 9, 11), iv(11, 6, 16)};
        CurveShape w = CurveShape.of(x, wide, 2);
        assertEquals("inconclusive", w.verdict());
        assertEquals(Math.pow(16.0 / 5, 1.0 / 14), w.maxGrowthPerX(), 1e-9);
        assertTrue(w.describe("time", "µs", "thread").contains("**this run cannot tell**"));
        dev.racelab.core.Interval[] up = {iv(10, 9.8, 10.2), iv(11, 10.8, 11.2), iv(12, 11.8, 12.2), iv(13, 12.8, 13.2)};
        assertEquals("linear", CurveShape.of(x, up, 2).verdict());
        assertFalse(CurveShape.of(x, flat, 2).describe("time", "µs", "thread").contains("to double"));
    }

    static dev.racelab.core.Interval iv(double e, double lo, double hi) {
        return new dev.racelab.core.Interval(e, lo, hi, 5, "t");
    }

    @Test
    void contextSwitchesAreCountedPerThread() {
        var r = ContextSwitches.of().handoffs(200).cpuMillis(5).oversubscription(2).run();
        if (!ContextSwitches.supported()) {
            assertEquals(0, r.value("supported"));
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(2 + cores + 2 * cores, r.samples().size());
        for (long v : r.samples().longs("voluntary")) assertTrue(v >= 0);
        assertTrue(r.chart().png().length > 1000);
    }

    @Test
    void slowExportsFreezeTheSharedPoolOnly() {
        SlowExports.ExportResult r = SlowExports.of().workers(2).exports(2).exportMillis(150).durationMillis(300).run();
        // requests that arrive while both workers export wait for the exports: a structural delay, not noise
        assertTrue(r.p(SlowExports.SHARED, 99) > 100, "shared p99 " + r.p(SlowExports.SHARED, 99));
        assertTrue(r.percentileChart().png().length > 1000);
        assertTrue(r.timelineChart().png().length > 1000);
    }

    @Test
    void badInputNamesTheRange() {
        assertEquals("threads must be between 1 and 1,024 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> ThreadSweep.of().threads(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SwitchCost.of().rounds(1));
        assertThrows(IllegalArgumentException.class, () -> ContextSwitches.of().oversubscription(1));
        assertThrows(IllegalArgumentException.class, () -> SlowExports.of().workers(0));
    }
}
