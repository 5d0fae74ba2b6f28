package dev.racelab.channels;

import static org.junit.jupiter.api.Assertions.*;
import static dev.racelab.core.SentenceForms.masked;

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
        ChannelCounter.CounterResult r = ChannelCounter.of().threads(3).increments(10_050).repeats(2).shared(3, 20).run();
        List<String> all = new java.util.ArrayList<>(ChannelCounter.kinds());
        for (var k : ChannelCounter.SHARED) all.add(k.label());
        assertEquals(all, r.counters());
        for (String c : r.counters()) {
            assertEquals(ChannelCounter.kinds().contains(c) ? 2 : 3, r.repeats(c), c);
            assertEquals(0, r.lost(c), c);
            assertTrue(r.throughput(c) > 0, c);
        }
        assertEquals(30_150, r.value("expected"));
        assertTrue(r.chart().png().length > 1000);
        assertEquals(3, r.interval("atomic_integer_m_per_s").n());
        assertTrue(r.prose().text().contains("measured by the same code as notebook 04 §4 with **3** threads"), r.prose().text());
    }

    static Result counters(double channel, double atomic, boolean batched) {
        Result.Builder b = Result.builder("channel-counter", "synthetic")
                .conditions(dev.racelab.core.Conditions.of(dev.racelab.core.Conditions.Regime.FREE))
                .param("threads", 4).param("increments", 100_000).figure("expected", 400_000, "");
        java.util.function.DoubleFunction<dev.racelab.core.Interval> iv = v -> Double.isNaN(v) ? dev.racelab.core.Interval.empty()
                : new dev.racelab.core.Interval(v, v * 0.9, v * 1.1, 5, "test");
        return b.figure("channel_m_per_s", iv.apply(channel), "").figure("channel_batched_m_per_s", iv.apply(batched ? 500 : Double.NaN), "")
                .figure("synchronized_m_per_s", iv.apply(40), "").figure("reentrant_lock_m_per_s", iv.apply(30), "")
                .figure("atomic_integer_m_per_s", iv.apply(atomic), "").figure("long_adder_m_per_s", iv.apply(200), "")
                .explainer(ChannelCounterExplain::explain).build();
    }

    @Test
    void channelCounterExplainsEveryBranch() {
        // the ratio with the conservative interval of two ±10 % ranges: 50/5 = ×10.0 [×8.2–×12.2]
        String slower = counters(5, 50, true).prose().text();
        assertTrue(slower.contains("`AtomicInteger` ran at **×10.0** [×8.2–×12.2] the channel's rate"), slower);
        assertTrue(slower.contains("that is batching"), slower);
        String faster = counters(50, 5, false).prose().text();
        assertTrue(faster.contains("ran at **×0.1** [×0.08–×0.12] the channel's rate"), faster);
        assertFalse(faster.contains("batching"), faster);
        // one sentence form whichever way the rates fell: only the numbers differ
        assertEquals(masked(faster), masked(counters(10, 10.5, false).prose().text()));
        String none = counters(Double.NaN, 10, false).prose().text();
        assertTrue(none.contains("finished no repeat within its time budget: no data"), none);
    }

    static Result kinds(double bufferedSendUs) {
        Result.Builder b = Result.builder("channel-kinds", "synthetic")
                .conditions(dev.racelab.core.Conditions.of(dev.racelab.core.Conditions.Regime.FREE))
                .param("capacity", 8).param("messages", 100).param("slow_us", 300L);
        dev.racelab.core.Interval m = dev.racelab.core.Interval.median(new double[] {bufferedSendUs * 0.9, bufferedSendUs,
                bufferedSendUs * 1.1, bufferedSendUs, bufferedSendUs, bufferedSendUs * 0.95, bufferedSendUs * 1.05, bufferedSendUs});
        return b.figure("buffered_max_depth", 8, "").figure("rendezvous_max_depth", 0, "").figure("transfer_max_depth", 100, "")
                .figure("buffered_send_wait_us", m, "").figure("rendezvous_send_wait_us", m, "")
                .figure("transfer_send_wait_us", dev.racelab.core.Interval.median(new double[] {0.1, 0.2, 0.15, 0.12, 0.3, 0.11, 0.2, 0.1}), "")
                .figure("buffered_receive_wait_us", m, "").figure("rendezvous_receive_wait_us", m, "")
                .figure("transfer_receive_wait_us", m, "").explainer(KindsExplain::explain).build();
    }

    @Test
    void channelKindsSayHowLongEachBlockedWithItsInterval() {
        String s = kinds(300).prose().text();
        assertTrue(s.contains("never held more than **8** messages (capacity **8**)"), s);
        assertTrue(s.contains("a send blocked for **300 µs** [270–330 µs] (median"), s);
        assertTrue(s.contains("while the consumer spends **300 µs** on each message"), s);
        assertTrue(s.contains("`LinkedTransferQueue.put` never blocks: a send took **0.14 µs** ["), s);
        assertEquals(masked(s), masked(kinds(900).prose().text()));
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
        // one wait per send that found the channel full; draining in batches blocks the producer far less often
        assertTrue(r.value("bounded_producer_blocked") > 1_000, "blocked " + r.value("bounded_producer_blocked"));
        assertTrue(r.value("drained_producer_blocked") < r.value("bounded_producer_blocked") / 5,
                "drained blocked " + r.value("drained_producer_blocked"));
        assertEquals(0, r.value("unbounded_producer_blocked"));
        assertTrue(r.interval("bounded_consumer_us_per_message").estimate() >= 10);
        assertTrue(r.interval("bounded_consumer_cpu_us_per_message").estimate() > 0);
        assertEquals(5_000, r.interval("drained_consumer_us_per_message").n());
        assertTrue(r.explain() != null && r.prose().text().contains("work alone is **5,000** × **10 µs** = **50 ms**"), r.prose().text());
    }

    static Result pressure(double u, double b, double d) {
        Result.Builder x = Result.builder("backpressure", "synthetic").conditions(dev.racelab.core.Conditions.of(
                        dev.racelab.core.Conditions.Regime.FREE))
                .param("messages", 15_000).param("consumer_us", 20L)
                .figure("bytes_per_message", 1065, "").figure("consumer_work_ms", 300, "")
                .figure("capacity", 100, "");
        for (String k : new String[] {"unbounded", "bounded", "drained"}) {
            double us = k.equals("unbounded") ? u : k.equals("bounded") ? b : d;
            x.figure(k + "_max_depth", k.equals("unbounded") ? 14_000 : 100, "").figure(k + "_max_held_mib", 1, "")
                    .figure(k + "_producer_done_ms", 10, "").figure(k + "_total_ms", us * 15, "")
                    .figure(k + "_producer_blocked", k.equals("unbounded") ? 0 : k.equals("bounded") ? 14_900 : 150, "")
                    .figure(k + "_consumer_wakeups", 0, "")
                    .figure(k + "_consumer_us_per_message", Double.isNaN(us) ? dev.racelab.core.Interval.empty()
                            : new dev.racelab.core.Interval(us + 5, us + 4, us + 6, 15_000, "test"), "µs")
                    .figure(k + "_consumer_cpu_us_per_message", Double.isNaN(us) ? dev.racelab.core.Interval.empty()
                            : new dev.racelab.core.Interval(us, us - 0.2, us + 0.2, 15_000, "test"), "µs");
        }
        return x.explainer(BackpressureExplain::explain).build();
    }

    @Test
    void backpressureExplainsTheWakeUpsNotAHeadStart() {
        String slower = pressure(20.9, 28.2, 21.0).prose().text();
        assertTrue(slower.contains("The bound cost the consumer about **7.3 µs** of CPU per message"), slower);
        assertTrue(slower.contains("blocked **150** times instead of **14,900**"), slower);
        assertTrue(slower.endsWith("less than with one `take` per message."), slower);
        assertFalse(slower.contains("head start"), slower);
        String same = pressure(21.0, 21.1, 21.0).prose().text();
        assertTrue(same.contains("within the noise of this run, although the producer blocked in **14,900**"), same);
        assertTrue(same.endsWith("within the noise of one `take` per message in this run."), same);
        String faster = pressure(25.0, 21.0, 30.0).prose().text();
        assertTrue(faster.contains("the bounded consumer even spent less per message"), faster);
        assertTrue(faster.endsWith("in this run batching did not pay."), faster);
        String none = pressure(Double.NaN, Double.NaN, Double.NaN).prose().text();
        assertTrue(none.endsWith("has no data in this run, so there is nothing to say about why."), none);
    }

    @Test
    void patternsDeliverEverythingAndEndEveryThread() {
        Result pipe = ChannelPatterns.pipeline(10_000);
        assertEquals(1, pipe.value("correct"));
        assertEquals(333_383_335_000L, (long) pipe.value("sum"));
        ChannelPatterns.FanResult fan = ChannelPatterns.fanOut(20, 2, 1, 5);
        assertTrue(fan.everyResultOnce());
        assertTrue(fan.everyWorkerEnded());
        assertEquals(2 * ChannelPatterns.FAN_ROUNDS, fan.samples().size(), "every worker count once per round");
        assertEquals(ChannelPatterns.FAN_ROUNDS, fan.wallInterval(1).n());
        assertTrue(fan.wallMs(1) >= 20 * 2, "one worker sleeps through every task: " + fan.wallMs(1));
        assertTrue(fan.chart().png().length > 1000);
        assertTrue(fan.prose().text().contains("in each of the **6** rounds (both checked)"), fan.prose().text());
        // a budget too short for a second round stops after the first, and says so
        ChannelPatterns.FanResult short1 = ChannelPatterns.fanOut(10, 20, 6, java.time.Duration.ofMillis(250), 1, 10);
        assertEquals(1, short1.value("rounds_done"));
        assertTrue(short1.ended().contains("time budget"), short1.ended());
        assertTrue(short1.prose().text().contains("Only **1** of **6** rounds fitted the time budget"), short1.prose().text());
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
        assertEquals("rounds must be between 1 and 50 (got 0)", assertThrows(IllegalArgumentException.class,
                () -> ChannelPatterns.fanOut(10, 1, 0, java.time.Duration.ofSeconds(1), 1, 2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelPatterns.timeouts(0, 5));
    }
}
