package dev.racelab.race;

import static org.junit.jupiter.api.Assertions.*;
import static dev.racelab.core.SentenceForms.masked;

import dev.racelab.core.Check;
import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every branch of the race explanations, on synthetic results: the sentences follow the data and the CPU. */
class ExplainTest {
    // --- start gate -------------------------------------------------------------------------------------------------

    static Result gate(long n, long together, long lossy, long whole, Regime regime, double nsPerIncrement) {
        return gate(n, together, lossy, whole, Conditions.of(regime), nsPerIncrement);
    }

    static Result gate(long n, long together, long lossy, long whole, Conditions c, double nsPerIncrement) {
        long togetherLost = Math.min(lossy, together);
        double[] lost = new double[(int) n];
        for (int i = 0; i < lossy; i++) lost[i] = i < whole ? 10_000 : 300 + i;
        return Result.builder("race-gate", "synthetic").conditions(c)
                .param("counter", "volatile int").param("time_budget_s", 3.0).param("increments", 10_000)
                .param("loop_jit", "C2-compiled (tier 4)")
                .figure("trials", n, "").figure("expected", 20_000, "")
                .figure("trials_with_loss", lossy, "").figure("share_with_loss", Interval.wilson(lossy, n), "")
                .figure("trials_together", together, "").figure("share_together", Interval.wilson(together, n), "")
                .figure("share_loss_when_together", Interval.wilson(togetherLost, together), "")
                .figure("median_lost_when_lost", Interval.median(java.util.Arrays.stream(lost).filter(v -> v > 0).toArray()), "")
                .figure("p99_lost_when_lost", Interval.percentile(java.util.Arrays.stream(lost).filter(v -> v > 0).toArray(), 99), "")
                .figure("trials_whole_loops_lost", whole, "")
                .figure("median_loop_us", n == 0 ? Interval.empty() : new Interval(nsPerIncrement * 10, nsPerIncrement * 9, nsPerIncrement * 11, n, "x"), "")
                .figure("ns_per_increment", n == 0 ? Interval.empty() : new Interval(nsPerIncrement / 1000, nsPerIncrement / 1100, nsPerIncrement / 900, n, "x"), "")
                .explainer(GateExplain::explain).build();
    }

    @Test
    void noTrialIsNoDataNeverAVerdict() {
        String s = gate(0, 0, 0, 0, Regime.BUSY, 1).prose().text();
        assertTrue(s.contains("No trial finished") && s.contains("no data"), s);
        assertFalse(s.contains("lost no") || s.contains("Not one update"), s);
    }

    @Test
    void freeCoresWithLossesGiveTheShareAndTheAmounts() {
        String s = gate(2_000, 2_000, 1_900, 0, Regime.FREE, 50).prose().text();
        assertTrue(s.contains("lost updates in **95.0 %**"), s);
        assertTrue(s.contains("Updates lost by a losing trial, of its **20,000**: median **"), s);
        assertTrue(s.contains("In **2,000** of **2,000** trials"), s);
        assertFalse(s.contains("shared with other work"), "free cores name no load: " + s);
        assertTrue(s.endsWith("Its loop ran C2-compiled (tier 4)."), s);
    }

    @Test
    void wholeLoopLossesAreNamed() {
        String s = gate(2_000, 2_000, 400, 350, Regime.FREE, 0.05).prose().text();
        assertTrue(s.contains("**350** of the **400** losing trials lost a whole loop's work"), s);
        // the same form with none, so two runs read alike
        String none = gate(2_000, 2_000, 400, 0, Regime.FREE, 0.05).prose().text();
        assertTrue(none.contains("**0** of the **400** losing trials lost a whole loop's work"), none);
    }

    @Test
    void aBusyMachineSaysHowManyTrialsRaced() {
        String s = gate(2_000, 400, 380, 0, Regime.BUSY, 50).prose().text();
        assertTrue(s.contains("In **400** of **2,000** trials"), s);
        assertTrue(s.contains("started apart"), s);
        assertTrue(s.contains("shared with other work"), "the load is named: " + s);
        assertTrue(s.contains("Among the trials that really raced, the share that lost: **95.0 %**"), s);
        // a few raced trials: the same sentence, with the wide interval those few allow (it once appeared only from 30 on)
        String few = gate(2_000, 12, 380, 0, Regime.BUSY, 50).prose().text();
        assertTrue(few.contains("Among the trials that really raced, the share that lost: **"), few);
        assertTrue(gate(2_000, 0, 380, 0, Regime.BUSY, 50).prose().text().contains("the share that lost: **no data**."));
        assertTrue(few.contains("In **12** of **2,000** trials"), few);
    }

