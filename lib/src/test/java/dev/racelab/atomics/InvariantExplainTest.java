package dev.racelab.atomics;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of the two-field invariant explanation (notebook 04 §5), on synthetic results. */
class InvariantExplainTest {
    static Result run(String impl, long n, long alpha, long beta, long broken, Regime regime) {
        String label = switch (impl) {
            case Invariant.ATOMIC_FIELDS -> "two AtomicIntegers, check then act";
            case Invariant.LOCKED -> "check and act under one lock";
            default -> "one AtomicReference<Pair>, compare-and-set";
        };
        return Result.builder("invariant", "synthetic").conditions(Conditions.of(regime))
                .param("implementation", label).param("impl", impl)
                .figure("trials", n, "").figure("broken", broken, "").figure("alpha_won", alpha, "").figure("beta_won", beta, "")
                .figure("share_broken", Interval.wilson(broken, n), "")
                .figure("share_alpha_won", Interval.wilson(alpha, n), "")
                .figure("share_beta_won", Interval.wilson(beta, n), "")
                .explainer(InvariantExplain::explain).build();
    }

    @Test
    void brokenAndTwoFixesWithIntervalsAndTheLesson() {
        Result broken = run(Invariant.ATOMIC_FIELDS, 5_000, 1_000, 1_100, 2_900, Regime.FREE);
        String s = Invariant.compare(broken, run(Invariant.LOCKED, 5_000, 2_500, 2_500, 0, Regime.FREE),
                run(Invariant.ATOMIC_REFERENCE, 5_000, 2_400, 2_600, 0, Regime.FREE)).text();
        assertTrue(s.contains("the invariant broke (lower > upper) in **2,900** of **5,000** trials (**58.0 %** [56.6–59.4 %])"), s);
        assertTrue(s.contains("Alpha won **20.0 %** [18.9–21.1 %], Beta **22.0 %** [20.9–23.2 %]"), s);
        assertTrue(s.contains("Check and act under one lock: **0** broken of **5,000** (with 95 % confidence fewer than **0.1 %**"), s);
        assertTrue(s.contains("One AtomicReference<Pair>, compare-and-set: **0** broken of **5,000**"), s);
        assertTrue(s.endsWith("an invariant over two needs one lock — or one atomic reference to both."), s);
        assertFalse(s.contains("shared with other work"), "free cores name no load: " + s);
    }

    @Test
    void aBusyMachineSaysSoFromItsConditions() {
        var prose = Invariant.compare(run(Invariant.ATOMIC_FIELDS, 5_000, 2_600, 2_350, 50, Regime.BUSY),
                run(Invariant.LOCKED, 5_000, 2_500, 2_500, 0, Regime.BUSY));
        String s = prose.text();
        assertTrue(s.contains("The cores were shared with other work"), s);
        assertEquals(java.util.List.of(Conditions.of(Regime.BUSY).sentence()), prose.loadSentences(), "marked as load");
        assertTrue(s.contains("in **50** of **5,000** trials"), s);
        assertTrue(s.contains("Only trials in which the two setters really overlap can break it"), s);
    }

    @Test
    void zeroBrokenStaysACountAndIsNotCalledSafe() {
        String s = run(Invariant.ATOMIC_FIELDS, 5_000, 2_500, 2_500, 0, Regime.ONE_CORE).prose().text();
        assertTrue(s.contains("broke (lower > upper) in **0** of **5,000** trials (**0.0 %** [0.0–0.1 %])"), s);
        assertTrue(s.contains("a small share, or none, measures how rarely they overlapped, not a safer design"), s);
        assertTrue(s.contains("may use only one CPU"), s);
        assertFalse(s.contains("needs one lock"), "one run alone draws no comparison: " + s);
    }

    @Test
    void aFixThatBreaksItIsNamedAndTheLessonWithheld() {
        String s = Invariant.compare(run(Invariant.ATOMIC_FIELDS, 5_000, 1_000, 1_000, 3_000, Regime.FREE),
                run(Invariant.LOCKED, 5_000, 2_500, 2_490, 10, Regime.FREE)).text();
        assertTrue(s.contains("Check and act under one lock: the invariant broke in **10** of **5,000** trials"), s);
        assertTrue(s.contains("does not hold it"), s);
        assertFalse(s.contains("needs one lock"), s);
    }

    @Test
    void noTrialIsNoData() {
        Result none = run(Invariant.ATOMIC_FIELDS, 0, 0, 0, 0, Regime.BUSY);
        assertEquals(0, none.value("broken"), "a count of 0, not NaN");
        String s = none.prose().text();
        assertTrue(s.contains("no trial finished within the time budget — no data, neither broken nor safe"), s);
        assertFalse(s.contains("**0.0 %**"), s);
    }

    @Test
    void aRealRunCountsEveryOutcomeWithIntervals() {
        Result r = Invariant.atomicFields().trials(400).run();
        long n = (long) r.value("trials");
        assertEquals(n, (long) (r.value("alpha_won") + r.value("beta_won") + r.value("broken")),
                "each trial ends in exactly one outcome");
        assertTrue(r.hasInterval("share_broken") && r.hasInterval("share_alpha_won") && r.hasInterval("share_beta_won"));
        assertTrue(r.interval("share_broken").contains(r.value("broken") / n));
        Result locked = Invariant.locked().trials(400).run();
        assertEquals(0, locked.value("broken"));
        assertTrue(Invariant.compare(r, locked).text().contains("Check and act under one lock: **0** broken"));
    }
}
