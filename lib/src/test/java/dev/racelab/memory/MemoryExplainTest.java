package dev.racelab.memory;

import static org.junit.jupiter.api.Assertions.*;
import static dev.racelab.core.SentenceForms.masked;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.DataTable;
import dev.racelab.core.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every branch of notebook 09's explanations, on synthetic results: the sentences follow the data. */
class MemoryExplainTest {
    // --- the stop flag ----------------------------------------------------------------------------------------------

    /** {@code plainJvms} JVMs: each has {@code stoppedEach} stopped runs (interpreted, then C1), then a stuck one if asked. */
    static Result visibility(int volatileRuns, int volatileNever, int plainJvms, int stoppedEach, boolean stuck, Regime regime) {
        List<Visibility.Run> runs = new ArrayList<>();
        for (int i = 1; i <= volatileRuns; i++) {
            runs.add(new Visibility.Run(0, i, "volatile", "C2", i <= volatileNever ? Double.NaN : 10 + i % 7, "-"));
        }
        for (int j = 1; j <= plainJvms; j++) {
            for (int i = 1; i <= stoppedEach; i++) runs.add(new Visibility.Run(j, i, "plain", i < 3 ? "interpreted" : "C1", 50 + i, "-"));
            if (stuck) runs.add(new Visibility.Run(j, stoppedEach + 1, "plain", "C2", Double.NaN, "C2"));
        }
        return Visibility.defaults().limitMillis(400)
                .result(Result.builder("visibility", "synthetic").conditions(Conditions.of(regime)), runs, plainJvms + 1, "completed");
    }

    @Test
    void noRunIsNoData() {
        String s = visibility(0, 0, 0, 0, false, Regime.FREE).prose().text();
        assertTrue(s.contains("no data"), s);
        assertFalse(s.contains("never stopped"), s);
    }

    @Test
    void stuckPlainWorkersAreNamedWithTheirJitState() {
        Result r = visibility(150, 0, 3, 5, true, Regime.FREE);
        String s = r.prose().text();
        assertTrue(s.contains("stopped in every one of **150** runs"), s);
        assertTrue(s.contains("**3** of **3** JVMs"), s);
        assertTrue(s.contains("the loop had C2-compiled code in **3** of the **18** plain runs, and in **3** of the **3** that never stopped"), s);
        assertTrue(s.contains("keep it in a register"), s);
        assertTrue(s.contains("The **15** plain runs that stopped"), s);
        assertTrue(s.contains("only interpreted code in **6**, C1-compiled code in **9** and C2-compiled code in **0**"), s);
        // the C2-stop remark in one form, with its count (0 here), so it does not come and go between runs
        assertTrue(s.contains("A run whose loop had C2 code by then and still stopped (**0** here) is no contradiction"), s);
        // 3 of 3 against 0 of 150: +100 points, Newcombe's interval from the Wilson intervals [43.85–100] and [0–2.50]
        assertTrue(s.contains("never stopped in **100 %** [44–100 %] of **3** plain-flag runs and in **0 %** [0–2 %] of **150** volatile ones: "
                + "plain minus volatile, **+100** percentage points, 95 % interval **+44** to **+100**."), s);
        assertTrue(s.contains("An interval above 0 shows the plain flag's worker missing the flag more often"), s);
        assertFalse(s.contains("intervals separate") || s.contains("within the noise"), s);
        assertFalse(s.contains("shared with other work"), "free cores name no load: " + s);
        assertNotNull(r.chart());
    }

    @Test
    void aPlainFlagThatAlwaysStoppedIsSaidHonestly() {
        // no plain loop reached C2 (a busy machine slows the JIT): the same sentences as a run that hung, with its counts,
        // and no "the plain flag was seen on this machine" (that run could not have shown a hang)
        String s = visibility(150, 0, 3, 8, false, Regime.FREE).prose().text();
        assertTrue(s.contains("**0** of **3** JVMs"), s);
        assertTrue(s.contains("the loop had C2-compiled code in **0** of the **24** plain runs"), s);
        assertTrue(s.contains("does not promise that a plain flag is ever seen"), s);
        assertTrue(s.contains("a run in which none did could not show one"), s);
        assertFalse(s.contains("was seen;"), s);
        assertFalse(s.contains("Counting only runs whose loop had C2"), "no plain run had C2 code: nothing to compare: " + s);
        String stuck = visibility(150, 0, 3, 8, true, Regime.FREE).prose().text();
        assertEquals(masked(s), masked(stuck.replaceAll(" Counting only runs whose loop had C2 code.*?run it again on a quieter machine\\.", "")));
    }

