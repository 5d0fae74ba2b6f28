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
        ThreadSweep.SweepResult r = ThreadSweep.of().threads(1, 2, 4, 8).totalMillis(8).repeats(2).seconds(30).run();
        assertEquals(8, r.samples().size());
        assertArrayEquals(new double[] {1, 2, 4, 8}, r.threadCounts());
        assertNotNull(r.shape().verdict());
        assertTrue(r.throughputChart().png().length > 1000);
        assertTrue(r.switchesChart().png().length > 1000);
    }

    @Test
    void switchCostTimesEveryRoundTrip() {
        SwitchCost.SwitchResult r = SwitchCost.of().rounds(500).perf(false).seconds(20).run();
        for (String k : List.of("park_unpark", "synchronous_queue", "spin")) {
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
        } else {
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("perf")), r.notes().toString());
        }
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
