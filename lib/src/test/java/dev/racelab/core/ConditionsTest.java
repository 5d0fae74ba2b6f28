package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionsTest {
    @Test
    void syntheticRegimesAreNamedAsTheyAre() {
        for (Conditions.Regime r : Conditions.Regime.values()) {
            Conditions c = Conditions.of(r);
            assertEquals(r, c.regime(), c.describe());
        }
        assertTrue(Conditions.of(Conditions.Regime.ONE_CORE).describe().contains("1 core"));
        assertTrue(Conditions.of(Conditions.Regime.QUOTA).describe().contains("quota"));
        assertTrue(Conditions.of(Conditions.Regime.BUSY).describe().contains("other processes used 1.5 cores"));
        assertTrue(Conditions.of(Conditions.Regime.FREE).describe().startsWith("2 cores, free"));
    }

    @Test
    void aQuotaThatDoesNotBindIsNoQuota() {
        Conditions c = new Conditions(2, 2, "0-1", 4.0, 0.1, 0.97, 25, 0, 1, 0, 1);
        assertEquals(Conditions.Regime.FREE, c.regime());
        Conditions q = new Conditions(2, 2, "0-1", 1.5, 0.1, 0.97, 25, 0, 1, 0, 1);
        assertEquals(Conditions.Regime.QUOTA, q.regime());
    }

    @Test
    void othersLoadCountsOnlyOverLongEnoughRuns() {
        Conditions shortRun = new Conditions(2, 2, "0-1", Double.NaN, 0.1, 0.97, 25, 1.8, 0.1, 0, 0.05);
        assertEquals(Conditions.Regime.FREE, shortRun.regime(), "/proc/stat ticks are 10 ms: a 50 ms window says nothing");
        Conditions longRun = new Conditions(2, 2, "0-1", Double.NaN, 0.1, 0.97, 25, 1.8, 0.1, 0, 2);
        assertEquals(Conditions.Regime.BUSY, longRun.regime());
    }

    @Test
    void parsesTheKernelsFormats(@TempDir Path dir) throws Exception {
        assertEquals(1.5, Conditions.parseCpuMax("150000 100000"), 1e-12);
        assertTrue(Double.isNaN(Conditions.parseCpuMax("max 100000")));
        assertEquals(0.5, Conditions.parseV1("50000", "100000"), 1e-12);
        assertTrue(Double.isNaN(Conditions.parseV1("-1", "100000")));
        assertEquals(4, Conditions.countCpuList("0-2,5"));
        assertEquals(-1, Conditions.countCpuList("n/a"));
        var st = Conditions.ProcStat.parse("cpu  100 0 50 800 10 0 5 35 0 0");
        assertEquals(155, st.busy());
        assertEquals(1000, st.total());
        assertEquals(35, st.steal());
        // the smallest quota from a nested cgroup up to the root
        Path root = dir.resolve("cg"), child = root.resolve("a/b");
        Files.createDirectories(child);
        Files.writeString(root.resolve("cpu.max"), "max 100000\n");
        Files.writeString(root.resolve("a/cpu.max"), "120000 100000\n");
        Files.writeString(child.resolve("cpu.max"), "300000 100000\n");
        assertEquals(1.2, Conditions.quotaAlong(root, "/a/b", true), 1e-12);
    }

    @Test
    void aRealProbeEndsItsThreadsAndStaysInRange() {
        Conditions.forgetProbe();
        long before = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("racelab-probe")).count();
        Conditions c = Conditions.now();
        assertTrue(c.parallelism() >= 0 && c.parallelism() <= 1, c.toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.cores());
        assertNotNull(c.describe());
        long after = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("racelab-probe")).count();
        assertEquals(before, after, "no probe thread outlives the probe");
    }
}
