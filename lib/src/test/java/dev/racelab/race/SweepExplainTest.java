package dev.racelab.race;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.DataTable;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** The loop-length sweep's sentences (notebook 02 §5), on synthetic sweep tables. */
class SweepExplainTest {
    /** One row per length of the volatile counter: {increments, trials, trials with loss, trials raced}. */
    static Result sweep(long[]... points) {
        DataTable t = new DataTable("counter", "threads", "increments", "trials", "share_with_loss", "low", "high",
                "trials_with_loss", "trials_together", "together_with_loss", "mean_fraction_lost", "fraction_low",
                "fraction_high", "median_lost", "p99_lost", "ns_per_increment", "share_late_start", "loop_jit");
        for (long[] pt : points) {
            double share = pt[1] == 0 ? Double.NaN : (double) pt[2] / pt[1];
            t.add("volatile int", 2L, pt[0], pt[1], share, share, share, pt[2], pt[3], Math.min(pt[2], pt[3]), 0.1, 0.09, 0.11,
                    0.0, 1.0, 20.0, pt[1] == 0 ? Double.NaN : 1 - (double) pt[3] / pt[1], "C2");
        }
        return Result.builder("race-sweep", "synthetic").conditions(Conditions.of(Regime.FREE)).samples(t)
                .param("min_raced", StartGate.MIN_RACED).explainer(SweepExplain::explain).build();
    }

    @Test
    void theEndsComparedAreTheLengthsWithEnoughRacedTrials() {
        // 1,000,000 increments had 8 raced trials in its budget: the comparison is 100 against 100,000
        String s = sweep(new long[] {100, 300, 290, 298}, new long[] {10_000, 300, 295, 297},
                new long[] {100_000, 147, 69, 67}, new long[] {1_000_000, 9, 9, 8}).prose().text();
        assertTrue(s.contains("at **100** increments and in **47 %**") && s.contains("at **100,000**"), s);
        assertTrue(s.contains("the longer loop minus the shorter, **"), s);
    }

    @Test
    void aLengthWhoseTrialsMostlyStartedLateIsSkippedNotCompared() {
        // a busy moment: 11 of 300 trials at 100 increments raced (CI run); 10,000 and 100,000 had enough
        String s = sweep(new long[] {100, 300, 10, 11}, new long[] {10_000, 300, 30, 228},
                new long[] {100_000, 147, 140, 140}, new long[] {1_000_000, 9, 9, 8}).prose().text();
        assertTrue(s.contains("at **10,000** increments") && s.contains("at **100,000**"), s);
        // 30 of 300 at 10,000 against 140 of 147 at 100,000: +85 points
        assertTrue(s.contains("**+85** percentage points"), s);
    }

    @Test
    void fewerThanTwoLengthsWithEnoughRacedTrialsIsTooFew() {
        String s = sweep(new long[] {100, 300, 0, 0}, new long[] {10_000, 300, 0, 0},
                new long[] {100_000, 74, 71, 70}, new long[] {1_000_000, 14, 11, 10}).prose().text();
        assertTrue(s.contains("Too few trials of the volatile int counter really raced"), s);
        assertTrue(s.contains("fewer than two lengths had **30** or more"), s);
        assertFalse(s.contains("longer loop minus"), s);
        assertFalse(s.contains("An interval above 0"), s);
    }
}
