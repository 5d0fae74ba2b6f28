package dev.racelab.race;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterleavingsTest {
    @Test
    void countsMatchTheClosedForm() {
        for (int k = 1; k <= 6; k++) {
            BigInteger total = Interleavings.of(k).distribution().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
            assertEquals(Interleavings.count(k), total, "k=" + k);
        }
        assertEquals(BigInteger.valueOf(20), Interleavings.count(1));          // C(6,3)
        assertEquals(BigInteger.valueOf(2_704_156), Interleavings.count(4));   // C(24,12)
    }

    @Test
    void exactlyTheSerialisedSchedulesReachTwoK() {
        // No update is lost only if no step of one thread falls between a read and the matching write of the
        // other: each count++ then runs as a block of three, and the 2k blocks interleave in C(2k, k) ways.
        for (int k = 1; k <= Interleavings.MAX_K; k++) {
            Map<Long, BigInteger> d = Interleavings.of(k).distribution();
            assertEquals(Interleavings.multinomial(k, k), d.get(2L * k), "k=" + k);
            assertEquals(2L * k, ((java.util.TreeMap<Long, BigInteger>) d).lastKey(), "nothing above 2k, k=" + k);
        }
    }

    @Test
    void mergedWalkAgreesWithVisitingEachInterleaving() {
        for (int k = 1; k <= 4; k++) {
            Map<Long, Long> naive = Interleavings.of(k).enumerateNaive();
            Map<Long, BigInteger> merged = Interleavings.of(k).distribution();
            assertEquals(naive.keySet(), merged.keySet());
            for (var e : naive.entrySet()) {
                assertEquals(BigInteger.valueOf(e.getValue()), merged.get(e.getKey()), "k=" + k + " value " + e.getKey());
            }
        }
    }

    @Test
    void oneIncrementEachLosesUnlessTheyRunOneAfterTheOther() {
        // only the two serial orders reach 2: one thread's write before the other's read
        assertEquals(Map.of(1L, 18L, 2L, 2L), Interleavings.of(1).enumerateNaive());
    }

    @Test
    void theSmallestPossibleResultIsTwo() {
        for (int k = 2; k <= 5; k++) assertEquals(2L, Interleavings.of(k).distribution().keySet().iterator().next());
    }

    @Test
    void replayShowsBothWritingEleven() {
        var r = Interleavings.replay(10, Interleavings.lockstepSchedule(1));
        assertEquals(11, r.value("final"));
        assertEquals(1, r.value("lost"));
        assertEquals("reads 10 from memory", r.samples().get(1, "action"));
        assertEquals("Beta", r.samples().get(1, "thread"));
        assertEquals(0, Interleavings.replay(0, "AAABBB").value("lost"));
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> Interleavings.of(0));
        assertThrows(IllegalArgumentException.class, () -> Interleavings.of(Interleavings.MAX_K + 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Interleavings.replay(0, "ABAB"));
        assertTrue(e.getMessage().contains("multiple of 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Interleavings.replay(0, "AAXBBB"));
    }
}
