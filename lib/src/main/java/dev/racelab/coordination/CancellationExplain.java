package dev.racelab.coordination;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the cancellation run shows: who ended when asked, who did not, and whether the pool's threads were really
 * gone at the end. {@code Cancellation.measure().explain()}
 */
final class CancellationExplain {
    private CancellationExplain() {}

    static Prose explain(Result r) {
        Prose p = new Prose().set("grace", ((Number) r.params().get("grace_ms")).doubleValue(), "%.0f ms")
                .set("n", ((Number) r.params().get("trials")).doubleValue(), "%,.0f")
                .set("blocked", r.interval("blocked_stop_us"), "%,.0f µs")
                .set("polling", r.interval("polling_stop_us"), "%,.0f µs");
        long missed = (long) r.value("interrupted_not_stopped");
        p.add("A thread blocked in `take()` ended {blocked} after `interrupt()` (median of {n}); a busy thread that "
                + "checks the flag between 10 µs pieces of work, {polling}.");
        if (missed > 0) {
            p.set("missed", missed, "%,.0f").add("{missed} of these did not end within {grace}: the machine was starved "
                    + "of CPU, or a thread missed its interrupt — report it with this output.");
        }
        if (r.value("ignoring_alive_after_grace") == 1) {
            p.add("A busy thread that never looks at the flag was still running {grace} after its interrupt: "
                    + "`interrupt()` is a request, not a kill.");
        } else {
            p.add("The thread that ignores the flag ended within {grace} anyway — it should not have; report it.");
        }
        p.add(r.value("ignoring_ended_by_flag") == 1 ? "A volatile flag of its own then stopped it."
                : "Even its own flag did not stop it within 5 s: the machine was starved of CPU.");
        p.set("s", r.value("pool_alive_after_shutdown"), "%.0f").set("sn", r.value("pool_alive_after_shutdown_now"), "%.0f")
                .set("f", r.value("pool_alive_after_flag"), "%.0f")
                .add("\n\nThe pool of 4 (two tasks sleeping, two busy and deaf to interrupts): after `shutdown()` {s} of its "
                        + "threads were alive ({grace} later) — it only stops taking new tasks; after `shutdownNow()` {sn} "
                        + "— the interrupt ended the sleepers only; after the busy tasks' own flag, {f}.");
        p.add(r.value("pool_alive_after_flag") == 0
                ? "A pool really ends only when every task it runs answers the request to stop."
                : "Threads of the pool were still alive at the end: report it with this output.");
        return p;
    }
}
