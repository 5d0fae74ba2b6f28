package dev.racelab.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import dev.racelab.exercises.NotYet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ModelsTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
        assertEquals(0, LocalServer.runningCount());
    }

    // --- event loop ---------------------------------------------------------------------------------------------

    @Test
    void readAwaitWriteLosesUpdatesOnOneThread() {
        // 100 requests arrive over 5 ms while each waits up to 2 ms: many reads see the same value, every trial
        Result r = EventLoop.of(EventLoop.Style.READ_AWAIT_WRITE).trials(20).seconds(30).run();
        assertEquals(20, r.value("trials"));
        assertTrue(r.value("total_lost") > 0, "the racy handler lost nothing");
        assertEquals(1, r.value("callback_threads"), "every callback must run on the one loop thread");
    }

    @Test
    void theFixesLoseNothing() {
        Result r = EventLoop.of(EventLoop.Style.AWAIT_THEN_UPDATE).trials(30).seconds(30).run();
        assertEquals(30, r.value("trials"));
        assertEquals(0, r.value("total_lost"));
        assertTrue(r.value("median_max_waiting") > 1, "the fix keeps requests concurrent");
        Result chain = EventLoop.of(EventLoop.Style.ONE_AT_A_TIME).requests(20).trials(3).seconds(30).run();
        assertEquals(0, chain.value("total_lost"));
        assertEquals(1, chain.value("median_max_waiting"), "the promise chain lets one request wait at a time");
    }

    @Test
    void aHandlerThatThrowsStopsTheRunWithItsException() {
        EventLoop e = EventLoop.of("stub", () -> new EventLoop.AsyncCounter() {
            public CompletableFuture<?> increment(EventLoop.Loop loop) { throw new NotYet("stub.increment"); }
            public long get() { return 0; }
        }).trials(3);
        assertThrows(NotYet.class, e::run);
    }

    @Test
    void eventLoopValidates() {
        var e = assertThrows(IllegalArgumentException.class, () -> EventLoop.of(EventLoop.Style.READ_AWAIT_WRITE).requests(0));
        assertEquals("requests must be between 1 and 100,000 (got 0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventLoop.of(EventLoop.Style.READ_AWAIT_WRITE).maxIoMicros(0));
    }

    // --- GIL ----------------------------------------------------------------------------------------------------

    @Test
    void threeStepsUnderTheGilLoseUpdatesOneStepDoesNot() {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        // measured: about half of the 2 × 10,000 trials lose updates; 300 trials without one is a broken harness
        Result racy = Gil.counter().trials(300).seconds(60).run();
        assertTrue(racy.value("total_lost") > 0, "three GIL steps lost nothing in " + racy.value("trials") + " trials");
        Result fixed = Gil.counter().oneStep().trials(100).seconds(60).run();
        assertEquals(100, fixed.value("trials"));
        assertEquals(0, fixed.value("total_lost"));
    }

    @Test
    void gilCpuAndProcessesReportSpeedups() {
        Result cpu = Gil.cpu().threads(1, 2).steps(20_000).reps(1).run();
        assertEquals(1.0, cpu.value("gil_speedup_1"), 1e-9);
        assertTrue(cpu.value("gil_speedup_2") > 0);
        assertTrue(cpu.value("turns_speedup_2") > 0 && cpu.value("nogil_speedup_2") > 0);
        assertFalse(cpu.prose().text().isEmpty());
        Result p = Gil.processes().workers(1, 2).steps(20_000).run();
        assertEquals(2, p.samples().size());
        assertTrue(p.hasInterval("work_speedup") && p.value("work_speedup") > 0, p.toText());
        assertTrue(p.prose().text().contains("started computing together"));
        assertThrows(IllegalArgumentException.class, () -> Gil.cpu().threads(0));
        assertThrows(IllegalArgumentException.class, () -> Gil.counter().threads(1));
    }

    // --- Rust and Go, where installed -----------------------------------------------------------------------------

    @Test
    void rustRefusesTheDataRaceAndCompilesTheLostUpdate() {
        Assumptions.assumeTrue(RaceTools.find("rustc").isPresent(), "rustc is not installed here");
        Result r = RaceTools.rust().runs(3).compileSeconds(120).run();
        assertEquals(1, r.value("found"));
        assertEquals(1, r.value("data_race_refused"), r.toText());
        assertTrue(String.valueOf(r.params().get("error_codes")).contains("E0499"), r.params().toString());
        assertEquals(1, r.value("lost_update_compiled"), r.toText());
        assertEquals(3, r.value("runs_done"));
        assertTrue(r.prose().text().contains("not *race conditions*"));
    }

    @Test
    void goRaceDetectorReportsTheDataRaceButNotTheAtomicLostUpdate() {
        Assumptions.assumeTrue(RaceTools.find("go").isPresent(), "go is not installed here");
        Result r = RaceTools.go().runs(2).compileSeconds(300).run();
        Assumptions.assumeTrue(r.params().get("timed_out") == null, "go build -race timed out");
        assertEquals(1, r.value("data_race_compiled"), r.toText());
        assertEquals(2, r.value("data_race_runs_reported"), "every run of the racy counter is reported: " + r.toText());
        assertEquals(0, r.value("lost_update_runs_reported"), "atomic load/store is no data race: " + r.toText());
        assertEquals(List.of(), ChildProcesses.liveChildren());
    }

    @Test
    void aMissingToolchainIsNoDataNeverAFakeRun() {
        Result r = RaceTools.rust().tool("rustc-not-installed-here").run();
        assertEquals(0, r.value("found"));
        assertEquals(0, r.samples().size());
        String s = r.prose().text();
        assertTrue(s.contains("not installed on this machine") && s.contains("no data"), s);
        assertThrows(IllegalArgumentException.class, () -> RaceTools.go().runs(0));
    }

    // --- sleeping threads ----------------------------------------------------------------------------------------

    @Test
    void aPlatformThreadCostsMoreToStartThanAVirtualOne() {
        Result r = StartCost.of().samples(100).seconds(20).run();
        assertEquals(100, r.value("samples"));
        assertTrue(r.value("platform_start_us") > r.value("virtual_start_us"), r.toText());
        assertTrue(r.hasInterval("start_ratio") && r.hasInterval("start_join_ratio"));
        assertTrue(r.prose().text().contains("notebook 01"));
        assertTrue(r.chart().png().length > 0);
        assertThrows(IllegalArgumentException.class, () -> StartCost.of().samples(1));
    }

    @Test
    void virtualSleepersAllSleepAtOnceAndCostHeap() {
        Result r = VirtualThreads.virtual(20_000).sleep(0.2).run();
        assertEquals(20_000, r.value("threads"));
        assertTrue(r.value("asleep_at_once") > 0 && r.value("asleep_at_once") <= 20_000);
        assertTrue(r.value("bytes_per_thread") > 0, "a sleeping virtual thread holds some heap");
        assertTrue(r.value("start_join_ms") >= 200, "they slept");
    }

    @Test
    void platformSleepersRunInAChildJvmUnderASafeBound() {
        Result r = VirtualThreads.platform(50).sleep(0.2).run();
        assertEquals(50, r.value("threads"));
        assertTrue(r.value("platform_bound") >= 1);
        assertTrue(r.value("platform_bound") <= VirtualThreads.MAX_PLATFORM);
        var e = assertThrows(IllegalArgumentException.class, () -> VirtualThreads.platform(20_001));
        assertEquals("platform threads must be between 1 and 20,000 (got 20,001)", e.getMessage());
    }

    @Test
    void theVirtualThreadCountIsLoweredWhenTheHeapIsSmall() {
        assertTrue(VirtualThreads.fitInHeap(Integer.MAX_VALUE) < Integer.MAX_VALUE);
        assertEquals(10, VirtualThreads.fitInHeap(10));
    }

    // --- pinning ------------------------------------------------------------------------------------------------

    @Test
    void pinningIsMeasuredOnTheRunningJdk() {
        Result r = Pinning.run(8, Duration.ofMillis(300));
        assertEquals(8, r.value("reentrantlock_max_sleeping"), "a ReentrantLock never pins");
        assertEquals(8, r.value("no_lock_max_sleeping"));
        if (Runtime.version().feature() >= Pinning.JEP_491_JDK) {
            assertEquals(8, r.value("synchronized_max_sleeping"), "JEP 491: synchronized no longer pins");
        } else if (Pinning.carriers() < 8) {
            assertTrue(r.value("synchronized_max_sleeping") <= Pinning.carriers(), "synchronized pins before JDK 24");
        }
    }

    @Test
    void pinningRunsInAChildOfAnotherJdk() {
        Result r = Pinning.onJdks(List.of(Path.of(System.getProperty("java.home"))));
        assertEquals(6, r.samples().size(), "three locks in the child, three here");
    }

    // --- Error Prone ----------------------------------------------------------------------------------------------

    @Test
    void errorProneRefusesTheUnguardedAccessAndAcceptsTheGuardedOne() {
        Result plain = ErrorProne.javac(ErrorProne.RACY);
        assertEquals(1, plain.value("compiled"), "javac accepts the racy counter");
        Result bad = ErrorProne.compile(ErrorProne.UNGUARDED);
        assertEquals(0, bad.value("compiled"));
        assertEquals(1, bad.value("guarded_by_errors"));
        assertEquals(6L, bad.samples().where("check", "GuardedBy").get(0, "line"), "the line of count++");
        Result good = ErrorProne.compile(ErrorProne.GUARDED);
        assertEquals(1, good.value("compiled"));
        assertEquals(0, good.value("errors"));
        assertThrows(IllegalArgumentException.class, () -> ErrorProne.compile("int x = 1;"));
        List<Result> both = ErrorProne.compileEach(ErrorProne.UNGUARDED, ErrorProne.GUARDED);
        assertEquals(List.of(0.0, 1.0), both.stream().map(r -> r.value("compiled")).toList(), "one child, the same verdicts");
        assertEquals(1, both.get(0).value("guarded_by_errors"));
        assertEquals(6L, both.get(0).samples().where("check", "GuardedBy").get(0, "line"));
        assertEquals(0, both.get(1).value("errors"));
        assertThrows(IllegalArgumentException.class, () -> ErrorProne.compileEach());
    }

    // --- local server and throttle ----------------------------------------------------------------------------------

    @Test
    void theServerBindsOnlyToLoopback() throws Exception {
        for (String addr : List.of("0.0.0.0", "192.0.2.1", "::")) {
            var e = assertThrows(IllegalArgumentException.class, () -> LocalServer.start(InetAddress.getByName(addr), 0, 10,
                    Duration.ofMillis(1), Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("only to loopback"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LocalServer.start(InetAddress.getLoopbackAddress(), 80, 10,
                Duration.ofMillis(1), Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> LocalServer.start(0, Duration.ofMillis(1)));
    }

    @Test
    void aCellThatFailsMidwayStillStopsTheServer() {
        int[] port = {0};
        assertThrows(IllegalStateException.class, () -> {
            try (LocalServer s = LocalServer.start(10, Duration.ofMillis(1))) {
                port[0] = s.port();
                assertTrue(s.uri().toString().startsWith("http://127.0.0.1:"));
                throw new IllegalStateException("the cell failed here");
            }
        });
        assertEquals(0, LocalServer.runningCount());
        assertThrows(java.io.IOException.class, () -> {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port[0]), 1000);
            }
        }, "the port must be closed");
    }

    @Test
    void aServerNobodyClosesStopsAfterItsLifetime() throws Exception {
        LocalServer s = LocalServer.start(InetAddress.getLoopbackAddress(), 0, 10, Duration.ofMillis(1), Duration.ofSeconds(1));
        assertTrue(s.running());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // the lifetime thread closes the server, then ends: wait for both before the leak check runs
        while ((s.running() || !Crew.liveThreadNames().isEmpty()) && System.nanoTime() < deadline) Thread.sleep(50);
        assertFalse(s.running());
    }

    @Test
    void theSemaphoreKeepsTheClientUnderTheLimit() {
        Result r = Throttle.of(100).run();
        assertEquals(0, r.value("capped_429"), "no 429 with a Semaphore(10)");
        assertEquals(100, r.value("capped_200"));
        assertTrue(r.value("capped_max_in_flight_server") <= 10);
        assertTrue(r.value("capped_max_in_flight") <= 10);
        assertTrue(r.value("uncapped_429") > 0, "100 requests at once got no 429 in 3 rounds");
        assertEquals(100, r.value("capped_attempts"), "the semaphore sends each request once");
        // every 429 but a request's last is followed by one more attempt
        assertEquals(100 + r.value("retry_429") - r.value("retry_gave_up"), r.value("retry_attempts"), r.toText());
        assertEquals(100, r.value("retry_200") + r.value("retry_gave_up") + r.value("retry_other"), r.toText());
        assertTrue(r.prose().text().contains("back-off"));
        assertThrows(IllegalArgumentException.class, () -> Throttle.of(0));
    }
}
