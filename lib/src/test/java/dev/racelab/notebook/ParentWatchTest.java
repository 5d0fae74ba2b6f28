package dev.racelab.notebook;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {
    @Test
    void runsItsActionOnceTheWatchedProcessDies() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            CountDownLatch gone = new CountDownLatch(1);
            Thread t = ParentWatch.watch(p.pid(), Duration.ofMillis(50), gone::countDown);
            assertNotNull(t);
            assertFalse(gone.await(300, TimeUnit.MILLISECONDS), "the watched process is alive: no action yet");
            // the watch is the kernel's thread, not an experiment's: the notebooks' "no thread left" claims skip it
            assertFalse(dev.racelab.core.Crew.liveThreadNames().contains(t.getName()), t.getName());
            p.destroyForcibly().waitFor();
            assertTrue(gone.await(5, TimeUnit.SECONDS), "the action runs after the process died");
            t.join(5_000);
            assertFalse(t.isAlive());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void nothingToWatchWhenTheProcessIsAlreadyGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertNull(ParentWatch.watch(p.pid(), Duration.ofMillis(50), () -> fail("must not run")));
    }
}
