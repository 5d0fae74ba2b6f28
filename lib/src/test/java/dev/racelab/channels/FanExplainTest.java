package dev.racelab.channels;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of the fan-out explanation (notebook 05 §4), on synthetic results. */
class FanExplainTest {
    /**
     * 64 tasks; rounds of 1 and 64 workers with the given wall times (ms, one per round); {@code broken} drops a result
     * in the last round, {@code unended} leaves a worker without its pill.
     */
    static Result fan(double[] one, double[] many, int planned, boolean broken, boolean unended) {
        DataTable t = new DataTable("round", "workers", "wall_ms", "results", "distinct results", "workers ended",
                "busiest worker", "idlest worker");
        double[] ratios = new double[one.length];
        for (int i = 0; i < one.length; i++) {
            boolean last = i == one.length - 1;
            t.add(i + 1, 1, one[i], 64, 64, 1, 64, 64);
            t.add(i + 1, 64, many[i], last && broken ? 63 : 64, last && broken ? 63 : 64, last && unended ? 63 : 64, 2, 0);
            ratios[i] = one[i] / many[i];
        }
        return Result.builder("fan-out", "synthetic").conditions(Conditions.of(Conditions.Regime.FREE))
                .param("tasks", 64).param("task_ms", 5L).param("first_workers", 1).param("last_workers", 64)
                .param("rounds", planned).param("time_budget_s", 4.0).param("cores", 2)
                .samples(t).figure("rounds_done", one.length, "")
                .figure("first_wall_ms", Interval.median(one), "").figure("last_wall_ms", Interval.median(many), "")
                .figure("speedup", Interval.median(ratios), "").figure("ideal_speedup", 64, "")
                .explainer(FanExplain::explain).build();
    }

    static double[] around(double v, int n, double spread) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = v * (1 - spread + 2 * spread * i / Math.max(1, n - 1));
        return x;
    }

    @Test
    void separatedAndPastTheCoresSaysFasterAndWhy() {
        String s = fan(around(330, 6, 0.05), around(8, 6, 0.2), 6, false, false).prose().text();
        assertTrue(s.startsWith("Every result arrived exactly once and every worker ended on its pill, in each of the **6** rounds"), s);
        assertTrue(s.contains("One worker needed **330 ms** [") && s.contains("ms] (the median of the rounds, with its 95 % interval); **64** workers **"), s);
        assertTrue(s.contains("**64** workers were **") && s.contains("faster"), s);
        assertTrue(s.contains("past the **2** cores: waiting does not need a core"), s);
        assertTrue(s.contains("differed by at most **2** task(s)"), s);
        assertFalse(s.contains("fewer than six"), s);
    }

    @Test
    void oneCoreIsOneCore() {
        Result one = fan(around(330, 6, 0.05), around(8, 6, 0.2), 6, false, false);
        String s = FanExplain.explain(withCores(one, 1)).text();
        assertTrue(s.contains("past the **1** core: waiting does not need a core"), s);
    }

    static Result withCores(Result r, int cores) {
        Result.Builder b = Result.builder(r.experiment(), r.title()).conditions(r.conditions()).samples(r.samples());
        r.params().forEach(b::param);
        b.param("cores", cores);
        for (Object[] row : r.summary().rows()) {
            String f = (String) row[0];
            if (r.hasInterval(f)) b.figure(f, r.interval(f), (String) row[2]);
            else b.figure(f, ((Number) row[1]).doubleValue(), (String) row[2]);
        }
        return b.build();
    }

    @Test
    void fasterButNotPastTheCoresIsNotCalledScaling() {
        // 1.5× with overlapping rounds' ratios all below the 2 cores
        String s = fan(around(30, 6, 0.02), around(20, 6, 0.02), 6, false, false).prose().text();
        assertTrue(s.contains("faster"), s);
        assertTrue(s.contains("Not measurably past the **2** cores in this run."), s);
        assertFalse(s.contains("waiting does not need a core"), s);
    }

    @Test
    void overlappingWallTimesSayNoSpeedUp() {
        String s = fan(around(20, 6, 0.3), around(19, 6, 0.3), 6, false, false).prose().text();
        assertTrue(s.contains("within the noise of this run: no speed-up shown"), s);
        assertFalse(s.contains("faster"), s);
    }

    @Test
    void slowerIsSaidAsSlower() {
        String s = fan(around(10, 6, 0.05), around(40, 6, 0.05), 6, false, false).prose().text();
        assertTrue(s.contains("**64** workers were slower than **1**"), s);
        assertFalse(s.contains("faster"), s);
    }

    @Test
    void fewRoundsSayTheIntervalIsShort() {
        String s = fan(around(330, 2, 0.05), around(8, 2, 0.2), 6, false, false).prose().text();
        assertTrue(s.contains("Only **2** of **6** rounds fitted the time budget, and a median of fewer than six runs"), s);
        String asked = fan(around(330, 3, 0.05), around(8, 3, 0.2), 3, false, false).prose().text();
        assertTrue(asked.contains("A median of fewer than six runs has no 95 % interval"), asked);
        assertFalse(asked.contains("fitted the time budget"), asked);
    }

    @Test
    void aLostResultOrAWorkerWithoutItsPillIsSaid() {
        String lost = fan(around(330, 6, 0.05), around(8, 6, 0.2), 6, true, false).prose().text();
        assertTrue(lost.startsWith("A result was lost or delivered twice, and every worker ended on its pill."), lost);
        assertTrue(lost.contains("from a broken run"), lost);
        String unended = fan(around(330, 6, 0.05), around(8, 6, 0.2), 6, false, true).prose().text();
        assertTrue(unended.startsWith("Every result arrived exactly once, but a worker did not end on its pill."), unended);
    }
}
