package dev.racelab.processes;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolExperimentsTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), ProcessPool.liveWorkers().stream().map(ProcessHandle::pid).toList());
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void startupMeasuresBothPools() {
        PoolStartup.StartupResult r = PoolStartup.of().workers(2).roundTrips(100).batches(1, 10).run();
        assertTrue(r.value("process_startup_ms") > 0);
        assertTrue(r.prose().text().contains("worker processes took"), r.prose().text());
        assertTrue(r.value("thread_task_overhead_us") > 0);
        assertEquals(100, r.samples().where("pool", "processes").where("measure", "round trip").size());
        assertTrue(r.amortisationChart().png().length > 1000);
    }

    @Test
    void everyPoolRunsTheBatch() {
        PoolComparison.ComparisonResult r = PoolComparison.io().workers(1, 2).tasks(4).taskMillis(2).repeats(2).run();
        assertEquals(2 * 3 * 2, r.samples().size());
        for (String pool : PoolComparison.POOLS) {
            assertTrue(r.speedup(pool, 2) > 0, pool);
            var iv = r.speedupInterval(pool, 2);
            assertTrue(iv.low() <= iv.estimate() && iv.estimate() <= iv.high(), pool + " " + iv);
        }
        assertTrue(r.prose().text().contains("Blocking tasks"), r.prose().text());
        assertThrows(IllegalArgumentException.class, () -> PoolComparison.io().repeats(1));
        assertTrue(r.speedupChart().png().length > 1000);
    }

    @Test
    void aCrashCostsTheProcessPoolNothingAndTheKilledThreadPoolItsTasks() {
        PoolCrash.CrashResult r = PoolCrash.of().run();
        assertEquals(12, r.value("process_pool_results"));
        assertEquals(12, r.value("process_pool_distinct_results"));
        assertEquals(0, r.value("process_pool_duplicates"));
        assertTrue(r.value("thread_pool_results_after_kill") < 12);
        assertEquals(12, r.value("thread_pool_exception_results"));
        assertTrue(r.events().strings("event").contains("crashed"));
        assertTrue(r.prose().text().contains("**idempotent**"), r.prose().text());
        assertEquals(137, r.samples().get(1, "exit_code"), "the killed thread-pool process");
    }

    @Test
    void memoryPerWorkerWhereProcIsReadable() {
        Result r = PoolMemory.of().workers(1).platformThreads(50).virtualThreads(1_000).run();
        if (!PoolMemory.supported()) {
            assertEquals(0, r.value("supported"));
            return;
        }
        assertTrue(r.value("worker_rss_mb") > 1);
        assertTrue(r.value("platform_thread_kb") > 0);
    }

    @Test
    void pythonNextToJava() {
        PythonGil.GilResult r = PythonGil.of().tasks(2).taskMillis(5).workers(2).repeats(1).run();
        assertTrue(r.speedup("Java", "threads") > 0);
        if (PythonGil.python().isPresent()) {
            assertTrue(r.hasPython());
            assertTrue(r.speedup("Python", "processes") > 0);
        } else {
            assertFalse(r.hasPython());
        }
        assertTrue(r.chart().png().length > 1000);
    }

    @Test
    void badInputNamesTheRange() {
        assertEquals("workers must be between 1 and 64 (got 65)",
                assertThrows(IllegalArgumentException.class, () -> PoolComparison.cpu().workers(65)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PoolCrash.of().tasks(1));
        assertThrows(IllegalArgumentException.class, () -> PoolStartup.of().batches());
        assertThrows(IllegalArgumentException.class, () -> Workload.run("nap", 1));
    }
}
