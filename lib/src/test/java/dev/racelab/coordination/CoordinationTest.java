package dev.racelab.coordination;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notebook 10's experiments, small: each promise they check holds, and no thread is left behind. */
class CoordinationTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(0, Cancellation.alive("racelab-"), "a racelab thread outlived its experiment");
    }

    @Test
    void correctBuffersNeverHangOrBreak() {
        Result r = GuardedBlocks.of(GuardedBlocks.Variant.NOTIFY_ALL_WHILE, GuardedBlocks.Variant.CONDITIONS).trials(3).items(600).run();
        for (String k : List.of("notify_all_while", "conditions")) {
            assertEquals(3, r.value(k + "_trials"), k);
            assertEquals(0, r.value(k + "_hung") + r.value(k + "_broken") + r.value(k + "_timeouts"), k);
        }
    }

    @Test
    void notifyLosesAWakeUpAndTheHangIsEnded() {
        // the hang needs one unlucky interleaving per trial; on this course's machines every trial had one
        Result r = GuardedBlocks.of(GuardedBlocks.Variant.NOTIFY_WHILE).trials(30).seconds(20).run();
        assertTrue(r.value("notify_while_hung") > 0, r.toText());
    }

    @Test
    void synchronizersKeepTheirPromises() {
        assertEquals(0, Synchronizers.latch(5, 4).value("early_wakeups"));
        Result b = Synchronizers.barrier(3, 50);
        assertEquals(0, b.value("violations"));
        assertEquals(50, b.value("barrier_actions"));
        for (int i = 0; i < 10; i++) assertEquals(0, Synchronizers.phaser(4).value("mismatches"), "run " + i);
        assertTrue(Synchronizers.semaphore(4, 2, 30).value("max_holders") <= 2);
        assertEquals(0, Synchronizers.exchanger(200, 8).value("values_lost"));
    }

    @Test
    void noGuardTearsTheRecord() {
        Result r = ReadersWriters.of().mixes(50, 99).repeats(2).millisPerPoint(15).run();
        assertEquals(0, r.value("torn_reads"));
        assertFalse(r.prose().text().isEmpty());
    }

    @Test
    void aFailedFutureCancelsNothing() {
        Result r = Composing.pipeline().requests(4).fetchMillis(5).repeats(2).run();
        assertEquals(0, r.value("wrong_results"));
        assertEquals(1, r.value("failure_surfaced"));
        assertEquals(3, r.value("siblings_finished_after_failure"));
    }

    @Test
    void forkJoinAgreesOnTheSum() {
        Result r = Composing.forkJoin().workers(1, 2).size(200_000).repeats(2).run();
        assertEquals(1, r.value("distinct_sums"));
        assertTrue(r.value("w2_steals") >= 0);
    }

    @Test
    void interruptsAreRequests() {
        Result r = Cancellation.measure(3);
        assertEquals(1, r.value("ignoring_alive_after_grace"));
        assertEquals(1, r.value("ignoring_ended_by_flag"));
        assertEquals(4, r.value("pool_alive_after_shutdown"));
        assertEquals(0, r.value("pool_alive_after_flag"));
    }

    @Test
    void aScopeCancelsItsSiblingsAndOutlivesNoThread() {
        if (Structured.runningFeature() < Structured.JDK) {
            assertEquals(1, Structured.scope(2).value("skipped"));
            return;
        }
        Result r = Structured.scope(3);
        assertEquals(3, r.value("scopes_failed"));
        assertEquals(12, r.value("siblings_cancelled"));
        assertEquals(0, r.value("threads_alive_after_scope"));
    }

    /** Runs {@code work} on a thread, interrupts it after 150 ms (the stop button) and says what it ended with. */
    static Throwable stopped(Runnable work) throws InterruptedException {
        Throwable[] out = new Throwable[1];
        Thread t = Thread.ofPlatform().name("test-stop-button").start(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                out[0] = e;
            }
        });
        Thread.sleep(150);
        t.interrupt();
        t.join(15_000);
        assertFalse(t.isAlive(), "the experiment did not answer its interrupt");
        return out[0];
    }

    @Test
    void theStopButtonEndsEveryThread() throws InterruptedException {
        assertInstanceOf(dev.racelab.core.Budget.Cancelled.class, stopped(() -> Cancellation.measure(10_000)));
        assertInstanceOf(dev.racelab.core.Budget.Cancelled.class,
                stopped(() -> GuardedBlocks.of(GuardedBlocks.Variant.NOTIFY_WHILE).trials(10_000).seconds(60).run()));
        long end = System.nanoTime() + 5_000_000_000L;
        while (Cancellation.alive("racelab-") > 0 && System.nanoTime() < end) Thread.sleep(20);
        // checked again by nothingLeftBehind
    }

    @Test
    void badParametersFailFast() {
        assertThrows(IllegalArgumentException.class, () -> GuardedBlocks.of());
        assertThrows(IllegalArgumentException.class, () -> ReadersWriters.of().mixes(101));
        assertThrows(IllegalArgumentException.class, () -> Synchronizers.semaphore(4, 4, 30));
        assertThrows(IllegalArgumentException.class, () -> Composing.forkJoin().workers(0));
    }
}
