package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetTest {
    @Test
    void stopsAfterTheTrials() {
        Budget.Meter m = Budget.of(5, Duration.ofSeconds(10)).start();
        int n = 0;
        while (m.more()) { n++; m.count(); }
        assertEquals(5, n);
        assertEquals(Budget.Stop.COMPLETED, m.stop());
        assertEquals("5 of 5 trials", m.describe());
    }

    @Test
    void theUsualTimeBudgetIsCheckedAgainstTheRangeItsHelpTextNames() {
        assertEquals(Budget.MIN_SECONDS, Budget.requireSeconds(Budget.MIN_SECONDS));
        assertEquals(Budget.MAX_SECONDS, Budget.requireSeconds(Budget.MAX_SECONDS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budget.requireSeconds(0.09));
        assertEquals("time budget (s) must be between 0.1 and 3600.0 (got 0.09)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Budget.requireSeconds(3600.5));
        assertThrows(IllegalArgumentException.class, () -> Budget.requireSeconds(Double.NaN));
        assertEquals(Duration.ofHours(1), Budget.MAX_TIME);
        assertTrue(Budget.SECONDS_RANGE.equals(Budget.MIN_SECONDS + ".." + Budget.MAX_SECONDS), Budget.SECONDS_RANGE);
    }

    @Test
    void stopsAtTheTimeBudget() throws Exception {
        Budget.Meter m = Budget.of(1_000_000, Duration.ofMillis(50)).start();
        while (m.more()) { Thread.sleep(5); m.count(); }
        assertEquals(Budget.Stop.TIME_BUDGET, m.stop());
        assertTrue(m.done() < 1_000_000);
        assertTrue(m.describe().contains("time budget"), m.describe());
    }

    @Test
    void anInterruptCancels() {
        Budget.Meter m = Budget.of(10, Duration.ofSeconds(10)).start();
        Thread.currentThread().interrupt();
        try {
            assertThrows(Budget.Cancelled.class, m::more);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void statsInterpolate() {
        Stats s = Stats.of(new double[] {4, 1, 3, 2});
        assertEquals(2.5, s.median());
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        assertEquals(3.97, s.percentile(99), 1e-9);
        assertEquals(0.5, s.share(v -> v > 2));
        assertTrue(Double.isNaN(Stats.of(new double[0]).median()));
    }

    @Test
    void aBlockingCallThatIsInterruptedEndsTheExperimentWithTheFlagStillSet() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(Budget.Cancelled.class, () -> Budget.sleep(java.time.Duration.ofSeconds(5)));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(7, Budget.call(() -> 7));
    }

    @Test
    void interruptedKeepsTheFlagForTheCaller() {
        try {
            Budget.Cancelled c = Budget.interrupted();
            assertNotNull(c);
            assertTrue(Thread.currentThread().isInterrupted(), "the flag must stay set for whoever catches the stop");
        } finally {
            Thread.interrupted();
        }
    }
}
