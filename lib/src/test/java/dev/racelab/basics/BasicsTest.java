package dev.racelab.basics;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BasicsTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void spawnCostKeepsEverySample() {
        Result r = SpawnCost.defaults().threads(50).processes(3).jvms(2).run();
        assertEquals(50, r.value("platform_thread_samples"));
        assertEquals(50, r.value("virtual_thread_samples"));
        assertEquals(3, r.value("child_process_samples"));
        assertEquals(2, r.value("child_JVM_samples"));
        assertEquals(50 + 50 + 3 + 2, r.samples().size());
        assertTrue(r.value("child_JVM_median_us") > r.value("platform_thread_median_us"),
                "a JVM costs more to start than a thread");
        assertTrue(r.hasChart());
    }

    @Test
    void spawnCostValidates() {
        var e = assertThrows(IllegalArgumentException.class, () -> SpawnCost.defaults().jvms(0));
        assertEquals("JVM repetitions must be between 1 and 1,000 (got 0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpawnCost.defaults().seconds(0));
    }

    @Test
    void aProcessHasItsOwnMemoryAThreadShares() {
        Result r = Isolation.memory();
        assertEquals(42, r.value("process_parent_sees"));
        assertEquals(99, r.value("thread_parent_sees"));
        assertEquals(99, r.samples().get(0, "writer sees"), "the child saw its own write");
    }

    @Test
    void aCrashTakesDownOnlyItsOwnProcess() {
        Result r = Isolation.crash();
        assertEquals(2, r.value("processes_finished"));
        assertEquals(0, r.value("threads_finished"));
        assertEquals(134, r.samples().get(3, "exit code"), "the halting JVM's exit code");
    }
}
