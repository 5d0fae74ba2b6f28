package dev.racelab.channels;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
    }

    @Test
    void theMessageCounterLosesNothingAndNeitherDoTheLockedOnes() {
        ChannelCounter.CounterResult r = ChannelCounter.of().threads(3).increments(10_050).repeats(2).run();
        assertEquals(ChannelCounter.kinds(), r.counters());
        for (String c : r.counters()) {
            assertEquals(2, r.repeats(c), c);
            assertEquals(0, r.lost(c), c);
            assertTrue(r.throughput(c) > 0, c);
        }
        assertEquals(30_150, r.value("expected"));
        assertTrue(r.chart().png().length > 1000);
    }

    @Test
    void eachKindBlocksWhereItShould() {
        ChannelKinds.KindsResult r = ChannelKinds.of().capacity(4).messages(40).slowMicros(200).run();
        assertTrue(r.value("buffered_max_depth") <= 4, "a bounded channel never exceeds its capacity");
        assertEquals(0, r.value("rendezvous_max_depth"), "a SynchronousQueue holds nothing");
        assertEquals(3 * 2 * 40, r.samples().size());
        assertTrue(r.depthChart().png().length > 1000);
        assertTrue(r.sendWaitChart().png().length > 1000);
        assertTrue(r.receiveWaitChart().png().length > 1000);
    }

    @Test
    void aBoundedChannelStaysFlatAnUnboundedOneGrows() {
        Backpressure.PressureResult r = Backpressure.of().messages(5_000).capacity(50).consumerMicros(10).run();
        assertTrue(r.value("bounded_max_depth") <= 50);
        // the producer makes a message in well under a µs, the consumer needs 10 µs: the backlog is structural
        assertTrue(r.value("unbounded_max_depth") > 500, "unbounded depth " + r.value("unbounded_max_depth"));
        assertTrue(r.value("bytes_per_message") >= 1024);
        assertTrue(r.memoryChart().png().length > 1000);
        assertTrue(r.heapChart().png().length > 1000);
    }

    @Test
    void patternsDeliverEverythingAndEndEveryThread() {
        Result pipe = ChannelPatterns.pipeline(10_000);
        assertEquals(1, pipe.value("correct"));
        assertEquals(333_383_335_000L, (long) pipe.value("sum"));
        ChannelPatterns.FanResult fan = ChannelPatterns.fanOut(20, 2, 1, 5);
        assertTrue(fan.everyResultOnce());
        assertTrue(fan.everyWorkerEnded());
        assertEquals(2, fan.samples().size());
        Result t = ChannelPatterns.timeouts(500, 0, 1_500);
        assertEquals(1, t.value("received"));
        assertEquals(1, t.value("timed_out"));
        assertEquals("timed out", t.samples().get(1, "outcome"));
    }

    @Test
    void badInputNamesTheRange() {
        assertEquals("threads must be between 1 and 256 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> ChannelCounter.of().threads(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelKinds.of().messages(5));
        assertThrows(IllegalArgumentException.class, () -> Backpressure.of().capacity(0));
        assertThrows(IllegalArgumentException.class, () -> ChannelPatterns.pipeline(0));
        assertThrows(IllegalArgumentException.class, () -> ChannelPatterns.fanOut(10, 1));
        assertThrows(IllegalArgumentException.class, () -> ChannelPatterns.timeouts(0, 5));
    }
}
