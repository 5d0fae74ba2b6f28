package dev.racelab.atomics;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

class CasExplainTest {
    static Result run(long total, long retried, double retriesWhenRetried, long starved, double cpu, int work) {
        return Result.builder("cas-retries", "synthetic").conditions(Conditions.of(Conditions.Regime.FREE))
                .param("threads", 2).param("work_ns", work)
                .figure("final", total, "").figure("expected", total, "")
                .figure("share_retried", Interval.wilson(retried, total), "")
                .figure("retries_when_retried", retriesWhenRetried, "").figure("starved", starved, "")
                .figure("cpu_share", cpu, "").build();
    }

    @Test
    void fewerCollisionsButStarvationIsNamed() {
        String t = CasRetries.compare(run(1_000_000, 50_400, 1.5, 0, 0.81, 0), run(400_000, 8_000, 22, 8_070, 0.81, 100)).text();
        assertTrue(t.contains("Fewer increments collided with the wider window — but those that did lost again and again"), t);
        assertTrue(t.contains("**8,070** increments retried **64** times or more. One thread kept losing every CAS"), t);
        assertTrue(t.contains("lock-free") && t.contains("wait-free"), t);
        assertTrue(t.contains("ran together at least **62 %** of the time"), t);
    }

    @Test
    void moreCollisionsWithinNoiseAndTakingTurns() {
        String more = CasRetries.compare(run(1_000_000, 10_000, 1.1, 0, 0.9, 0), run(1_000_000, 50_000, 3, 0, 0.9, 100)).text();
        assertTrue(more.contains("The wider window made more increments collide"), more);
        assertFalse(more.contains("*starvation*"), more);
        assertTrue(more.contains("**0** increments retried **64** times or more. A CAS loop is *lock-free*"), more);
        String same = CasRetries.compare(run(100_000, 100, 1, 0, 0.9, 0), run(100_000, 101, 1, 0, 0.9, 100)).text();
        assertTrue(same.contains("within the noise of this run either way"), same);
        String turns = CasRetries.compare(run(100_000, 100, 1, 0, 0.3, 0), run(100_000, 1_000, 1, 0, 0.3, 100)).text();
        assertTrue(turns.contains("the two shares are not compared here"), turns);
        assertFalse(turns.contains("made more increments collide"), turns);
        assertTrue(turns.contains("Each thread got only **30 %** of a core"), turns);
    }
}