    @Test
    void oneCoreWithoutRacedTrialsGivesNoDataAboutTheCounter() {
        String s = gate(2_000, 0, 0, 0, Regime.ONE_CORE, 50).prose().text();
        assertTrue(s.contains("Among the trials that really raced, the share that lost: **no data**."), s);
        assertTrue(s.contains("none gives no data"), s);
        assertTrue(s.contains("only one CPU"), s);
    }

    @Test
    void zeroLossesWithRacedTrialsGiveAnUpperBoundAndTheCollapsedLoop() {
        String s = gate(2_000, 1_800, 0, 0, Regime.FREE, 0.05).prose().text();
        assertTrue(s.contains("lost updates in **0.0 %** [0.0–0.2 %] of **2,000** trials (**0** trials)"), s);
        assertTrue(s.contains("the share that lost: **0.0 %** [0.0–0.2 %]"), s);
        assertTrue(s.contains("**0.000 ns**"), s);
        assertTrue(s.contains("collapsed the loop"), s);
    }

    @Test
    void theGateSaysItInOneFormWhateverItsCounts() {
        // the plain counter's runs of one machine took all three old branches (losses; too few raced; none lost of
        // many raced): one set of sentences now, the numbers carry the difference
        String lost = gate(2_000, 1_800, 900, 30, Regime.FREE, 50).prose().text();
        String none = gate(2_000, 1_800, 0, 0, Regime.FREE, 0.05).prose().text();
        String few = gate(2_000, 3, 0, 0, Regime.FREE, 0.05).prose().text();
        assertEquals(masked(lost), masked(none));
        assertEquals(masked(lost), masked(few));
    }

    @Test
    void aQuotaIsNamedAsAQuota() {
        String s = gate(2_000, 600, 500, 0, Regime.QUOTA, 50).prose().text();
        assertTrue(s.contains("CPU quota"), s);
    }

    // --- sweep by loop length: a collapsed loop is not a longer loop -------------------------------------------------

    static Result lengthSweep(String counter, String jitLong, double nsLong, long lossShort, long lossLong) {
        dev.racelab.core.DataTable t = new dev.racelab.core.DataTable("counter", "threads", "increments", "trials",
                "trials_together", "trials_with_loss", "loop_jit", "ns_per_increment");
        t.add(counter, 2L, 100L, 300L, 300L, lossShort, "C1", 20.0);
        t.add(counter, 2L, 1_000_000L, 300L, 300L, lossLong, jitLong, nsLong);
        return Result.builder("race-sweep", "synthetic").conditions(Conditions.of(Regime.FREE)).samples(t)
                .explainer(SweepExplain::explain).build();
    }

    @Test
    void aCollapsedLongLoopIsNotComparedAsALongerLoop() {
        // the plain counter's C2 loop of 1,000,000 is one read and one write: no "longer loops lost more/less"
        for (long lossLong : new long[] {2, 150, 290}) {
            String s = lengthSweep("plain static int", "C2", 0.00003, 100, lossLong).prose().text();
            assertTrue(s.contains("do not compare loop lengths") && s.contains("collapsed"), s);
            assertFalse(s.contains("longer loops lost"), s);
        }
    }

    @Test
    void aLoopThatStillRunsComparesLengthsByTheDifferencesInterval() {
        // 30 and 290 of 300: +87 points; the same sentences whichever way the data fell
        String more = lengthSweep("volatile int", "C2", 2.5, 30, 290).prose().text();
        assertTrue(more.contains("the longer loop minus the shorter, **+87** percentage points, 95 % interval **+"), more);
        String less = lengthSweep("volatile int", "C2", 2.5, 290, 30).prose().text();
        assertTrue(less.contains("**-87** percentage points"), less);
        String same = lengthSweep("volatile int", "C2", 2.5, 150, 155).prose().text();
        for (String s : new String[] {more, less, same}) {
            assertTrue(s.contains("An interval above 0 shows that here; one that contains 0 cannot tell the lengths apart; one below 0"), s);
            assertFalse(s.contains("lost more often"), s);
        }
        assertEquals(masked(more), masked(same));
    }

