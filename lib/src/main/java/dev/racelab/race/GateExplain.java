package dev.racelab.race;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a start-gate run says about a counter, chosen by its counts, intervals, the CPU it had and its loop's JIT
 * state. The central distinction: trials whose threads really started together (all at the gate in time) against
 * trials where a thread came late and the threads took turns — only the first kind can show a race.
 * {@code StartGate.of(CounterKind.VOLATILE).run().explain()}
 */
final class GateExplain {
    private GateExplain() {}

    static final String PCT = "%.1f %%";

    static Prose explain(Result r) {
        long n = (long) r.value("trials");
        String label = String.valueOf(r.params().get("counter"));
        Prose p = new Prose().set("n", n, "%,.0f").set("label", label)
                .set("budget", ((Number) r.params().get("time_budget_s")).doubleValue(), "%.1f")
                .set("jit", String.valueOf(r.params().get("loop_jit")));
        if (n == 0) {
            return p.add("No trial finished within the time budget ({budget} s): no data, and so no verdict on the "
                    + "{label} counter, safe or not.");
        }
        long together = (long) r.value("trials_together");
        long lossy = (long) r.value("trials_with_loss");
        long expected = (long) r.value("expected");
        p.set("together", r.interval("share_together").scaled(100), "%.0f %%")
                .set("togetherN", together, "%,.0f")
                .set("expected", expected, "%,.0f");
        String cpu = r.conditions().sentence();
        // One sentence form whatever the count, so a second run on the same machine reads the same.
        p.add("In {togetherN} of {n} trials ({together}) every thread was at the gate in time and the loops really "
                + "started together; in the others a thread came late, so the loops started apart.");
        if (!cpu.isEmpty() && 2 * together < n) p.add(cpu);
        // One form whatever the counts: "lost updates in", "too few trials really raced" and "not one update was lost
        // ... with 95 % confidence, fewer than" were three branches, and the plain counter's runs of one machine took
        // each of them (its collapsed C2 loop races for nanoseconds: whole loops lost, or none); the intervals carry
        // the difference
        p.set("share", r.interval("share_with_loss").scaled(100), PCT).set("lossy", lossy, "%,.0f")
                .add("The {label} counter lost updates in {share} of {n} trials ({lossy} trials).");
        p.set("raced", r.interval("share_loss_when_together").scaled(100), PCT)
                .add("Among the trials that really raced, the share that lost: {raced}. Only those trials are evidence "
                        + "about the counter: a few give a wide interval, none gives no data, and with none lost the upper "
                        + "end says how often raced trials could lose here without this run seeing it — not that the "
                        + "code is safe.");
        p.set("median", r.interval("median_lost_when_lost"), "%,.0f").set("p99", r.interval("p99_lost_when_lost"), "%,.0f")
                .add("Updates lost by a losing trial, of its {expected}: median {median}, 99th percentile {p99}.");
        long whole = (long) r.value("trials_whole_loops_lost");
        p.set("whole", whole, "%,.0f")
                .set("inc", ((Number) r.params().get("increments")).doubleValue(), "%,.0f")
                .add("{whole} of the {lossy} losing trials lost a whole loop's work (an exact multiple of {inc}): the "
                        + "mark of one write erasing another thread's entire loop — a compiled loop that kept `count` in "
                        + "a register and wrote it back once, or a thread paused between its read and its write for the "
                        + "whole of another thread's loop.");
        p.set("loop", r.interval("median_loop_us"), "%.2f µs").set("ns", r.interval("ns_per_increment"), "%.3f ns")
                .add("A whole loop took {loop}, {ns} per increment. Under " + SweepExplain.COLLAPSED_NS + " ns per "
                        + "increment — less than one write to memory — the JIT has collapsed the loop into about one read and one write, and the "
                        + "window for the race shrinks to nanoseconds: the race is still in the code, the compiler hides it.");
        p.add("Its loop ran {jit}.");
        return p;
    }
}
