package dev.racelab.exercises;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Notebook 09's checks fail the known-wrong solutions every time (by their declarations) and pass the right ones. */
class MemoryCheckTest {
    // --- stop flags ---------------------------------------------------------------------------------------------------

    static final class PlainFlag implements Checks.StopFlag {
        private boolean stop;
        public void raise() { stop = true; }
        public boolean raised() { return stop; }
    }

    static final class VolatileFlag implements Checks.StopFlag {
        private volatile boolean stop;
        public void raise() { stop = true; }
        public boolean raised() { return stop; }
    }

    static final class AtomicFlag implements Checks.StopFlag {
        private final AtomicBoolean stop = new AtomicBoolean();
        public void raise() { stop.set(true); }
        public boolean raised() { return stop.get(); }
    }

    static final class LockedFlag implements Checks.StopFlag {
        private boolean stop;
        public synchronized void raise() { stop = true; }
        public synchronized boolean raised() { return stop; }
    }

    static final class HalfLockedFlag implements Checks.StopFlag {
        private boolean stop;
        public synchronized void raise() { stop = true; }
        public boolean raised() { return stop; }
    }

    static final class ArrayFlag implements Checks.StopFlag {
        private final boolean[] stop = new boolean[1];
        public void raise() { stop[0] = true; }
        public boolean raised() { return stop[0]; }
    }

    static final class BoxedFlag implements Checks.StopFlag {
        private Boolean stop = Boolean.FALSE;
        public void raise() { stop = Boolean.TRUE; }
        public boolean raised() { return stop; }
    }

    static final class DeafFlag implements Checks.StopFlag {
        private volatile boolean stop;
        public void raise() { }
        public boolean raised() { return stop; }
    }

    @Test
    void plainAndHalfFixedFlagsFailEveryTime() {
        for (int i = 0; i < 3; i++) {
            Verdict v = Checks.stopFlag("t", PlainFlag::new);
            assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
            assertTrue(v.evidence().contains("field `stop` (boolean) is plain"), v.toString());
        }
        for (var f : java.util.List.<java.util.function.Supplier<Checks.StopFlag>>of(HalfLockedFlag::new, ArrayFlag::new, BoxedFlag::new)) {
            Verdict v = Checks.stopFlag("t", f);
            assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
        }
        assertTrue(Checks.stopFlag("t", HalfLockedFlag::new).evidence().contains("only one of raise() and raised() is synchronized"));
        assertTrue(Checks.stopFlag("t", ArrayFlag::new).evidence().contains("final array"));
    }

    @Test
    void aFlagThatIsNeverRaisedFails() {
        Verdict v = Checks.stopFlag("t", DeafFlag::new);
        assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
        assertTrue(v.evidence().contains("raised() returned false"), v.toString());
    }

    @Test
    void volatileAtomicAndLockedFlagsPass() {
        for (var f : java.util.List.<java.util.function.Supplier<Checks.StopFlag>>of(VolatileFlag::new, AtomicFlag::new, LockedFlag::new)) {
            Verdict v = Checks.stopFlag("t", f);
            assertEquals(Verdict.Status.PASS, v.status(), v.toString());
        }
    }

    @Test
    void theStubIsNotYet() {
        Verdict v = Checks.stopFlag("t", () -> { throw Exercise.notYet("newStopFlag"); });
        assertEquals(Verdict.Status.NOT_YET, v.status(), v.toString());
        assertEquals(Verdict.Status.NOT_YET, Checks.publication("t", () -> { throw Exercise.notYet("newPublisher"); }).status());
    }

    // --- publication ------------------------------------------------------------------------------------------------

    static final class Box {
        int port;
        Box(int port) { this.port = port; }
    }

    static final class FinalBox {
        final int port;
        FinalBox(int port) { this.port = port; }
    }

    static final class HalfFinalBox {
        final int port;
        String host;
        HalfFinalBox(int port) { this.port = port; this.host = "h"; }
    }

    static final class PlainPublisher implements Checks.Publisher {
        private Box box;
        public void publish(int v) { box = new Box(v); }
        public int read() { Box b = box; return b == null ? -1 : b.port; }
    }

    static final class VolatilePublisher implements Checks.Publisher {
        private volatile Box box;
        public void publish(int v) { box = new Box(v); }
        public int read() { Box b = box; return b == null ? -1 : b.port; }
    }

    static final class FinalFieldPublisher implements Checks.Publisher {
        private FinalBox box;
        public void publish(int v) { box = new FinalBox(v); }
        public int read() { FinalBox b = box; return b == null ? -1 : b.port; }
    }

    static final class HalfFinalPublisher implements Checks.Publisher {
        private HalfFinalBox box;
        public void publish(int v) { box = new HalfFinalBox(v); }
        public int read() { HalfFinalBox b = box; return b == null ? -1 : b.port; }
    }

    static final class LockedPublisher implements Checks.Publisher {
        private Box box;
        public synchronized void publish(int v) { box = new Box(v); }
        public synchronized int read() { return box == null ? -1 : box.port; }
    }

    static final class WriterLockedPublisher implements Checks.Publisher {
        private Box box;
        public synchronized void publish(int v) { box = new Box(v); }
        public int read() { Box b = box; return b == null ? -1 : b.port; }
    }

    static final class AtomicPublisher implements Checks.Publisher {
        private final AtomicReference<Box> box = new AtomicReference<>();
        public void publish(int v) { box.set(new Box(v)); }
        public int read() { Box b = box.get(); return b == null ? -1 : b.port; }
    }

    static final class PlainIntPublisher implements Checks.Publisher {
        private int value = -1;
        public void publish(int v) { value = v; }
        public int read() { return value; }
    }

    static final class OffByOnePublisher implements Checks.Publisher {
        private volatile Box box;
        public void publish(int v) { box = new Box(v); }
        public int read() { Box b = box; return b == null ? -1 : b.port == 42 ? 42 : b.port + 1; }
    }

    @Test
    void unsafePublicationsFailEveryTime() {
        for (var f : java.util.List.<java.util.function.Supplier<Checks.Publisher>>of(PlainPublisher::new, HalfFinalPublisher::new,
                WriterLockedPublisher::new, PlainIntPublisher::new)) {
            for (int i = 0; i < 2; i++) {
                Verdict v = Checks.publication("t", f);
                assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
            }
        }
        assertTrue(Checks.publication("t", PlainPublisher::new).evidence().contains("field `box` (Box) is plain"));
    }

    @Test
    void aPublisherThatHandsOverTheWrongValueFails() {
        Verdict v = Checks.publication("t", OffByOnePublisher::new);
        assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
        assertTrue(v.evidence().contains("wrong value"), v.toString());
    }

    @Test
    void safePublicationsPass() {
        for (var f : java.util.List.<java.util.function.Supplier<Checks.Publisher>>of(VolatilePublisher::new, FinalFieldPublisher::new,
                LockedPublisher::new, AtomicPublisher::new)) {
            Verdict v = Checks.publication("t", f);
            assertEquals(Verdict.Status.PASS, v.status(), v.toString());
        }
    }

    @Test
    void localClassesInAFactoryMethodAreReadToo() {
        // the notebook's exercise cells declare the classes inside a method, as local classes
        class LocalBox {
            final int port;
            LocalBox(int p) { port = p; }
        }
        class LocalPublisher implements Checks.Publisher {
            private LocalBox box;
            public void publish(int v) { box = new LocalBox(v); }
            public int read() { LocalBox b = box; return b == null ? -1 : b.port; }
        }
        assertEquals(Verdict.Status.PASS, Checks.publication("t", LocalPublisher::new).status());
    }
}
