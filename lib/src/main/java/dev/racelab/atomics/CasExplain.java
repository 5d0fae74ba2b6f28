package dev.racelab.atomics;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What two CAS-loop runs say: every increment landed; how the share of increments that had to retry changed with
 * work between read and CAS (compared with intervals); and starvation when some increments lost again and again —
 * lock-free is not wait-free. {@code CasRetries.compare(tight, wide)}
 */
final class CasExplain {
    private CasExplain() {}

    static final String PCT = "%.2f %%";

    static Prose compare(Result tight, Result wide) {
        Interval s0 = tight.interval("share_retried").scaled(100), s1 = wide.interval("share_retried").scaled(100);
        double cpu = Math.min(tight.value("cpu_share"), wide.value("cpu_share"));
        double n = ((Number) wide.params().get("threads")).doubleValue();
        Prose p = new Prose().set("tf", tight.value("final"), "%,.0f").set("wf", wide.value("final"), "%,.0f")
                .set("s0", s0, PCT).set("s1", s1, PCT)
                .set("work", ((Number) wide.params().get("work_ns")).doubleValue(), "%.0f ns")
                .set("threads", ((Number) wide.params().get("threads")).doubleValue(), "%.0f")
                .set("rr0", tight.value("retries_when_retried"), "%.1f").set("rr1", wide.value("retries_when_retried"), "%.1f")
                .set("starved", wide.value("starved"), "%,.0f").set("cap", CasRetries.CAP, "%.0f")
                .set("cpu", 100 * cpu, "%.0f %%").set("both", Math.max(0, 100 * (n * cpu - (n - 1))), "%.0f %%");
        p.add("Every increment landed: {tf} and {wf} (checked). A failed CAS is not a lost update but a detected "
                + "conflict: the thread reads the new value and tries again.");
        p.add("With nothing between read and CAS, {s0} of the increments needed a retry; with {work} of work, {s1}.");
        Comparison c = cpu < 0.7 ? Comparison.NO_DATA : Comparison.of(s1, s0);
        if (c == Comparison.NO_DATA) {
            p.add("With the threads this rarely on the cores together, how often they collided says more about the "
                    + "load than about the window, so the two shares are not compared here.");
        } else if (c == Comparison.LESS) {
            p.add("Fewer increments collided with the wider window — but those that did lost again and again: an increment "
                    + "that retried at all needed {rr1} retries on average (without the work: {rr0}).");
        } else if (c == Comparison.MORE) {
            p.add("The wider window made more increments collide, as expected; an increment that retried at all needed "
                    + "{rr1} retries on average (without the work: {rr0}).");
        } else {
            p.add("The share of increments that retried is within the noise of this run either way.");
        }
        // one form whatever the count: the count, then the lesson; "starvation here" only when the threads really
        // ran together (a busy machine's turn-taking makes the count a matter of its moments)
        p.add("{starved} increments retried {cap} times or more.");
        if (wide.value("starved") > 0 && cpu >= 0.7) {
            p.add("One thread kept losing every CAS while the other kept winning: that is *starvation*.");
        }
        p.add("A CAS loop is *lock-free* — some thread always makes progress — but not *wait-free*: nothing stops one "
                + "thread from losing round after round while another keeps winning, and with work in the window on free "
                + "cores some increments do (the {cap}+ bar counts them). Back-off, and `LongAdder`'s separate cells, "
                + "exist for this.");
        if (cpu < 0.7) {
            p.add("Each thread got only {cpu} of a core: much of the time they ran in turns, and threads that take turns "
                    + "cannot collide." + (tight.conditions().sentence().isEmpty() ? "" : " " + tight.conditions().sentence()));
        } else {
            p.add("Each thread got {cpu} of a core, so the {threads} threads ran together at least {both} of the time.");
        }
        return p;
    }
}