    @Test
    void aPlainRunThatStoppedWithC2CodeIsExplainedWithoutAClaim() {
        List<Visibility.Run> runs = new ArrayList<>();
        runs.add(new Visibility.Run(0, 1, "volatile", "C2", 12, "-"));
        runs.add(new Visibility.Run(1, 1, "plain", "C2", 40, "-"));
        runs.add(new Visibility.Run(1, 2, "plain", "C2", Double.NaN, "C2"));
        String s = Visibility.defaults().result(Result.builder("visibility", "synthetic").conditions(Conditions.of(Regime.FREE)),
                runs, 2, "completed").prose().text();
        assertTrue(s.contains("C2-compiled code in **1** of them"), s);
        assertTrue(s.contains("A run whose loop had C2 code by then and still stopped (**1** here) is no contradiction"), s);
        // 1 of 2 against 0 of 1: +50 points, 95 % interval -39 to +91 (it contains 0: the flags cannot be told apart)
        assertTrue(s.contains("in **50 %** [9–91 %] of **2** plain-flag runs and in **0 %** [0–79 %] of **1** volatile ones: "
                + "plain minus volatile, **+50** percentage points, 95 % interval **-39** to **+91**."), s);
    }

    /** Plain-flag JVMs that each stopped {@code c1} C1 runs and {@code c2} C2 runs, then got stuck once with C2 code. */
    static Result visibilityWithC2(int volatileRuns, int plainJvms, int c1, int c2) {
        List<Visibility.Run> runs = new ArrayList<>();
        for (int i = 1; i <= volatileRuns; i++) runs.add(new Visibility.Run(0, i, "volatile", "C2", 10 + i % 7, "-"));
        for (int j = 1; j <= plainJvms; j++) {
            int i = 0;
            while (i < c1) runs.add(new Visibility.Run(j, ++i, "plain", "C1", 50 + i, "-"));
            while (i < c1 + c2) runs.add(new Visibility.Run(j, ++i, "plain", "C2", 50 + i, "-"));
            runs.add(new Visibility.Run(j, ++i, "plain", "C2", Double.NaN, "C2"));
        }
        return Visibility.defaults().limitMillis(400)
                .result(Result.builder("visibility", "synthetic").conditions(Conditions.of(Regime.FREE)), runs, plainJvms + 1, "completed");
    }

    @Test
    void theC2ComparisonReadsAlikeOnEitherSideOfSeparation() {
        // run 1 of notebook 09 in CI: 2 stuck of 6 C2 runs against 0 of 82 volatile (the intervals separated, and a C2
        // loop still stopped); runs 2 and 3: 2 of 2 (no C2 loop stopped). Either way one set of sentence forms.
        String apart = visibilityWithC2(82, 2, 10, 2).prose().text();
        String two = visibilityWithC2(98, 2, 15, 0).prose().text();
        // one stuck of six against none of 82: +17 points, 95 % interval +2 to +56 (Wilson 0.0 to 4.5 % for 0 of 82)
        String borderline = visibilityWithC2(82, 1, 20, 5).prose().text();
        assertTrue(apart.contains("plain minus volatile, **+33** percentage points, 95 % interval **+9** to **+70**"), apart);
        assertTrue(two.contains("plain minus volatile, **+100** percentage points"), two);
        assertTrue(borderline.contains("plain minus volatile, **+17** percentage points, 95 % interval **+2** to **+56**"), borderline);
        assertTrue(apart.contains("still stopped (**4** here)") && two.contains("still stopped (**0** here)"), apart + "\n" + two);
        assertEquals(masked(apart), masked(two));
        assertEquals(masked(apart), masked(borderline));
    }

