package dev.racelab.exercises;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model checker's evidence on the learner's own code in the exercise checks (issue 14): a known-wrong solution's
 * evidence carries the failing interleaving (for a deadlock: who holds and who waits), a correct one's says how many
 * interleavings were explored, and code the checker cannot rebuild gives "not run: …", never a verdict. Each model
 * check is a child JVM (~1 s on a quiet machine, several under load): the time budgets are generous: every check
 * gets {@value #BUDGET_S} s here (the image build shares the cores with the unit tests under ./course test).
 */
class ModelEvidenceTest {
    static final int BUDGET_S = 120; // ModelCheck.SECONDS_RANGE allows up to 120

    @BeforeAll
    static void generousBudgets() {
        System.setProperty(ModelEvidence.TEST_SECONDS, Integer.toString(BUDGET_S));
    }

    @AfterAll
    static void ordinaryBudgets() {
        System.clearProperty(ModelEvidence.TEST_SECONDS);
    }
    // --- 03.1 transfers ---------------------------------------------------------------------------------------------

    @Test
    void oppositeTransfersDeadlockWithHolderAndWaiter() {
        // the notebook's shape: a lambda calling the learner's static method
        ModelEvidence naive = TransferCheck.model((f, t, a) -> ExercisesTest.naive(f, t, a), Profile.current());
        assertTrue(naive.found(), naive.line());
        assertNotNull(naive.trace(), naive.line());
        String who = naive.trace().deadlock().replace("`", "");
        assertTrue(who.matches("Thread \\d holds \\w+ \\(id 1\\) and waits for \\w+ \\(id 2\\); Thread \\d holds \\w+ \\(id 2\\) and waits for \\w+ \\(id 1\\)")
                || who.matches("Thread \\d holds \\w+ \\(id 2\\) and waits for \\w+ \\(id 1\\); Thread \\d holds \\w+ \\(id 1\\) and waits for \\w+ \\(id 2\\)"),
                who + "\n" + naive.trace().toText());
        // the trace shows the learner's own calls, a lock's insides folded into one step
        assertTrue(naive.trace().toText().contains("ExercisesTest.lockedTransfer("), naive.trace().toText());
        assertFalse(naive.trace().toText().contains("compareAndSetState"), naive.trace().toText());
        assertTrue(naive.line().contains("deadlock"), naive.line());
    }

    @Test
    void orderedTransfersPassWithTheNumberOfInterleavings() {
        ModelEvidence ok = TransferCheck.model(ExercisesTest::ordered, Profile.current());
        assertFalse(ok.found(), ok.line() + "\n" + ok.trace());
        assertTrue(ok.line().matches("model checker \\(Lincheck\\): [\\d,]+ interleavings of .* explored, none deadlocked or lost money"),
                ok.line());
        // a lambda calling the method, as the notebook writes it, is the same method
        ModelEvidence lambda = TransferCheck.model((f, t, a) -> ExercisesTest.ordered(f, t, a), Profile.current());
        assertTrue(lambda.line().contains("none deadlocked"), lambda.line());
    }

    @Test
    void aCapturingLambdaIsNotRunNotJudged() {
        Object global = new Object();
        ModelEvidence e = TransferCheck.model((f, t, a) -> { synchronized (global) { ExercisesTest.ordered(f, t, a); } },
                Profile.current());
        assertFalse(e.found());
        assertNull(e.trace());
        assertTrue(e.line().startsWith("model checker (Lincheck): not run: "), e.line());
    }

    @Test
    void theTransferVerdictShowsTheDeadlockTrace() {
        Verdict dead = Checks.transfers("t", ExercisesTest::naive);
        assertEquals(Verdict.Status.FAIL, dead.status(), dead.line());
        assertNotNull(dead.trace(), dead.toString());
        assertTrue(dead.toString().contains("deadlock: "), dead.toString());
        assertTrue(dead.details().stream().anyMatch(d -> d.startsWith("model checker (Lincheck): a failing interleaving")),
                dead.details().toString());
    }

    // --- 05.1 bounded channel ---------------------------------------------------------------------------------------

    @Test
    void ifInSendOverfillsTheChannelInATrace() {
        ModelEvidence wrong = ChannelCheck.model(ExercisesTest.IfInSend.class, Profile.current());
        assertTrue(wrong.found(), wrong.line());
        assertNotNull(wrong.trace(), wrong.line());
        assertTrue(wrong.trace().failure().matches("send\\(\\d\\) returned while the channel of 1 held 2 messages"),
                wrong.trace().failure() + "\n" + wrong.trace().toText());
    }

    @Test
    void theReferenceChannelPassesWithTheNumberOfInterleavings() {
        ModelEvidence ok = ChannelCheck.model(ExercisesTest.WhileChannel.class, Profile.current());
        assertFalse(ok.found(), ok.line() + "\n" + ok.trace());
        assertTrue(ok.line().matches("model checker \\(Lincheck\\): [\\d,]+ interleavings of .* explored, none overfilled it or duplicated a message"),
                ok.line());
        ModelEvidence noCapacity = ChannelCheck.model(NoCapacity.class, Profile.current());
        assertTrue(noCapacity.line().startsWith("model checker (Lincheck): not run: NoCapacity has no constructor"), noCapacity.line());
    }

    static final class NoCapacity implements Checks.BoundedChannel<Integer> {
        public void send(Integer m) {}
        public Integer receive() { return 0; }
    }

    // --- 08.1 async counter -----------------------------------------------------------------------------------------

    @Test
    void aHandlerThatReadsBeforeItsIoLosesAnUpdateInATrace() {
        ModelEvidence racy = AsyncCounterCheck.model(ExercisesTest.Racy.class, Profile.current());
        assertTrue(racy.found(), racy.line());
        assertNotNull(racy.trace(), racy.line());
        assertTrue(racy.trace().failure().contains("get() = 1 after two requests, expected 2"),
                racy.trace().failure() + "\n" + racy.trace().toText());
        // the learner's reads and writes, not the loop's or the JDK's insides: both requests read 0, both write 1
        String text = racy.trace().toText();
        assertEquals(2, text.split("write count = 1", -1).length - 1, text);
        assertFalse(text.contains("RandomSupport") || text.contains("r.run()") || text.contains("arg$"), text);
    }

    @Test
    void theFixedHandlerPassesWithTheNumberOfInterleavings() {
        ModelEvidence fix = AsyncCounterCheck.model(ExercisesTest.Fix.class, Profile.current());
        assertFalse(fix.found(), fix.line() + "\n" + fix.trace());
        assertTrue(fix.line().matches("model checker \\(Lincheck\\): [\\d,]+ interleavings of .* explored, none lost an update"),
                fix.line());
    }
}
