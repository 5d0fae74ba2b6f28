package dev.racelab.atomics;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What two CAS-loop runs say: every increment landed; how the share of increments that had to retry changed with
 * work between read and CAS (the difference with its interval, read by one rule); and starvation, which an increment
 * that retried again and again shows — lock-free is not wait-free. {@code CasRetries.compare(tight, wide)}
 *
 * <p>Each sentence has one form whatever the data. The CPU the threads got (how much of the run they could collide
 * at all) changes with the machine's load from run to run; it is said apart, as the load of the moment.
 */
final class CasExplain {
    private CasExplain() {}

    static final String PCT = "%.2f %%";

    static Prose compare(Result tight, Result wide) {
        Interval s0 = tight.interval("share_retried").scaled(100), s1 = wide.interval("share_retried").scaled(100);
        double cpu0 = tight.value("cpu_share"), cpu1 = wide.value("cpu_share");
        double n = ((Number) wide.params().get("threads")).doubleValue();
        Prose p = new Prose().set("tf", tight.value("final"), "%,.0f").set("wf", wide.value("final"), "%,.0f")
                .set("s0", s0, PCT).set("s1", s1, PCT)
                .setDifference("d", Interval.difference(s1, s0), "%+.2f")
                .set("work", ((Number) wide.params().get("work_ns")).doubleValue(), "%.0f ns")
                .set("threads", n, "%.0f")
                .set("rr0", tight.value("retries_when_retried"), "%.1f").set("rr1", wide.value("retries_when_retried"), "%.1f")
                .set("starved", wide.value("starved"), "%,.0f").set("cap", CasRetries.CAP, "%.0f")
                .set("cpu0", 100 * cpu0, "%.0f %%").set("cpu1", 100 * cpu1, "%.0f %%")
                .set("both0", together(n, cpu0), "%.0f %%").set("both1", together(n, cpu1), "%.0f %%");
        p.add("Every increment landed: {tf} and {wf} (checked). A failed CAS is not a lost update but a detected "
                + "conflict: the thread reads the new value and tries again.");
        // One form: the share of collisions moves with how much of the run the threads shared the cores, and a verdict
        // gated on that CPU share (below 70 % of a core: "not compared") flipped from run to run on one machine.
        p.add("With nothing between read and CAS, {s0} of the increments needed a retry; with {work} of work, {s1}: the "
                + "wide loop minus the tight one, {d} percentage points, 95 % interval {dLo} to {dHi}.");
        p.add("An interval below 0 means fewer increments collided with the wider window; one that contains 0 cannot "
                + "tell the two apart; one above 0 means more did. Only threads that are on the cores at the same moment "
                + "can collide, so both shares also move with the machine's load (the sentence on CPU at the end says "
                + "how much of each run the threads had the cores together).");
        p.add("An increment that retried at all needed {rr1} retries on average with the work, {rr0} without: the "
                + "larger that mean, the more an increment that lost once went on losing.");
        // One form whatever the count: an increment with CAP retries failed CAP CASes in a row, each failure another
        // thread's success inside its window, so it names starvation on a busy machine as on a free one.
        p.add("{starved} increments retried {cap} times or more. An increment that does has lost that many rounds in a "
                + "row while another thread kept winning: that is *starvation*.");
        p.add("A CAS loop is *lock-free* — some thread always makes progress — but not *wait-free*: nothing stops one "
                + "thread from losing round after round while another keeps winning, and with work in the window on free "
                + "cores some increments do (the {cap}+ bar counts them). Back-off, and `LongAdder`'s separate cells, "
                + "exist for this.");
        // the conditions of the run whose output carries this text (the cell renders it with wide.explained), else
        // those of the tight run
        String cpu = wide.conditions() == null ? "" : wide.conditions().sentence();
        if (cpu.isEmpty() && tight.conditions() != null) cpu = tight.conditions().sentence();
        p.addLoad("Each thread got {cpu0} of a core without the work and {cpu1} with it, so the {threads} threads ran "
                + "together at least {both0} and {both1} of the time; while they took turns they could not collide."
                + (cpu.isEmpty() ? "" : " " + cpu)); // the moment's load, not a conclusion
        return p;
    }

    /** The share of the time all {@code n} threads ran at once that CPU shares of {@code cpu} each force, in %. */
    static double together(double n, double cpu) {
        return Double.isNaN(cpu) ? Double.NaN : Math.max(0, 100 * (n * cpu - (n - 1)));
    }
}
