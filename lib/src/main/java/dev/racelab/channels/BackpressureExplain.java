package dev.racelab.channels;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the backpressure runs say: where the unbounded channel's messages went (memory), that the bound held, and
 * why the bounded run took as long as it did. The run is consumer-bound (messages × work per message), so a head
 * start of the producer cannot shorten it; what can change its length is the consumer's own time per message, and
 * a bound that is always full adds a wake-up of the blocked producer to every take. Draining in batches wakes it
 * once per batch. {@code Backpressure.of().run().explain()}
 */
final class BackpressureExplain {
    private BackpressureExplain() {}

    static final String US = "%.1f µs";

    static Prose explain(Result r) {
        Prose p = new Prose()
                .set("uDone", r.value("unbounded_producer_done_ms"), "%,.0f ms")
                .set("uDepth", r.value("unbounded_max_depth"), "%,.0f")
                .set("uMib", r.value("unbounded_max_held_mib"), "%.1f MiB")
                .set("bpm", r.value("bytes_per_message"), "%,.0f")
                .set("uTotal", r.value("unbounded_total_ms"), "%,.0f ms")
                .set("bDepth", r.value("bounded_max_depth"), "%,.0f")
                .set("bMib", r.value("bounded_max_held_mib"), "%.2f MiB")
                .set("bDone", r.value("bounded_producer_done_ms"), "%,.0f ms")
                .set("bTotal", r.value("bounded_total_ms"), "%,.0f ms")
                .set("dTotal", r.value("drained_total_ms"), "%,.0f ms")
                .set("work", r.value("consumer_work_ms"), "%,.0f ms")
                .set("messages", ((Number) r.params().get("messages")).doubleValue(), "%,.0f")
                .set("perUs", ((Number) r.params().get("consumer_us")).doubleValue(), "%.0f µs");
        p.add("**Unbounded:** the producer was done after {uDone}; the channel then held up to {uDepth} messages, {uMib} "
                + "(one queued message occupies {bpm} bytes, measured), while the consumer worked until {uTotal}. "
                + "**Bounded:** the depth never passed {bDepth} ({bMib}), and the producer, slowed to the consumer's pace, "
                + "finished at {bDone}.");
        p.add("\n\nHow long each run takes is the consumer's business: its work alone is {messages} × {perUs} = {work}, "
                + "whatever the producer does, so a producer that finishes early cannot make the last message arrive "
                + "sooner. The last message was consumed at {uTotal} (unbounded), {bTotal} (bounded) and {dTotal} "
                + "(bounded, draining in batches).");
        Interval u = r.interval("unbounded_consumer_cpu_us_per_message");
        Interval b = r.interval("bounded_consumer_cpu_us_per_message");
        Interval d = r.interval("drained_consumer_cpu_us_per_message");
        if (u.isEmpty() || b.isEmpty()) {
            return p.add("The consumer's time per message has no data in this run, so there is nothing to say about why.");
        }
        p.set("u", u, US).set("b", b, US).set("d", d, US)
                .set("uWall", r.interval("unbounded_consumer_us_per_message"), US)
                .set("bWall", r.interval("bounded_consumer_us_per_message"), US)
                .set("blocked", r.value("bounded_producer_blocked"), "%,.0f")
                .set("dBlocked", r.value("drained_producer_blocked"), "%,.0f");
        Comparison bu = Comparison.of(b, u);
        p.add("What the bound can change is the consumer's own work per message. In CPU time (what the consumer thread "
                + "did itself; another program cannot inflate it) it spent {u} per message unbounded and {b} bounded; "
                + "in wall-clock time, which also counts the moments it waited for a core, {uWall} and {bWall}.");
        if (bu == Comparison.MORE) {
            p.set("extra", b.estimate() - u.estimate(), "%.1f µs")
                    .add("The bound cost the consumer about {extra} of CPU per message: the channel was full and the "
                            + "producer blocked in {blocked} of {messages} sends, and each of those waits ended with a `take` waking it (a "
                            + "signal to a parked thread, and the lock it then competes for). A bound that is always full "
                            + "turns each message into a wake-up.");
        } else if (bu == Comparison.LESS) {
            p.add("Here the bounded consumer even spent less per message, although the producer blocked in {blocked} of "
                    + "{messages} sends: waking it cost less than the noise of this run.");
        } else {
            p.add("The difference is within the noise of this run, although the producer blocked in {blocked} of "
                    + "{messages} sends and each of those needed a wake-up.");
        }
        if (!d.isEmpty()) {
            Comparison db = Comparison.of(d, b);
            p.add("\n\nThe remedy: a consumer that takes everything waiting at once (`drainTo`) wakes the blocked producer "
                    + "once per batch, not once per message — here the producer blocked {dBlocked} times instead of "
                    + "{blocked} — and its CPU time per message was {d},");
            p.add(db.pick("more than with one `take` per message: in this run batching did not pay.",
                    "less than with one `take` per message.",
                    "within the noise of one `take` per message in this run.",
                    "no data."));
        }
        return p;
    }
}
