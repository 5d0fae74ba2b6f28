package dev.racelab.exercises;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Under grading (RACELAB_GRADING=1, nbgrader's autograde) a check that did not pass must fail its cell. */
class GradingTest {
    @Test
    void notYetAndFailThrowUnderGradingPassReturns() {
        Verdict notYet = Exercise.evaluate("g.1", () -> { throw Exercise.notYet("Foo.bar"); });
        Verdict fail = Exercise.evaluate("g.2", () -> Exercise.fail("lost %d updates", 3));
        Verdict pass = Exercise.evaluate("g.3", () -> Exercise.pass("0 lost"));

        var e1 = assertThrows(Exercise.GradedCheckFailed.class, () -> Exercise.graded(notYet, true));
        assertTrue(e1.getMessage().startsWith("[exercise] NOT YET · g.1"), e1.getMessage());
        var e2 = assertThrows(Exercise.GradedCheckFailed.class, () -> Exercise.graded(fail, true));
        assertTrue(e2.getMessage().startsWith("[exercise] FAIL · g.2"), e2.getMessage());
        assertSame(fail, e2.verdict());
        assertSame(pass, Exercise.graded(pass, true));
    }

    @Test
    void withoutGradingEveryVerdictIsReturned() {
        Verdict notYet = Exercise.evaluate("g.4", () -> { throw Exercise.notYet("Foo.bar"); });
        assertSame(notYet, Exercise.graded(notYet, false));
        assertEquals(Verdict.Status.NOT_YET, notYet.status());
    }
}
