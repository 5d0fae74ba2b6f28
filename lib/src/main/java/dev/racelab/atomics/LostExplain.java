package dev.racelab.atomics;

import dev.racelab.core.Conditions;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the hammered unsafe counters say (notebook 04 §1): the share of increments each lost, as the median of the
 * runs with its 95 % interval, in one sentence form whatever the counts; the CPU each thread got and what that share
 * alone bounds about the time the two threads ran at once (named as arithmetic); the CPU conditions where the
 * machine was not free. {@code LostIncrements.of().run().explain()}
 */
final class LostExplain {
    private LostExplain() {}

    static final String PCT = "%.1f %%";

    static Prose explain(Result r) {
        long runs = (long) r.value("runs_done");
        LostIncrements.Names vol = LostIncrements.Names.of(dev.racelab.race.CounterKind.VOLATILE);
        LostIncrements.Names plain = LostIncrements.Names.of(dev.racelab.race.CounterKind.PLAIN_INSTANCE);
        Prose p = new Prose().set("runs", runs, "%,.0f")
                .set("ms", ((Number) r.params().get("ms_per_run")).doubleValue(), "%,.0f ms")
                .set("budget", ((Number) r.params().get("time_budget_s")).doubleValue(), "%.1f");
        Conditions c = r.conditions();
        String cpu = c.sentence();
        if (runs == 0) {
            p.add("No run finished within the time budget ({budget} s): no data on lost increments, and so no verdict "
                    + "on either counter.");
            if (!cpu.isEmpty()) p.addLoad(cpu); // the moment's load, not a conclusion
            return p;
        }
        p.set("vol", r.interval(vol.lostShare()).scaled(100), PCT).set("plain", r.interval(plain.lostShare()).scaled(100), PCT)
                .set("volRuns", r.value(vol.runsWithLoss()), "%,.0f").set("plainRuns", r.value(plain.runsWithLoss()), "%,.0f")
                .set("volLost", r.value(vol.lost()), "%,.0f").set("volMade", r.value(vol.made()), "%,.0f");
        // one form whatever the shares, so a second run on the same machine reads the same
        p.add("Two threads hammered each counter for {ms}, {runs} times: the `volatile` counter lost {vol} of its "
                + "increments (the median of the runs, with its 95 % interval) and the plain one {plain}; {volRuns} of "
                + "{runs} `volatile` runs and {plainRuns} of {runs} plain ones lost some.");
        if (runs < LostIncrements.MIN_RUNS_FOR_95) {
            long planned = ((Number) r.params().get("runs")).longValue();
            p.set("planned", planned, "%,.0f");
            p.add((runs < planned ? "Only {runs} of {planned} runs fitted the time budget, and a" : "A")
                    + " median of fewer than six runs has no 95 % interval: the brackets show the whole range of the "
                    + "runs, and they are less sure than that.");
        }
        if (r.value(vol.runsWithLoss()) > 0) {
            p.add("Whenever two threads read the same value, both write value + 1 and one increment is gone: `volatile` "
                    + "does not prevent that.");
        } else {
            p.add("Not one `volatile` increment was lost in this run ({volLost} of {volMade}) — which says the threads "
                    + "rarely read the same value at the same moment here, not that `volatile` makes `++` atomic: it is "
                    + "still a read, an add and a write (JCStress in §6 tries it millions of times).");
        }
        Interval share = r.interval(vol.cpuShare());
        if (share.isEmpty()) {
            p.add("This JVM does not report per-thread CPU time, so how much the threads ran at once is not known.");
        } else if (c.regime() == Conditions.Regime.ONE_CORE) {
            p.set("cpu", share.scaled(100), "%.0f %%")
                    .add("The `volatile` counter's two threads got {cpu} of a core each, one after the other: on one CPU "
                            + "an increment is lost only when the scheduler stops a thread between its read and its write.");
        } else {
            p.set("cpu", share.scaled(100), "%.0f %%")
                    .set("least", r.interval(vol.overlapAtLeast()).scaled(100), "%.0f %%")
                    .set("most", r.interval(vol.overlapAtMost()).scaled(100), "%.0f %%")
                    .add("The `volatile` counter's two threads got {cpu} of a core each; arithmetic on those two shares "
                            + "alone (not a measurement) bounds the time they ran at the same instant: at least {least} "
                            + "(what the shares force to overlap) and at most {most} (the smaller share).");
        }
        // the probe that judged the machine busy ran after the runs; where the threads' own CPU time says they had
        // nearly a core each, "two threads often had to take turns" would contradict this run's measurement
        boolean ranFully = !share.isEmpty() && share.estimate() >= RAN_FULLY;
        if (!cpu.isEmpty() && !(c.regime() == Conditions.Regime.BUSY && ranFully)) p.addLoad(cpu); // the moment's load
        return p;
    }

    /** From this CPU share per thread on, the two threads of a run hardly took turns. */
    static final double RAN_FULLY = 0.9;
}
