package dev.racelab.atomics;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroLossExplainTest {
    static Result gate(String label, long n, long raced) {
        return Result.builder("race-gate", "synthetic").conditions(Conditions.of(Conditions.Regime.FREE))
                .param("counter", label).figure("trials", n, "").figure("trials_together", raced, "")
                .figure("max_lost", n == 0 ? Double.NaN : 0, "").build();
    }

    @Test
    void sameFormWhateverTheCountsAndNoDataSaysSo() {
        String a = ZeroLossExplain.of(List.of(gate("AtomicInteger", 2_000, 0), gate("LongAdder", 300, 109),
                gate("VarHandle.getAndAdd", 0, 0))).text();
        assertEquals("Start-gate trials: `AtomicInteger` **2,000** trials, **0** of which really raced, `LongAdder` **300** "
                + "trials, **109** of which really raced and `VarHandle.getAndAdd` no trial (no data). The largest loss in any "
                + "trial: **0** updates. Only trials that really raced are evidence — a trial whose threads took turns cannot "
                + "lose an update with any counter — and a zero over few raced trials says little; the counts above say how "
                + "strong this run's test was.", a);
        String none = ZeroLossExplain.of(List.of(gate("AtomicInteger", 0, 0))).text();
        assertFalse(none.contains("largest loss"), none);
        assertTrue(none.startsWith("Start-gate trials: `AtomicInteger` no trial (no data)."), none);
    }
}
