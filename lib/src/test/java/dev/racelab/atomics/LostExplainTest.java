package dev.racelab.atomics;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of the lost-increments explanation (notebook 04 §1), on synthetic results. */
class LostExplainTest {
    static Interval iv(double est, double lo, double hi, long n) {
        return n == 0 ? Interval.empty() : new Interval(est, lo, hi, n, "order statistics");
    }

    static Result lost(long runs, double volShare, long volRunsWithLoss, double cpu, Regime regime) {
        Result.Builder b = Result.builder("lost-increments", "synthetic").conditions(Conditions.of(regime))
                .param("threads", 2).param("ms_per_run", 150L).param("runs", 6).param("time_budget_s", 3.0)
                .figure("runs_done", runs, "");
        long made = 20_000_000L * runs;
        b.figure("volatile_made", made, "").figure("volatile_lost", Math.round(made * volShare), "")
                .figure("volatile_runs_with_loss", volRunsWithLoss, "")
                .figure("volatile_lost_share", iv(volShare, volShare * 0.8, volShare * 1.2, runs), "")
                .figure("volatile_cpu_share", Double.isNaN(cpu) ? Interval.empty() : iv(cpu, cpu - 0.05, Math.min(1, cpu + 0.05), runs), "")
                .figure("volatile_overlap_at_least", iv(Math.max(0, 2 * cpu - 1), Math.max(0, 2 * cpu - 1.1), Math.max(0, 2 * cpu - 0.9), runs), "")
                .figure("volatile_overlap_at_most", iv(cpu, cpu - 0.05, Math.min(1, cpu + 0.05), runs), "")
                .figure("plain_made", made * 3, "").figure("plain_lost", made, "").figure("plain_runs_with_loss", runs, "")
                .figure("plain_lost_share", iv(0.3, 0.2, 0.4, runs), "")
                .figure("plain_cpu_share", iv(cpu, cpu, cpu, runs), "")
                .figure("plain_overlap_at_least", iv(0, 0, 0, runs), "").figure("plain_overlap_at_most", iv(cpu, cpu, cpu, runs), "");
        return b.explainer(LostExplain::explain).build();
    }

    @Test
    void lossesOnFreeCoresGiveBothSharesWithIntervalsAndNamedBounds() {
        String s = lost(6, 0.25, 6, 0.95, Regime.FREE).prose().text();
        assertTrue(s.contains("the `volatile` counter lost **25.0 %** [20.0–30.0 %] of its increments"), s);
        assertTrue(s.contains("and the plain one **30.0 %** [20.0–40.0 %]"), s);
        assertTrue(s.contains("**6** of **6** `volatile` runs"), s);
        assertTrue(s.contains("`volatile` does not prevent that"), s);
        assertTrue(s.contains("got **95 %** [90–100 %] of a core each; arithmetic on those two shares alone (not a measurement)"), s);
        assertTrue(s.contains("at least **90 %** [80–100 %]") && s.contains("at most **95 %**"), s);
        assertFalse(s.contains("shared with other work"), "free cores name no load: " + s);
        assertFalse(s.contains("fewer than six"), s);
    }

    @Test
    void aBusyMachineNamesTheLoad() {
        var prose = lost(6, 0.05, 6, 0.45, Regime.BUSY).prose();
        String s = prose.text();
        assertTrue(s.contains("The cores were shared with other work"), s);
        assertEquals(java.util.List.of(Conditions.of(Regime.BUSY).sentence()), prose.loadSentences(),
                "the load sentence is marked as the moment's, so a stability check sets it apart");
        assertTrue(s.contains("at least **0 %**"), "the shares force no overlap: " + s);
    }

    @Test
    void aBusyProbeDoesNotContradictThreadsThatHadTheirCores() {
        // the conditions' probe said busy, but the run's own threads had 95 % of a core each: no "took turns"
        var prose = lost(6, 0.2, 6, 0.95, Regime.BUSY).prose();
        assertFalse(prose.text().contains("take turns"), prose.text());
        assertEquals(java.util.List.of(), prose.loadSentences());
    }

    @Test
    void oneCoreGivesNoOverlapBoundButTheReasonLossesStillHappen() {
        String s = lost(6, 0.001, 3, 0.5, Regime.ONE_CORE).prose().text();
        assertTrue(s.contains("on one CPU an increment is lost only when the scheduler stops a thread between its read and its write"), s);
        assertFalse(s.contains("at least"), s);
        assertTrue(s.contains("may use only one CPU"), s);
    }

    @Test
    void noLossIsNotSafety() {
        String s = lost(6, 0, 0, 0.95, Regime.FREE).prose().text();
        assertTrue(s.contains("Not one `volatile` increment was lost in this run"), s);
        assertTrue(s.contains("not that `volatile` makes `++` atomic"), s);
        assertFalse(s.contains("does not prevent that"), s);
        assertTrue(s.contains("lost **0.0 %** of its increments"), "a count of 0 is a share of 0, shown: " + s);
    }

    @Test
    void fewRunsSayTheIntervalIsShort() {
        String s = lost(3, 0.2, 3, 0.9, Regime.FREE).prose().text();
        assertTrue(s.contains("Only **3** of **6** runs fitted the time budget"), s);
    }

    @Test
    void noRunIsNoData() {
        String s = lost(0, 0, 0, Double.NaN, Regime.BUSY).prose().text();
        assertTrue(s.startsWith("No run finished within the time budget (**3.0** s): no data"), s);
        assertFalse(s.contains("lost **"), s);
    }

    @Test
    void noCpuTimeIsSaid() {
        String s = lost(6, 0.2, 6, Double.NaN, Regime.FREE).prose().text();
        assertTrue(s.contains("does not report per-thread CPU time"), s);
    }

    @Test
    void aRealRunMeasuresBothCountersAndKeepsItsBudget() {
        long t0 = System.nanoTime();
        Result r = LostIncrements.of().runs(3).millisPerRun(20).seconds(5).run();
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "three rounds of 2 × 20 ms, far below the budget");
        assertEquals(3, r.value("runs_done"));
        assertEquals(6, r.samples().size(), "one row per run and counter");
        for (String c : new String[] {"plain", "volatile"}) {
            assertTrue(r.value(c + "_made") > 0, c);
            assertTrue(r.value(c + "_lost") >= 0 && r.value(c + "_lost") <= r.value(c + "_made"), c);
            Interval share = r.interval(c + "_lost_share");
            assertTrue(share.low() >= 0 && share.high() <= 1 && share.n() == 3, c + ": " + share);
        }
        assertFalse(r.prose().text().isEmpty());
        // a budget too short for a second round stops after the first, and says so
        Result one = LostIncrements.of().runs(10).millisPerRun(200).seconds(0.5).run();
        assertEquals(1, one.value("runs_done"));
        assertTrue(one.ended().contains("time budget"), one.ended());
    }

    @Test
    void badParametersNameTheRange() {
        assertEquals("runs must be between 1 and 50 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> LostIncrements.of().runs(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LostIncrements.of().millisPerRun(5));
        assertThrows(IllegalArgumentException.class, () -> LostIncrements.of().seconds(0));
    }
}
