package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrewTest {
    @AfterEach
    void noThreadLeftBehind() {
        assertEquals(java.util.List.of(), Crew.liveThreadNames());
    }

    @Test
    void joinsItsThreads() {
        AtomicInteger ran = new AtomicInteger();
        try (Crew crew = Crew.platform("t")) {
            for (int i = 0; i < 4; i++) crew.start(ran::incrementAndGet);
            assertTrue(crew.joinAll(Duration.ofSeconds(10)));
        }
        assertEquals(4, ran.get());
    }

    @Test
    void closeStopsBlockedWorkersOnTimeoutAndError() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Crew crew = Crew.virtual("sleepers");
        for (int i = 0; i < 2; i++) {
            crew.start(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        started.await();
        assertFalse(crew.joinAll(Duration.ofMillis(20)), "a timeout reports false");
        long t0 = System.nanoTime();
        crew.close();
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "close interrupts rather than waiting the sleep out");
        for (Thread t : crew.threads()) assertFalse(t.isAlive());
    }

    @Test
    void aWorkerFailureIsRethrown() {
        try (Crew crew = Crew.platform("fail")) {
            crew.start(() -> { throw new IllegalStateException("boom"); });
            var e = assertThrows(IllegalStateException.class, () -> crew.joinAll(Duration.ofSeconds(10)));
            assertEquals("boom", e.getMessage());
        }
    }

    @Test
    void interruptingTheCallerCancelsAndCleansUp() throws Exception {
        Thread caller = Thread.currentThread();
        try (Crew crew = Crew.platform("slow")) {
            crew.start(() -> {
                try { Thread.sleep(60_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            });
            Thread.ofPlatform().start(() -> {
                try { Thread.sleep(50); } catch (InterruptedException ignored) { }
                caller.interrupt();
            });
            assertThrows(Budget.Cancelled.class, () -> crew.joinAll(Duration.ofSeconds(30)));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closeNamesAThreadThatWillNotStop() throws Exception {
        Crew crew = Crew.platform("stubborn");
        java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
        crew.start(() -> { while (!release.get()) Thread.onSpinWait(); }); // ignores interrupts
        Thread releaser = Thread.ofPlatform().start(() -> {
            try { Thread.sleep(Crew.STOP_GRACE.toMillis() + 500); } catch (InterruptedException ignored) { }
            release.set(true);
        });
        var e = assertThrows(IllegalStateException.class, crew::close);
        assertTrue(e.getMessage().contains("racelab-stubborn-0"), e.getMessage());
        releaser.join();
        for (Thread t : crew.threads()) t.join();
    }
}
