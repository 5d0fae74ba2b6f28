package dev.racelab.modelcheck;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.race.CounterKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model checker on the course's counters, a deadlock, a loop that never ends, and bad input (each a child JVM). */
class ModelCheckTest {
    @Test
    void classicCountLosesAnUpdateAndTheTraceShowsIt() {
        ModelCheck.Checked r = ModelCheck.classic().run();
        assertEquals("fail", r.verdict(), r.toText());
        assertTrue(r.found());
        assertTrue(r.value("interleavings") >= 1);
        assertTrue(r.trace().failure().contains("lost update"), r.trace().failure());
        // the lost update itself: a thread wrote over a write made after its own read
        List<String> lost = r.trace().lostUpdate();
        assertEquals(5, lost.size(), r.toText());
        assertNotEquals(lost.get(0), lost.get(2));
        assertEquals(lost.get(3), lost.get(4), "both threads wrote the same value: " + lost);
        // one column per thread; reads carry the value seen
        assertEquals(List.of("Main Thread", "Thread 1", "Thread 2"), r.trace().threads());
        assertTrue(r.trace().events().stream().anyMatch(e -> e.kind() == Trace.Kind.READ && e.text().equals("read count → 0")));
        assertTrue(r.toText().contains("write count = 1"));
        assertTrue(r.mimeBundle().get("text/html").contains("racelab-trace"));
        assertTrue(r.prose().text().replace("**", "").contains("update is lost"), r.prose().text().replace("**", ""));
        // the losing moment opens in the stepper and loses an update there too
        Stepper s = r.stepper();
        assertTrue(s.goalReached(), s.toText());
        assertTrue(s.toText().contains("losing moment"), s.toText());
    }

    @Test
    void synchronizedAndAtomicPass() {
        for (CounterKind k : List.of(CounterKind.SYNCHRONIZED, CounterKind.ATOMIC_INTEGER)) {
            ModelCheck.Checked r = ModelCheck.counter(k).increments(2).seconds(90).run(); // headroom on a busy CI machine
            assertEquals("pass", r.verdict(), r.toText());
            assertFalse(r.found());
            assertTrue(r.value("interleavings") >= 2, r.toText());
            assertTrue(r.trace().events().isEmpty());
            assertTrue(r.prose().text().replace("**", "").contains("held in every one"), r.prose().text().replace("**", ""));
        }
    }

    @Test
    void theExerciseReferenceSolutionPasses() {
        String safe = """
                class SafeCounter implements dev.racelab.race.Counter {
                    private long count;
                    public void add(int times) {
                        for (int i = 0; i < times; i++) {
                            synchronized (this) { count++; }
                        }
                    }
                    public synchronized long get() { return count; }
                    public synchronized void reset() { count = 0; }
                }
                """;
        // every interleaving must be explored for a pass: give a busy machine time (it took 20 s at load 7)
        ModelCheck.Checked r = ModelCheck.source(safe).increments(2).seconds(90).run();
        assertEquals("pass", r.verdict(), r.toText());
    }

    @Test
    void aDeadlockIsReportedWithWhoHoldsAndWhoWaits() {
        ModelCheck.Checked r = ModelCheck.deadlock().run();
        assertEquals("deadlock", r.verdict(), r.toText());
        String who = r.trace().deadlock();
        assertTrue(who.contains("Thread 1 holds `synchronized (a)`") && who.contains("waits for `synchronized (b)`"), who);
        assertTrue(who.contains("Thread 2 holds `synchronized (b)`") && who.contains("waits for `synchronized (a)`"), who);
        assertTrue(r.trace().events().stream().anyMatch(e -> e.kind() == Trace.Kind.WAIT), r.toText());
        assertTrue(r.prose().text().replace("**", "").contains("deadlock"), r.prose().text().replace("**", ""));
    }

    @Test
    void aLoopThatNeverEndsIsReportedAsHung() {
        ModelCheck.Checked r = ModelCheck.neverEnds().run();
        assertEquals("hung", r.verdict(), r.toText());
        assertFalse(r.trace().hang().isEmpty());
    }

    @Test
    void codeThatBlocksForeverIsStoppedByTheBudget() {
        String busy = """
                class Sleepy {
                    void thread1() {
                        try {
                            Thread.sleep(Long.MAX_VALUE);   // blocks forever where the checker does not look
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    void thread2() { }
                }
                """;
        ModelCheck.Checked r = ModelCheck.source(busy).seconds(6).run();
        assertEquals("timeout", r.verdict(), r.toText());
        assertTrue(r.notes().get(0).contains("time budget"), r.notes().toString());
        assertTrue(r.prose().text().replace("**", "").startsWith("No answer"), r.prose().text().replace("**", ""));
    }

    @Test
    void aCompileErrorIsNamed() {
        ModelCheck.Checked r = ModelCheck.source("class Broken { void thread1() { int x = ; } void thread2() {} }").run();
        assertEquals("compile-error", r.verdict(), r.toText());
        assertTrue(r.prose().text().replace("**", "").contains("did not compile"), r.prose().text().replace("**", ""));
    }

    @Test
    void badParametersFailFastNamingWhatIsAllowed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelCheck.classic().increments(9));
        assertTrue(e.getMessage().contains("increments"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelCheck.source("class X { void go() {} }"));
        assertTrue(e.getMessage().contains("thread1()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelCheck.deadlock().threads(3));
        assertTrue(e.getMessage().contains("one thread per method"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelCheck.counter(CounterKind.values()[CounterKind.values().length - 1]).seconds(1));
        assertNotNull(e.getMessage());
    }
}
