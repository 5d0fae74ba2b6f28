package dev.racelab.basics;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a spawn-cost run says: medians with their intervals, how many threads one process or JVM costs, and what
 * the platform-versus-virtual ratio does and does not mean. Start + join from a waiting thread is mostly the
 * waiting (the new thread runs, ends, and wakes the joiner), so the ratio is small; {@code start()} alone differs
 * far more; and neither is why a million virtual threads fit in one JVM: that is memory and the OS's thread limits.
 * {@code SpawnCost.defaults().run().explain()}
 */
final class SpawnExplain {
    private SpawnExplain() {}

    static Prose explain(Result r) {
        Prose p = new Prose();
        Interval pt = r.interval("platform_thread_median_us"), vt = r.interval("virtual_thread_median_us");
        Interval proc = r.interval("child_process_median_us"), jvm = r.interval("child_JVM_median_us").scaled(1e-3);
        if (pt.isEmpty() || vt.isEmpty()) {
            return p.add("The time budget ran out before the threads were measured: no data, so no comparison.");
        }
        p.set("pt", pt, "%.1f µs").set("vt", vt, "%.1f µs").set("n", r.value("platform_thread_samples"), "%,.0f")
                .add("Started and joined one at a time, a platform thread took {pt} (median of {n}, 95 % interval in "
                        + "brackets) and a virtual thread {vt}.");
        if (!proc.isEmpty() && !jvm.isEmpty()) {
            p.set("proc", proc, "%,.0f µs").set("jvm", jvm, "%.1f ms")
                    .set("ppt", r.interval("process_per_thread"), "%,.0f").set("jpt", r.interval("jvm_per_thread"), "%,.0f")
                    .set("tiny", String.valueOf(r.params().get("tiny_process")))
                    .set("flags", String.valueOf(r.params().get("child_jvm_flags")))
                    .add("A tiny child process (`{tiny}`, started through Java's `ProcessBuilder`) took {proc}, a child "
                            + "JVM (`{flags}`) {jvm}: one process cost as much as {ppt} platform threads, one JVM "
                            + "as much as {jpt}.");
        } else {
            p.add("The time budget ran out before the child processes were measured: no data for them.");
        }
        Interval ratio = r.interval("platform_per_virtual");
        p.set("ratio", ratio, "×%.1f");
        switch (Comparison.of(pt, vt)) {
            case MORE -> p.add("Measured this way a virtual thread was cheaper by {ratio}.");
            case WITHIN_NOISE -> p.add("Measured this way the two kinds cost the same within the noise of this run ({ratio}).");
            default -> p.add("Measured this way a virtual thread was *not* cheaper ({ratio}).");
        }
        Interval ps = r.interval("platform_thread_start_only_median_us"), vs = r.interval("virtual_thread_start_only_median_us");
        if (ps.isEmpty() || vs.isEmpty()) {
            p.add("The time budget ran out before `start()` alone was timed: no data for it.");
        } else {
            Interval vw = r.interval("virtual_waiting_share").scaled(100);
            p.set("ps", ps, "%.1f µs").set("vs", vs, "%.2f µs").set("sratio", r.interval("platform_per_virtual_start_only"), "×%.0f")
                    .set("vw", vw, "%.0f %%").set("vmin", r.value("virtual_thread_min_us"), "%.1f µs")
                    .add("Timed alone, `start()` took {ps} for a platform thread (the OS creates a thread) and {vs} for "
                            + "a virtual one (an object handed to the JVM's scheduler): {sratio}.");
            if (vw.low() >= 50) {
                p.add("So {vw} of a virtual thread's start + join was waiting: the new thread runs on another carrier, "
                        + "ends, and the notebook's thread, parked in `join()`, has to be woken by the OS — the same for "
                        + "both kinds, and it dominates (the fastest virtual start + join took {vmin}, probably a join "
                        + "that found the thread already ended and did not sleep).");
            } else {
                p.add("Waiting in `join()` was {vw} of a virtual thread's start + join in this run.");
            }
        }
        // The CPU conditions are in the result's footer: the conclusions here are ratios within one run, and a
        // sentence that comes and goes with a 25 ms probe's verdict would change the story from run to run.
        p.add("Neither ratio is why notebook 08 can keep a million virtual threads: that is memory (a waiting virtual "
                + "thread is a small object on the heap, a platform thread an OS thread with its own stack) and the "
                + "OS's limit on threads. Notebook 08 measures both.");
        return p;
    }
}
