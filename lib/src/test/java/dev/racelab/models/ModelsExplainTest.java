package dev.racelab.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of notebook 08's explanations, on synthetic results: the sentences follow the data and the CPU. */
class ModelsExplainTest {
    // --- event loop -------------------------------------------------------------------------------------------------

    static Result loop(long n, long lossy, double threads, double waiting, double trialMs, boolean blocked) {
        double[] lost = new double[(int) n];
        for (int i = 0; i < lossy; i++) lost[i] = 20 + i % 7;
        double[] wait = new double[(int) n];
        java.util.Arrays.fill(wait, waiting);
        double[] ms = new double[(int) n];
        for (int i = 0; i < n; i++) ms[i] = trialMs + (i % 5) * 0.1;
        return Result.builder("event-loop", "synthetic").conditions(Conditions.of(Regime.FREE))
                .param("handler", "read → await → write").param("time_budget_s", 3.0)
                .figure("trials", n, "").figure("requests_per_trial", 100, "").figure("trials_with_loss", lossy, "")
                .figure("share_with_loss", Interval.wilson(lossy, n), "").figure("total_lost", lossy * 23, "")
                .figure("mean_lost", Interval.mean(lost), "").figure("callback_threads", threads, "")
                .figure("median_max_waiting", Interval.median(wait), "").figure("median_trial_ms", Interval.median(ms), "ms")
                .figure("blocked_loop", blocked ? 1 : 0, "")
                .explainer(EventLoopExplain::explain).build();
    }

    @Test
    void noTrialIsNoDataAndABlockedLoopIsNamed() {
        String s = loop(0, 0, 0, 0, 0, false).prose().text();
        assertTrue(s.contains("No trial finished") && s.contains("no data"), s);
        assertFalse(s.contains("blocked"), s);
        String b = loop(0, 0, 1, 0, 0, true).prose().text();
        assertTrue(b.contains("blocked inside a callback"), b);
    }

    @Test
    void lossesOnOneThreadNameInterleaving() {
        String s = loop(100, 97, 1, 27, 3, false).prose().text();
        assertTrue(s.contains("Every callback ran on **1** thread, and still **97.0 %**"), s);
        assertTrue(s.contains("between their read and their write at once"), s);
        assertTrue(s.contains("not *interleaving*"), s);
        String two = loop(100, 97, 2, 27, 3, false).prose().text();
        assertTrue(two.contains("The callbacks ran on **2** threads"), two);
        assertFalse(two.contains("not *interleaving*"), "two threads are not the event loop's story: " + two);
    }

    @Test
    void noLossTellsConcurrentFromOneAtATime() {
        String concurrent = loop(100, 0, 1, 20, 3, false).prose().text();
        assertTrue(concurrent.contains("not one update was lost in **100** trials"), concurrent);
        assertTrue(concurrent.contains("fewer than **3.7 %**"), concurrent);
        assertTrue(concurrent.contains("still waited for their I/O together"), concurrent);
        String serial = loop(10, 0, 1, 1, 100, false).prose().text();
        assertTrue(serial.contains("one at a time"), serial);
        assertTrue(EventLoopExplain.oneAtATime(loop(10, 0, 1, 1, 100, false)));
        assertFalse(EventLoopExplain.oneAtATime(loop(10, 0, 1, 2, 100, false)));
        assertFalse(EventLoopExplain.oneAtATime(loop(0, 0, 1, 0, 0, false)), "no data is not a verdict");
    }

    @Test
    void theFixesAreComparedOnlyWhenTheirTimesSeparate() {
        String slower = EventLoopExplain.fixes(loop(100, 0, 1, 20, 3, false), loop(10, 0, 1, 1, 100, false)).text();
        assertTrue(slower.contains("slower"), slower);
        assertTrue(slower.contains("**1** request waiting at a time"), slower);
        String same = EventLoopExplain.fixes(loop(100, 0, 1, 20, 3, false), loop(10, 0, 1, 1, 3, false)).text();
        assertTrue(same.contains("within the noise"), same);
        String faster = EventLoopExplain.fixes(loop(100, 0, 1, 20, 30, false), loop(10, 0, 1, 1, 3, false)).text();
        assertTrue(faster.contains("faster"), faster);
        String none = EventLoopExplain.fixes(loop(0, 0, 1, 0, 0, false), loop(10, 0, 1, 1, 3, false)).text();
        assertTrue(none.contains("no data"), none);
    }
}
