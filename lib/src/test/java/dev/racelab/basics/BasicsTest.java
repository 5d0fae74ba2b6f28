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
        assertEquals(50, r.value("virtual_thread_start_only_samples"));
        assertEquals(4 * 50 + 3 + 2, r.samples().size());
        assertTrue(r.value("child_JVM_median_us") > r.value("platform_thread_median_us"),
                "a JVM costs more to start than a thread");
        assertTrue(r.hasInterval("platform_thread_median_us"));
        assertTrue(r.interval("platform_per_virtual").contains(r.value("platform_per_virtual")));
        assertTrue(r.value("virtual_thread_start_only_median_us") > 0, "start alone is timed");
        assertTrue(r.hasChart());
        r.chart().png();
        assertTrue(r.prose().text().contains("Notebook 08 measures both"), r.prose().text());
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
        assertEquals(43, r.value("process_parent_sees"), "the parent keeps the value it had");
        assertEquals(42, r.value("child_started_with"), "the child starts from its own initialiser, not a copy");
        assertEquals(99, r.value("thread_parent_sees"));
        assertEquals(99, r.samples().get(0, "writer sees"), "the child saw its own write");
        String s = r.prose().text();
        assertTrue(s.contains("not even a copy") && s.contains("happens-before"), s);
    }

    @Test
    void anExceptionEndsOneThreadTheHeapAndExitEndAll() {
        Result r = Isolation.crash();
        assertEquals(2, r.value("processes_finished"));
        assertEquals(137, r.value("killed_exit_code"), "SIGKILL");
        assertEquals(2, r.value("exception_finished"), "an uncaught exception ends only its thread");
        assertEquals(0, r.value("exception_exit_code"));
        assertEquals(0, r.value("exit_finished"), "System.exit ends every thread");
        assertEquals(1, r.value("exit_exit_code"));
        assertTrue(r.value("heap_out_of_memory_others") >= 1, r.toText());
        assertTrue(r.prose().text().contains("did nothing wrong"), r.prose().text());
    }
}
