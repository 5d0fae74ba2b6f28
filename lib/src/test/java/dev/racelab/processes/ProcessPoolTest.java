package dev.racelab.processes;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessPoolTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), ProcessPool.liveWorkers().stream().map(ProcessHandle::pid).toList(), "pool workers");
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void everyTaskComesBackOnceInOrder() {
        try (ProcessPool pool = ProcessPool.start(3)) {
            assertEquals(3, ProcessPool.liveWorkers().size());
            List<ProcessPool.Task> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) tasks.add(new ProcessPool.Task(100 + i, "echo", i * 7L));
            List<ProcessPool.Outcome> out = pool.run(tasks);
            assertEquals(40, out.size());
            for (int i = 0; i < 40; i++) {
                assertEquals(100 + i, out.get(i).id());
                assertEquals(i * 7L, out.get(i).value());
                assertEquals(1, out.get(i).attempts());
            }
            assertEquals(3, out.stream().map(ProcessPool.Outcome::pid).distinct().count(), "all workers took tasks");
            assertEquals(0, pool.duplicates());
            // the same work as in a thread
            long rounds = 10_000;
            assertEquals(Workload.cpu(rounds), pool.run(List.of(new ProcessPool.Task(1, "cpu", rounds))).get(0).value());
        }
    }

    @Test
    void aWorkerKilledMidTaskIsReplacedAndItsTaskRetriedOnce() throws Exception {
        try (ProcessPool pool = ProcessPool.start(2); Crew chaos = Crew.platform("chaos")) {
            long firstPid = pool.pids().get(1);
            AtomicReference<Long> killedTask = new AtomicReference<>();
            chaos.start(() -> {
                while (pool.busyWith(1) < 0) Thread.onSpinWait();
                killedTask.set(pool.busyWith(1));
                pool.kill(1);
            });
            List<ProcessPool.Outcome> out = pool.run(ProcessPool.tasks("sleep", 100, 8));
            assertTrue(chaos.joinAll(Duration.ofSeconds(5)));
            assertEquals(8, out.size());
            assertEquals(8, out.stream().map(ProcessPool.Outcome::id).distinct().count());
            assertTrue(out.stream().allMatch(ProcessPool.Outcome::ok));
            assertEquals(0, pool.duplicates());
            assertEquals(1, pool.retries());
            ProcessPool.Outcome retried = out.get(killedTask.get().intValue());
            assertEquals(2, retried.attempts(), "the killed task ran a second time");
            assertNotEquals(firstPid, pool.pids().get(1), "a new process took the slot");
            List<String> what = pool.events().stream().filter(e -> e.worker() == 1).map(ProcessPool.Event::what).toList();
            assertTrue(what.containsAll(List.of("crashed", "task requeued", "replaced")), what.toString());
            ProcessPool.Event crash = pool.events().stream().filter(e -> e.what().equals("crashed")).findFirst().orElseThrow();
            assertEquals(137, crash.exitCode(), "SIGKILL");
        }
    }

    @Test
    void aTaskThatKillsEveryWorkerStopsThePoolWithAClearError() {
        ProcessPool pool = ProcessPool.builder().workers(2).maxAttempts(2).start();
        var e = assertThrows(ProcessPool.PoolFailure.class, () -> pool.run(List.of(new ProcessPool.Task(7, "exit", 42))));
        assertTrue(e.getMessage().contains("task 7 failed on all 2 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("exit code 42"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> pool.run(ProcessPool.tasks("echo", 1, 1)));
        pool.close();
    }

    @Test
    void garbageNamesTheWorkerAndItsExitCode() {
        try (ProcessPool pool = ProcessPool.start(1)) {
            var e = assertThrows(ProcessPool.PoolFailure.class, () -> pool.run(List.of(new ProcessPool.Task(3, "garbage", 0))));
            assertTrue(e.getMessage().startsWith("worker 0 (pid "), e.getMessage());
            assertTrue(e.getMessage().contains("unreadable line '%%% garbage from task 3'"), e.getMessage());
            assertTrue(e.getMessage().contains("exit code "), e.getMessage());
        }
    }

    @Test
    void aWorkerThatExitsEarlyOrTalksNonsenseBeforeReadyIsReported() {
        var early = assertThrows(ProcessPool.PoolFailure.class,
                () -> ProcessPool.builder().workers(2).workerArgs("--exit-before-ready", "5").start());
        assertTrue(early.getMessage().matches("worker \\d \\(pid \\d+\\) exited with code 5 before it was ready.*"), early.getMessage());
        assertTrue(early.getMessage().contains("exiting before ready, as asked"), early.getMessage());
        var nonsense = assertThrows(ProcessPool.PoolFailure.class,
                () -> ProcessPool.builder().workers(1).workerArgs("--garbage-before-ready").start());
        assertTrue(nonsense.getMessage().contains("'Hello, I am not a pool worker' (expected 'READY <pid>')"), nonsense.getMessage());
    }

    @Test
    void anApplicationErrorIsAResultNotACrash() {
        try (ProcessPool pool = ProcessPool.start(1)) {
            ProcessPool.Outcome o = pool.run(List.of(new ProcessPool.Task(1, "nosuchkind", 0))).get(0);
            assertFalse(o.ok());
            assertTrue(o.error().contains("task kind must be one of cpu, sleep, echo"), o.error());
            assertEquals(0, pool.retries());
        }
    }

    @Test
    void aHungWorkerIsKilledAfterTheTaskTimeout() {
        try (ProcessPool pool = ProcessPool.builder().workers(1).maxAttempts(2).taskTimeout(Duration.ofMillis(300)).start()) {
            var e = assertThrows(ProcessPool.PoolFailure.class, () -> pool.run(List.of(new ProcessPool.Task(9, "sleep", 60_000))));
            assertTrue(e.getMessage().contains("task 9 failed on all 2 attempts"), e.getMessage());
            assertEquals(2, pool.events().stream().filter(ev -> ev.what().equals("timed out")).count());
        }
    }

    @Test
    void anInterruptStopsTheRunAndEveryWorker() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try (ProcessPool pool = ProcessPool.start(2)) {
                pool.run(ProcessPool.tasks("sleep", 10_000, 4));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessPool.liveWorkers().size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
        Thread.sleep(200);
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertInstanceOf(Budget.Cancelled.class, thrown.get());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "stopped promptly");
    }

    @Test
    void workersEndWhenTheirPoolsProcessIsKilled() throws Exception {
        try (ChildProcesses kids = new ChildProcesses()) {
            Process owner = kids.start(new ProcessBuilder(ChildJvm.command(List.of(), OwnerMain.class)));
            BufferedReader r = new BufferedReader(new InputStreamReader(owner.getInputStream()));
            List<Long> pids = new ArrayList<>();
            for (String w : r.readLine().split(" ")) pids.add(Long.parseLong(w));
            assertEquals(2, pids.size());
            assertTrue(pids.stream().allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
            owner.destroyForcibly(); // SIGKILL: no shutdown hook runs; only end of file on stdin tells the workers
            owner.waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline
                    && pids.stream().anyMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))) {
                Thread.sleep(20);
            }
            assertEquals(List.of(), pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList());
        }
    }

    @Test
    void badSettingsNameTheAllowedRange() {
        var w = assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().workers(0));
        assertEquals("workers must be between 1 and 64 (got 0)", w.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().maxAttempts(11));
        assertThrows(IllegalArgumentException.class, () -> new ProcessPool.Task(1, "two words", 1));
        try (ProcessPool pool = ProcessPool.start(1)) {
            assertThrows(IllegalArgumentException.class,
                    () -> pool.run(List.of(new ProcessPool.Task(1, "echo", 1), new ProcessPool.Task(1, "echo", 2))));
        }
    }

    /** A process that owns a pool, prints its workers' pids, and then busies them until it is killed. */
    public static final class OwnerMain {
        public static void main(String[] args) {
            ProcessPool pool = ProcessPool.start(2);
            System.out.println(String.join(" ", pool.pids().stream().map(String::valueOf).toList()));
            System.out.flush();
            pool.run(ProcessPool.tasks("sleep", 60_000, 2));
        }
    }
}
