package dev.racelab.models;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the start-cost run says: how much cheaper a virtual thread is to start, and why notebook 01's start + join
 * figure differs. {@code StartCost.of().run().explain()}
 */
final class StartCostExplain {
    private StartCostExplain() {}

    static Prose explain(Result r) {
        Prose p = new Prose().set("n", r.value("samples"), "%,.0f");
        if (r.value("samples") == 0) return p.add("No sample was taken within the time budget: no data.");
        Interval vs = r.interval("virtual_start_us"), ps = r.interval("platform_start_us");
        Interval vj = r.interval("virtual_start_join_us"), pj = r.interval("platform_start_join_us");
        p.set("vs", vs, "%.2f µs").set("ps", ps, "%.1f µs").set("rs", r.interval("start_ratio"), "%.0f×")
                .set("vj", vj, "%.1f µs").set("pj", pj, "%.1f µs").set("rj", r.interval("start_join_ratio"), "%.1f×");
        Comparison start = Comparison.of(ps, vs), joined = Comparison.of(pj, vj);
        p.add(start.pick("`start()` alone took {vs} for a virtual thread and {ps} for a platform thread (medians of {n} "
                        + "each): the platform thread cost {rs} as much. Starting one asks the kernel for a new OS thread "
                        + "and its stack; a virtual thread is an object queued for a carrier.",
                "`start()` alone took {vs} for a virtual thread and {ps} for a platform thread (medians of {n} each): "
                        + "here the virtual thread was the dearer one.",
                "`start()` alone took {vs} for a virtual thread and {ps} for a platform thread (medians of {n} each): "
                        + "within the noise of this run of each other.",
                "No data."));
        p.add(joined.pick("Started and joined one at a time, as [notebook 01](01-processes-and-threads.ipynb) measures "
                        + "it, they took {vj} and {pj}: only {rj}.",
                "Started and joined one at a time, as [notebook 01](01-processes-and-threads.ipynb) measures it, they "
                        + "took {vj} and {pj}: the virtual thread was the slower one ({rj}).",
                "Started and joined one at a time, as [notebook 01](01-processes-and-threads.ipynb) measures it, they "
                        + "took {vj} and {pj}: within the noise of each other.",
                "No data."));
        // what the joined figure adds: waking the joiner, for both kinds; it shrinks the ratio when it dominates
        // said whenever both figures are there (it held in some runs and not others when it waited for the joined time
        // to exceed twice the start's): it is what the joined figure adds, whatever its size this run
        if (!vj.isEmpty() && !vs.isEmpty()) {
            p.add("A joined thread's time is more than its start: the started thread must be scheduled, run and end, and "
                    + "the joining thread woken. That wake-up costs both kinds alike, so the more of the joined time it "
                    + "takes, the more it hides the difference in starting.");
        }
        p.add("Neither figure is why a program can keep a million virtual threads: that is memory and the OS's limits, "
                + "measured next.");
        return p;
    }
}