    // --- the empty sweep point: the case that once read as "synchronized lost updates" ------------------------------

    @Test
    void anEmptySweepPointIsNeitherALossNorAPass() {
        // a correct counter so slow that a 0.1 s point finishes no trial (measured before the fix: NaN, "lost updates")
        Sweep.SweepResult s = Sweep.gate().counter("slow synchronized", SlowCounter::new).increments(10)
                .trials(100).secondsPerPoint(0.1).run();
        assertEquals(0, s.samples().longs("trials")[0], "the point finished no trial");
        assertEquals(0, s.samples().longs("trials_with_loss")[0], "a count of 0, not NaN");
        long[] tot = s.totals("slow synchronized");
        assertEquals(0, tot[0]);
        String text = s.prose().text();
        assertTrue(text.contains("finished no trial"), text);
        Sweep.SweepResult sync = Sweep.gate().kinds(CounterKind.SYNCHRONIZED).increments(10, 1_000).trials(200).secondsPerPoint(5).run();
        String ok = SweepExplain.verifyNoLoss(sync, CounterKind.SYNCHRONIZED).text();
        assertTrue(ok.contains("lost no update in **400** trials"), ok);
    }

    @Test
    void aPointWhoseThreadsNeverRacedIsLeftOutOfTheChartsNotDrawnAsNoLoss() {
        // seen in notebook 02: volatile at 10,000 increments, 300 trials, every one started late (0 raced), was drawn
        // as "0 % lost" beside points that lost in most raced trials
        dev.racelab.core.DataTable t = new dev.racelab.core.DataTable("counter", "threads", "increments", "trials",
                "share_with_loss", "low", "high", "trials_with_loss", "trials_together", "together_with_loss",
                "mean_fraction_lost", "fraction_low", "fraction_high", "median_lost", "p99_lost", "ns_per_increment",
                "share_late_start", "loop_jit");
        t.add("volatile", 2, 100, 300L, 0.5, 0.44, 0.56, 150L, 200L, 150L, 0.1, 0.08, 0.12, 1.0, 9.0, 1.0, 0.3, "C2");
        t.add("volatile", 2, 10_000, 300L, 0.0, 0.0, 0.013, 0L, 0L, 0L, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, "C2");
        t.add("volatile", 2, 100_000, 40L, 0.5, 0.35, 0.65, 20L, 29L, 20L, 0.1, 0.05, 0.15, 1.0, 9.0, 1.0, 0.3, "C2");
        Sweep.SweepResult s = new Sweep.SweepResult(dev.racelab.core.Result.builder("race-sweep", "synthetic").samples(t));
        for (var chart : java.util.List.of(s.shareChart(), s.fractionChart())) {
            var data = chart.jfree().getXYPlot().getDataset();
            assertEquals(1, data.getItemCount(0), "only the point with 30 or more raced trials is drawn");
            assertEquals(100.0, data.getXValue(0, 0));
            String subtitles = java.util.stream.IntStream.range(0, chart.jfree().getSubtitleCount())
                    .mapToObj(i -> chart.jfree().getSubtitle(i))
                    .filter(x -> x instanceof org.jfree.chart.title.TextTitle)
                    .map(x -> ((org.jfree.chart.title.TextTitle) x).getText()).toList().toString();
            assertTrue(subtitles.contains("fewer than 30 trials really raced: volatile at 10,000 increments (0 raced); "
                    + "volatile at 100,000 increments (29 raced)"), subtitles);
        }
        var threads = s.threadsChart(10_000); // the threads chart follows the same rule
        assertEquals(0, threads.jfree().getXYPlot().getDataset().getItemCount(0));
    }