    @Test
    void onlyStuckRunsGiveNoStoppedSentence() {
        String s = visibility(100, 0, 2, 0, true, Regime.FREE).prose().text();
        assertTrue(s.contains("**2** of **2** JVMs"), s);
        assertFalse(s.contains("plain runs that stopped"), s);
    }

    @Test
    void aVolatileRunThatDidNotStopBlamesTheCpuNotTheModel() {
        String s = visibility(100, 2, 2, 3, true, Regime.BUSY).prose().text();
        assertTrue(s.contains("**2** of **100** runs"), s);
        assertTrue(s.contains("got no CPU time"), s);
        assertTrue(s.contains("shared with other work"), "a busy machine is named: " + s);
    }

    @Test
    void noPlainRunIsNoDataOnThePlainFlag() {
        String s = visibility(50, 0, 0, 0, false, Regime.FREE).prose().text();
        assertTrue(s.contains("No run with the plain flag finished"), s);
        assertFalse(s.contains("Counting only"), s);
    }

    @Test
    void aRunLineIsParsed() {
        var r = Visibility.Run.parse(2, "run 7 plain C1 12345 -");
        assertEquals(12.345, r.delayUs(), 1e-9);
        assertTrue(r.stopped());
        assertFalse(Visibility.Run.parse(2, "run 8 plain C2 never C2").stopped());
        assertThrows(IllegalArgumentException.class, () -> Visibility.Run.parse(1, "hello"));
    }

    // --- litmus tests -----------------------------------------------------------------------------------------------

    /** A JCStress result as JcStress builds it: the telling outcome seen {@code seen} times of {@code n}. */
    static Result jc(Litmus l, long n, long seen) {
        DataTable t = new DataTable("outcome", "count", "expect", "description");
        String expect = l.allowed() ? "ACCEPTABLE_INTERESTING" : "FORBIDDEN";
        t.add(l.outcome, seen, expect, l.meaning);
        t.add("other", n - seen, "ACCEPTABLE", "the rest");
        return Result.builder("jcstress", "synthetic").conditions(Conditions.of(Regime.FREE))
                .param("test", "dev.racelab.stress." + l.test).samples(t)
                .figure("samples", n, "").figure("interesting", l.allowed() ? seen : 0, "")
                .figure("forbidden", l.allowed() ? 0 : seen, "").build();
    }

    static List<Result> all(long mpPlainSeen, long forbiddenSeen) {
        List<Result> out = new ArrayList<>();
        for (Litmus l : Litmus.values()) {
            long seen = l == Litmus.SB_PLAIN ? 300_000 : l == Litmus.MP_PLAIN ? mpPlainSeen : l.allowed() ? 0 : forbiddenSeen;
            out.add(jc(l, 1_000_000, seen));
        }
        return out;
    }

    @Test
    void onX86StoreBufferingIsTheProcessorAndMessagePassingOnlyTheJit() {
        Reordering litmus = Reordering.of(all(5, 0), "amd64");
        String s = litmus.reordering().prose().text();
        assertTrue(s.startsWith("**store buffering, plain fields** (measured here)"), "no blank first paragraph: " + s);
        assertTrue(s.contains("in **300,000** of **1,000,000** samples"), s);
        assertTrue(s.contains("store buffer"), s);
        assertTrue(s.contains("any sample of it here came from the JIT"), s);
        assertTrue(s.contains("documented expectation, not measured here"), s);
        assertTrue(s.contains("never appeared in **1,000,000** samples"), s);
        assertTrue(s.contains("**volatile write → read** edge forbids it"), s);
        assertFalse(s.contains("FORBIDDEN outcome appeared"), s);
        assertNotNull(litmus.reordering().chart());
    }

    @Test
    void theSameSentenceFormWhetherARareOutcomeAppearedOrNot() {
        String none = Reordering.of(all(0, 0), "amd64").reordering().prose().text();
        String some = Reordering.of(all(7, 0), "amd64").reordering().prose().text();
        assertEquals(none.replaceAll("\\*\\*[^*]*\\*\\*( \\[[^]]*])?", "#"), some.replaceAll("\\*\\*[^*]*\\*\\*( \\[[^]]*])?", "#"));
    }

