package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessesTest {
    @Test
    void closeKillsEveryChildAndItsDescendants() {
        List<Process> ps;
        try (ChildProcesses kids = new ChildProcesses()) {
            kids.start(new ProcessBuilder("sleep", "60"));
            // a shell whose own child would be orphaned if only the shell were killed
            kids.start(new ProcessBuilder("sh", "-c", "sleep 60 & wait"));
            ps = kids.processes();
            assertTrue(ps.stream().allMatch(Process::isAlive));
        }
        assertTrue(ps.stream().noneMatch(Process::isAlive));
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void waitForKillsOnTimeout() {
        try (ChildProcesses kids = new ChildProcesses()) {
            Process p = kids.start(new ProcessBuilder("sleep", "60"));
            assertEquals(-1, kids.waitFor(p, Duration.ofMillis(100)));
            assertFalse(p.isAlive());
        }
    }

    @Test
    void childJvmRunsOnTheSameJdk() throws Exception {
        try (ChildProcesses kids = new ChildProcesses()) {
            Process p = kids.start(new ProcessBuilder(ChildJvm.command(List.of(), dev.racelab.basics.Child.class,
                    "isolation", "7")).redirectErrorStream(true));
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, kids.waitFor(p, Duration.ofSeconds(30)), out);
            assertEquals("before 42\nafter 7\n", out);
        }
    }

    @Test
    void aProgramThatCannotStartSaysWhich() {
        try (ChildProcesses kids = new ChildProcesses()) {
            var e = assertThrows(IllegalStateException.class,
                    () -> kids.start(new ProcessBuilder("/nonexistent/racelab-binary")));
            assertTrue(e.getMessage().contains("/nonexistent/racelab-binary"), e.getMessage());
        }
    }

    @Test
    void closeOnAnInterruptedThreadStillWaitsForTheChildren() {
        List<Process> ps;
        ChildProcesses kids = new ChildProcesses();
        kids.start(new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 60")); // ignores the polite signal
        ps = kids.processes();
        Thread.currentThread().interrupt();
        try {
            kids.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is kept");
        } finally {
            Thread.interrupted();
        }
        assertTrue(ps.stream().noneMatch(Process::isAlive), "a child outlived an interrupted close()");
    }
}