    @Test
    void aBrokenCounterStillFailsTheClaim() {
        // deterministic: every add drops one update, so every trial loses; the claim reads the counts and fails
        Sweep.SweepResult s = Sweep.gate().counter("broken", DroppingCounter::new).increments(10, 1_000).trials(50)
                .secondsPerPoint(5).run();
        var e = assertThrows(Check.ClaimFailed.class, () -> SweepExplain.verifyNoLoss(s, "broken"));
        assertTrue(e.getMessage().contains("broken lost or gained updates in 100 of 100 trials"), e.getMessage());
    }

    /** A counter that loses one update per call: the bug is certain, not a matter of timing. */
    static final class DroppingCounter implements Counter {
        private long count;

        @Override public synchronized void add(int times) { count += times - 1; }
        @Override public synchronized long get() { return count; }
        @Override public synchronized void reset() { count = 0; }
    }

    /** A correct counter whose every add takes 300 ms. */
    static final class SlowCounter implements Counter {
        private long count;

        @Override
        public synchronized void add(int times) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            count += times;
        }

        @Override public synchronized long get() { return count; }
        @Override public synchronized void reset() { count = 0; }
    }

    // --- the classic program ----------------------------------------------------------------------------------------

    static Result classic(long n, long exact, Regime regime, String pinned, boolean timed) {
        long[] values = new long[(int) n];
        for (int i = 0; i < n; i++) values[i] = i < exact ? 20_000 : 14_000 + i;
        long lossy = n - exact;
        double[] lostOnes = new double[(int) lossy];
        for (int i = 0; i < lossy; i++) lostOnes[i] = 20_000 - values[(int) exact + i];
        Result.Builder b = Result.builder("race-classic", "synthetic").conditions(Conditions.of(regime))
                .param("program", timed ? "timed" : "book").param("jit", "JVM default (tiered)").param("pinned_cpu", pinned)
                .param("time_budget_s", 10.0).param("increments", 10_000)
                .figure("runs", n, "").figure("expected", 20_000, "").figure("runs_exact", exact, "")
                .figure("runs_with_loss", lossy, "")
                .figure("share_exact", Interval.wilson(exact, n), "").figure("share_with_loss", Interval.wilson(lossy, n), "")
                .figure("median_value", Interval.median(values), "").figure("mean_lost", Interval.mean(lostOnes), "")
                .figure("share_one_thread_lost", 0, "")
                .figure("median_value_when_lost", Interval.median(java.util.Arrays.stream(lostOnes).map(x -> 20_000 - x).toArray()), "")
                .figure("mean_lost_when_lost", Interval.mean(lostOnes), "");
        if (timed) {
            b.figure("share_overlapping", Interval.wilson(n / 3, n), "").figure("runs_apart", n / 2, "")
                    .figure("apart_with_loss", 0, "")
                    .figure("median_loop_us", new Interval(60, 55, 65, n, "x"), "µs")
                    .figure("median_start_gap_us", new Interval(120, 100, 140, n, "x"), "µs");
        }
        return b.explainer(ClassicExplain::explain).build();
    }

    @Test
    void classicMixedOutcomesSayOneRunProvesNothing() {
        String s = classic(80, 10, Regime.FREE, "none", false).prose().text();
        assertTrue(s.contains("in **13 %** [7–22 %] of **80** runs"), s);
        assertTrue(s.contains("one run proves nothing"), s);
    }

    @Test
    void classicAllExactOnOneCoreExplainsWhyAndDoesNotCallItSafe() {
        String s = classic(80, 80, Regime.ONE_CORE, "none", false).prose().text();
        assertTrue(s.contains("All **80** runs printed exactly **20,000**"), s);
        assertTrue(s.contains("up to **5 %** of runs losing"), s);
        assertTrue(s.contains("the race is still in the code"), s);
        assertTrue(s.contains("only one CPU"), s);
        assertTrue(s.contains("time slice"), s);
    }

    @Test
    void classicEveryRunLostAndNoRunAtAll() {
        assertTrue(classic(40, 0, Regime.FREE, "none", false).prose().text().contains("It printed exactly **20,000** in **0 %**"));
        Result none = Result.builder("race-classic", "x").conditions(Conditions.of(Regime.FREE)).param("program", "book")
                .param("jit", "x").param("pinned_cpu", "none").param("time_budget_s", 10.0)
                .figure("runs", 0, "").figure("expected", 20_000, "").explainer(ClassicExplain::explain).build();
        assertTrue(none.prose().text().contains("no data"), none.prose().text());
    }

    @Test
    void pinnedRunsSayTheyWerePinned() {
        String s = classic(40, 40, Regime.FREE, "0", false).prose().text();
        assertTrue(s.contains("pinned to CPU 0"), s);
        assertTrue(s.contains("time slice"), s);
    }

    @Test
    void theStampsComparisonIsOneSentenceFormWithTheDifferencesInterval() {
        Result book = classic(100, 10, Regime.FREE, "none", false);
        String same = ClassicExplain.compare(book, classic(100, 14, Regime.FREE, "none", true)).text();
        // 14 % - 10 %: Newcombe's interval around +4 points contains 0
        assertTrue(same.contains("minus the book program: **+4** percentage points, 95 % interval **-5** to **+13**"), same);
        String differs = ClassicExplain.compare(book, classic(100, 60, Regime.FREE, "none", true)).text();
        assertTrue(differs.contains("**+50** percentage points, 95 % interval **+38** to **+60**"), differs);
        // the same sentences whichever way the data fell: only the numbers differ
        assertEquals(masked(same), masked(differs));
        String overlap = ClassicExplain.overlap(classic(90, 30, Regime.FREE, "none", true)).text();
        assertTrue(overlap.contains("between starting Beta and Alpha's whole loop"), overlap);
    }

    @Test
    void aDifferenceOfSharesHasNewcombesInterval() {
        // Newcombe (1998), example (e): 56/70 - 48/80 = 0.2000, interval 0.0524 to 0.3339
        Interval d = Interval.difference(Interval.wilson(56, 70), Interval.wilson(48, 80));
        assertEquals(0.2, d.estimate(), 1e-9);
        assertEquals(0.0524, d.low(), 5e-4);
        assertEquals(0.3339, d.high(), 5e-4);
        assertTrue(Interval.difference(Interval.empty(), Interval.wilson(1, 2)).isEmpty());
    }

    /** Notebook 02's JIT-mode sentence for runs (n, printed exactly 20,000) of the default, -Xint and C2. */
    static String modes(long defN, long defExact, long intN, long intExact, long c2N, long c2Exact) {
        Map<String, Result> modes = new LinkedHashMap<>();
        modes.put("JVM default", classic(defN, defExact, Regime.FREE, "none", false));
        modes.put("interpreted (-Xint)", classic(intN, intExact, Regime.FREE, "none", false));
        modes.put("C2-compiled", classic(c2N, c2Exact, Regime.FREE, "none", false));
        return ClassicSet.build("x", "x", modes, ClassicSet::explainModes).prose().text();
    }

    @Test
    void jitModesAndTimeSlicesCompareOnlyWhereIntervalsSeparate() {
        String s = modes(100, 80, 100, 78, 100, 100);
        assertTrue(s.contains("interpreted loops lost more often than the C2-compiled"), s);
        assertTrue(s.contains("lies nearer the interpreted ones"), s);
        // measurably below -Xint but still nearer it than C2: the same sentence (that separation flipped between runs)
        String t0 = modes(100, 60, 100, 30, 100, 100);
        assertTrue(t0.contains("lies nearer the interpreted ones"), t0);
        String t1 = modes(100, 97, 100, 30, 100, 100);
        assertTrue(t1.contains("lies nearer the C2-compiled ones"), t1);
        String t2 = modes(20, 18, 10, 8, 10, 10);
        assertTrue(t2.contains("cannot place the JVM's default"), t2);
        Map<String, Result> slices = new LinkedHashMap<>();
        slices.put("10,000 increments", classic(40, 40, Regime.FREE, "0", true));
        slices.put("1,000,000 increments", classic(40, 5, Regime.FREE, "0", true));
        String t = ClassicSet.build("x", "x", slices, ClassicSet::explainTimeSlice).prose().text();
        assertTrue(t.contains("outlasts its time slice"), t);
        slices.put("1,000,000 increments", classic(40, 38, Regime.FREE, "0", true));
        String u = ClassicSet.build("x", "x", slices, ClassicSet::explainTimeSlice).prose().text();
        assertTrue(u.contains("did not lose measurably more often"), u);
    }
}