    @Test
    void oneCpuSaysWhyJcStressDidNotRun() {
        var jc = dev.racelab.jcstress.JcStress.test("Reorder_01_StoreBuffering");
        List<Result> none = new ArrayList<>();
        for (Litmus l : Litmus.values()) none.add(jc.notRun("dev.racelab.stress." + l.test, "this JVM may use 1 CPU"));
        String s = Reordering.of(none, "amd64").reordering().prose().text();
        assertTrue(s.startsWith("JCStress did not run these tests here: this JVM may use 1 CPU."), s);
        assertFalse(s.contains("never appeared"), s);
    }

    @Test
    void aForbiddenOutcomeIsShoutedAndNamed() {
        String s = Reordering.of(all(0, 3), "amd64").publication().prose().text();
        assertTrue(s.contains("A FORBIDDEN outcome appeared"), s);
        assertTrue(s.contains("the FORBIDDEN outcome `0` appeared **3** times"), s);
    }

    @Test
    void onArmTheProcessorItselfReorders() {
        String s = Reordering.of(all(500, 0), "aarch64").publication().prose().text();
        assertTrue(s.contains("This is an ARM processor"), s);
        assertTrue(s.contains("there only the JIT could"), s);
    }

    @Test
    void anUnknownProcessorGetsNoExpectation() {
        String s = Reordering.of(all(0, 0), "riscv64").reordering().prose().text();
        assertTrue(s.contains("no expectation for processors of type riscv64"), s);
    }

    @Test
    void aTestWithoutSamplesIsNoData() {
        List<Result> rs = all(0, 0);
        rs.set(0, jc(Litmus.SB_PLAIN, 0, 0));
        String s = Reordering.of(rs, "amd64").reordering().prose().text();
        assertTrue(s.contains("**store buffering, plain fields**: no samples, no data."), s);
    }

    @Test
    void aGroupWithoutResultsIsNoData() {
        String s = Reordering.of(List.of(), "amd64").reordering().prose().text();
        assertTrue(s.contains("no data"), s);
    }

    // --- happens-before ---------------------------------------------------------------------------------------------

    @Test
    void everyEdgeGetsItsCountsWithAndWithout() {
        Reordering litmus = Reordering.of(all(5, 0), "amd64");
        Result hb = litmus.happensBefore(visibility(150, 0, 3, 5, true, Regime.FREE));
        String s = hb.prose().text();
        assertTrue(s.contains("**§1 stop flag**: the **volatile write → read** edge"), s);
        assertTrue(s.startsWith("**§1 stop flag**"), "no blank first paragraph: " + s);
        assertTrue(s.contains("With the edge: **0** in **150** runs; without it: **3** in **18** runs"), s);
        assertTrue(s.contains("**§2 message passing**"), s);
        assertTrue(s.contains("without it: **5** in **1,000,000** samples"), s);
        assertTrue(s.contains("**final-field freeze**"), s);
        assertNotNull(hb.chart());
        assertTrue(hb.chart().png().length > 1_000);
    }

    @Test
    void withoutTheStopFlagRunItsEdgeHasNoMeasurement() {
        String s = Reordering.of(all(5, 0), "amd64").happensBefore().prose().text();
        assertTrue(s.contains("**§1 stop flag**: the **volatile write → read** edge from `stop = true` to the read that sees it "
                + "forbids a worker spinning on after the flag; this run has no measurement of it."), s);
    }

    @Test
    void theArchitectureIsNamedAsTheModelCaresAboutIt() {
        assertEquals("x86-64", Litmus.architecture("amd64"));
        assertEquals("ARM", Litmus.architecture("aarch64"));
        assertEquals("ppc64le", Litmus.architecture("ppc64le"));
        assertThrows(IllegalArgumentException.class, () -> Litmus.byTest("Counter_01_PlainIncrement"));
    }
}
