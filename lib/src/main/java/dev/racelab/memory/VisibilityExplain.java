package dev.racelab.memory;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the stop-flag runs say, chosen by their counts, intervals and JIT states: did the plain flag's worker stop
 * at all (and if it did, say so: the memory model does not promise it either way), how fast the volatile one did.
 * {@code Visibility.defaults().run().explain()}
 */
final class VisibilityExplain {
    private VisibilityExplain() {}

    static Prose explain(Result r) {
        long pn = (long) r.value("plain_runs"), vn = (long) r.value("volatile_runs");
        Prose p = new Prose().set("limit", ((Number) r.params().get("limit_ms")).doubleValue(), "%,.0f ms")
                .set("pn", pn, "%,.0f").set("vn", vn, "%,.0f");
        if (pn == 0 && vn == 0) {
            return p.add("No run finished within the time budget: no data, and so nothing to say about either flag.");
        }
        volatileSentences(r, p, vn);
        plainSentences(r, p, pn);
        if (pn > 0 && vn > 0 && r.value("plain_c2_runs") > 0 && r.value("volatile_c2_runs") > 0) {
            // the comparison that names the JIT state: runs whose loop had C2 code, where hoisting the read is possible
            Interval ps = r.interval("plain_c2_share_never"), vs = r.interval("volatile_c2_share_never");
            // one form: with a handful of plain-flag runs whose loop had C2 code, whether the two intervals separated
            // ("more often with the plain flag" or "within the noise") can change from run to run; the difference with
            // Newcombe's interval is the finding, and the reading rule says what each side of 0 means
            p.set("pc2", r.value("plain_c2_runs"), "%,.0f").set("vc2", r.value("volatile_c2_runs"), "%,.0f")
                    .set("pc2share", ps.scaled(100), "%.0f %%").set("vc2share", vs.scaled(100), "%.0f %%")
                    .setDifference("dc2", Interval.difference(ps, vs).scaled(100), "%+.0f")
                    .add("Counting only runs whose loop had C2 code by then, the worker never stopped in {pc2share} of {pc2} "
                            + "plain-flag runs and in {vc2share} of {vc2} volatile ones: plain minus volatile, {dc2} percentage "
                            + "points, 95 % interval {dc2Lo} to {dc2Hi}. An interval above 0 shows the plain flag's worker "
                            + "missing the flag more often, as the memory model allows; one that contains 0 cannot tell the two "
                            + "flags apart in this run; one below 0 would be the opposite of what the memory model leads one to "
                            + "expect: run it again on a quieter machine.");
        }
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.addLoad(cpu + " That stretches the delays, not the outcome: a worker that had stopped reading the flag would spin on any machine.");
        return p;
    }

    private static void volatileSentences(Result r, Prose p, long vn) {
        if (vn == 0) {
            p.add("No run with the `volatile` flag finished within the time budget: no data on it.");
            return;
        }
        long never = (long) r.value("volatile_never");
        p.set("vmed", r.interval("volatile_median_delay_us"), "%,.1f µs").set("vmax", r.value("volatile_max_delay_us"), "%,.0f µs");
        if (never == 0) {
            p.add("With a `volatile` flag the worker stopped in every one of {vn} runs, a median {vmed} after the flag was "
                    + "set (the slowest took {vmax}): every iteration reads the field, and a volatile write is seen by the reads "
                    + "that come after it.");
        } else {
            p.set("vnever", never, "%,.0f").set("vshare", r.interval("volatile_share_never").scaled(100), "%.1f %%")
                    .add("With a `volatile` flag, {vnever} of {vn} runs ({vshare}) had not stopped {limit} after the flag was "
                            + "set. The memory model rules that out for a worker that keeps running: the worker most likely got "
                            + "no CPU time in that window. The runs that stopped did so a median {vmed} after the flag.");
        }
    }

    private static void plainSentences(Result r, Prose p, long pn) {
        if (pn == 0) {
            p.add("No run with the plain flag finished within the time budget: no data on it.");
            return;
        }
        long never = (long) r.value("plain_never");
        long stopped = pn - never;
        p.set("pnever", never, "%,.0f").set("pstopped", stopped, "%,.0f")
                .set("pshare", r.interval("plain_share_never").scaled(100), "%.0f %%")
                .set("si", r.value("plain_stopped_interpreted"), "%,.0f").set("s1", r.value("plain_stopped_c1"), "%,.0f")
                .set("s2", r.value("plain_stopped_c2"), "%,.0f")
                .set("pmed", r.interval("plain_median_delay_us"), "%,.1f µs");
        // One set of sentence forms whatever the counts: "stuck" and "stopped in every run" were two stories, and the
        // second overclaimed when no plain loop had reached C2 (a busy machine slows the JIT), so none could hang.
        p.set("nc2", r.value("plain_never_c2"), "%,.0f").set("jvms", r.value("plain_jvms"), "%,.0f")
                .set("stuck", r.value("plain_jvms_stuck"), "%,.0f").set("pc2", r.value("plain_c2_runs"), "%,.0f")
                .set("jshare", r.interval("plain_share_jvms_stuck").scaled(100), "%.0f %%")
                .add("With a plain flag, {stuck} of {jvms} JVMs ({jshare}) ended with a worker that never stopped: {limit} "
                        + "after the flag was set it was still spinning, and only ending its JVM ended it ({pnever} of {pn} "
                        + "plain runs in all, {pshare}; each JVM stops at its first stuck worker). By the time the flag was "
                        + "set the loop had C2-compiled code in {pc2} of the {pn} plain runs, and in {nc2} of the {pnever} "
                        + "that never stopped.");
        p.add("C2 may read a plain field once, before the loop, and keep it in a register: nothing in `while (!stop) n++;` "
                + "tells it another thread writes `stop`, so the compiled loop never looks again. That is legal Java: the "
                + "memory model does not promise that a plain flag is ever seen (nothing orders the write before a later "
                + "read). So a hang needs a loop that reached C2: a run in which none did could not show one.");
        if (stopped > 0) p.add("The {pstopped} plain runs that stopped did so a median {pmed} after the flag; by then their loop had only "
                + "interpreted code in {si}, C1-compiled code in {s1} and C2-compiled code in {s2} of them: the interpreter "
                + "and C1 read the field on every iteration. (The plain-flag JVMs ran side by side, each fresh, so their "
                + "delays are not comparable with the volatile runs', measured alone.)");
        p.add("A run whose loop had C2 code by then and still stopped ({s2:value} here) is no contradiction: the JIT state "
                + "names the code the loop had, not the code the worker thread was running; and a compiled loop may, but "
                + "need not, keep the field in a register.");
    }
}
