package dev.racelab.channels;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the channel counter says next to the shared-memory counters: nothing lost, and the price per message, with
 * the ratio of the two rates with its interval. The +100 channel is batching, which any counter
 * could do, so it is told apart from the comparison. {@code ChannelCounter.of().run().explain()}
 */
final class ChannelCounterExplain {
    private ChannelCounterExplain() {}

    static final String M = "%.1f M/s";

    static Prose explain(Result r) {
        Interval channel = r.interval("channel_m_per_s"), batched = r.interval("channel_batched_m_per_s");
        Interval sync = r.interval("synchronized_m_per_s"), lock = r.interval("reentrant_lock_m_per_s");
        Interval atomic = r.interval("atomic_integer_m_per_s"), adder = r.interval("long_adder_m_per_s");
        Prose p = new Prose().set("expected", r.value("expected"), "%,.0f")
                .set("threads", ((Number) r.params().get("threads")).doubleValue(), "%.0f")
                .set("inc", ((Number) r.params().get("increments")).doubleValue(), "%,.0f")
                .set("channel", channel, M).set("batched", batched, M).set("sync", sync, M).set("lock", lock, M)
                .set("atomic", atomic, M).set("adder", adder, M);
        if (channel.isEmpty()) {
            return p.add("The channel counter finished no repeat within its time budget: no data, so no comparison.");
        }
        p.add("Every counter counted every increment it was given: **0 updates lost** (checked), although the channel "
                + "counter's workers never saw the count.");
        p.add("The price is speed. One message per increment ran at {channel} (M/s: million increments per second; median of its "
                + "repeats, each a fixed job of {threads} × {inc} increments timed from a gate, so thread "
                + "start and wake-ups are in it). The shared-memory counters, measured by the same code as notebook 04 "
                + "§4 with {threads} threads: `synchronized` {sync}, `ReentrantLock` {lock}, `AtomicInteger` {atomic}, "
                + "`LongAdder` {adder}.");
        if (!atomic.isEmpty()) {
            // one form with the ratio's interval (from the ranges of the repeats): "about ×3 faster" was one run's
            // ratio of medians, with nothing to say how far it could move
            p.set("ratio", Interval.ratio(atomic, channel), "×%.1f")
                    .add("`AtomicInteger` ran at {ratio} the channel's rate: where it does one compare-and-set, every "
                            + "message is a lock, a hand-over and often a wake-up of the owner.");
        }
        if (!batched.isEmpty()) {
            p.add("With **+100** per message the channel reached {batched}: that is batching, which "
                    + "amortises the per-message cost and would speed up any counter the same way (`addAndGet(100)`), so "
                    + "it is left out of the chart. Channels pay off when a message carries work the owner must do anyway, "
                    + "or when the state must have a single owner — not for a bare `+1`.");
        }
        return p;
    }
}
