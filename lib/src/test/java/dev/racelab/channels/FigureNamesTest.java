package dev.racelab.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal figure names equal the names the library built by concatenation before (issue 17): notebooks read them. */
class FigureNamesTest {
    @Test
    void backpressure() {
        assertEquals(3, Backpressure.RUNS.size());
        for (String ch : Backpressure.RUNS) {
            String k = ch.equals(Backpressure.UNBOUNDED) ? "unbounded" : ch.equals(Backpressure.BOUNDED) ? "bounded" : "drained";
            Backpressure.Names n = Backpressure.Names.of(ch);
            assertEquals(List.of(k + "_max_depth", k + "_max_held_mib", k + "_producer_done_ms", k + "_total_ms",
                    k + "_producer_blocked", k + "_consumer_wakeups", k + "_consumer_us_per_message", k + "_consumer_cpu_us_per_message"),
                    List.of(n.maxDepth(), n.maxHeldMib(), n.producerDoneMs(), n.totalMs(), n.producerBlocked(), n.consumerWakeups(),
                            n.consumerUsPerMessage(), n.consumerCpuUsPerMessage()));
        }
    }

    @Test
    void channelCounter() {
        java.util.List<String> kinds = new java.util.ArrayList<>(ChannelCounter.kinds());
        ChannelCounter.SHARED.forEach(k -> kinds.add(k.label()));
        for (String kind : kinds) {
            String k = ChannelCounter.key(kind);
            ChannelCounter.Names n = ChannelCounter.Names.of(kind);
            assertEquals(List.of(k + "_m_per_s", k + "_lost"), List.of(n.mPerS(), n.lost()));
        }
    }

    @Test
    void channelKinds() {
        for (String kind : ChannelKinds.KINDS) {
            String k = switch (kind) {
                case ChannelKinds.BUFFERED -> "buffered";
                case ChannelKinds.RENDEZVOUS -> "rendezvous";
                default -> "transfer";
            };
            ChannelKinds.Names n = ChannelKinds.Names.of(kind);
            assertEquals(List.of(k + "_max_depth", k + "_send_wait_us", k + "_receive_wait_us"),
                    List.of(n.maxDepth(), n.sendWaitUs(), n.receiveWaitUs()));
        }
    }
}
