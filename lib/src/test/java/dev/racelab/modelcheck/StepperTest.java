package dev.racelab.modelcheck;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The stepper's levels reach their goals by the schedules that should, and not by others; bad input is named. */
class StepperTest {
    @Test
    void theCounterLosesAnUpdateWhenBothReadBeforeEitherWrites() {
        Stepper lost = Stepper.level("counter").schedule("ABBBAA");
        assertTrue(lost.goalReached(), lost.toText());
        assertTrue(lost.play().goal().contains("count is 1"));
        Stepper fine = Stepper.level("counter").schedule("AAABBB");
        assertFalse(fine.goalReached(), fine.toText());
        assertEquals("count = 2", fine.play().state().sharedText());
    }

    @Test
    void checkThenActLetsBothIn() {
        assertTrue(Stepper.level("check-then-act").schedule("ABAABBAB").goalReached());
        // one checks and acts before the other checks: the second gives up
        Stepper safe = Stepper.level("check-then-act").schedule("AAAB");
        assertFalse(safe.goalReached());
    }

    @Test
    void twoLocksDeadlockAndBlockedStepsAreRefusedWithTheReason() {
        assertTrue(Stepper.level("two-locks").schedule("AB").goalReached());
        var e = assertThrows(IllegalArgumentException.class, () -> Stepper.level("two-locks").schedule("ABA"));
        assertTrue(e.getMessage().contains("blocked because lock b is held by Thread 2"), e.getMessage());
        assertFalse(Stepper.level("two-locks").schedule("AAAAAA").goalReached());
    }

    @Test
    void theSemaphoreReleasedInTheWrongPlaceLetsBothIn() {
        Stepper s = Stepper.level("semaphore").schedule("AA" + "BBBB" + "BBB");
        assertTrue(s.goalReached(), s.toText());
        assertFalse(Stepper.level("semaphore").schedule("AA").goalReached());
    }

    @Test
    void badLevelsAndSchedulesNameWhatIsAllowed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Stepper.level("dining"));
        assertTrue(e.getMessage().contains("counter, check-then-act, two-locks, semaphore"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Stepper.level("counter").schedule("AXB"));
        assertTrue(e.getMessage().contains("letters A (Thread 1) and B (Thread 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Stepper.level("counter").schedule("AAAA"));
        assertTrue(e.getMessage().contains("it has finished") && e.getMessage().contains("allowed then: B"), e.getMessage());
    }

    @Test
    void theOutputHasAStaticViewAndTheLiveScript() {
        var m = Stepper.level("counter").schedule("ABBBAA").mimeBundle();
        String html = m.get("text/html");
        assertTrue(html.contains("racelab-stepper-static"));
        assertTrue(html.contains("Goal reached"), "the static view shows the replayed goal");
        assertTrue(html.contains("<script>") && html.contains("racelabStepper("));
        assertTrue(m.get("text/plain").contains("Goal reached"));
    }
}
