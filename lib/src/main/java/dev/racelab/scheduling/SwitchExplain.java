package dev.racelab.scheduling;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a switch-cost run says: a switch on one CPU, a wake-up across two, what the unpinned figure mixes, and how
 * perf's pipe ping-pong pinned the same way compares. Directions only where the 95 % intervals separate.
 * {@code SwitchCost.of().run().explain()}
 */
final class SwitchExplain {
    private SwitchExplain() {}

    static final String US = "%.1f µs";

    static boolean has(Result r, String figure) {
        return r.summary().strings("figure").contains(figure);
    }

    static Prose explain(Result r) {
        Prose p = new Prose().set("cpu", String.valueOf(r.params().getOrDefault("cpu_same", "0")));
        boolean same = has(r, "park_unpark_same_cpu_median_us"), cross = has(r, "park_unpark_cross_cpu_median_us");
        Interval park = has(r, "park_unpark_median_us") ? r.interval("park_unpark_median_us") : Interval.empty();
        double widest = 0;
        for (String f : new String[] {"park_unpark_same_cpu_median_us", "park_unpark_cross_cpu_median_us", "park_unpark_median_us",
                "synchronous_queue_median_us"}) {
            if (!has(r, f)) continue;
            Interval iv = r.interval(f);
            if (!iv.isEmpty()) widest = Math.max(widest, Math.max(iv.estimate() - iv.low(), iv.high() - iv.estimate()));
        }
        p.set("widest", widest, "%.2f µs")
                .add("Medians of every round trip timed (the table); each median's 95 % interval lies within {widest} of it.");
        if (same) {
            Interval s = r.interval("park_unpark_same_cpu_median_us");
            p.set("same", s, US).set("perSwitch", s.estimate() / 2, US)
                    .add("**One CPU** (both threads pinned to CPU {cpu}): a park/unpark round trip took {same:value} (median). "
                            + "Only one of the two threads can run, so every hand-off is a real context switch on that "
                            + "core: the kernel saves one thread and puts the other on, twice per round trip — about "
                            + "{perSwitch} per switch.");
            if (has(r, "park_unpark_same_cpu_voluntary_per_round_trip")) {
                p.set("sv", r.value("park_unpark_same_cpu_voluntary_per_round_trip"), "%.2f")
                        .set("si", r.value("park_unpark_same_cpu_involuntary_per_round_trip"), "%.2f")
                        .add("The timing thread gave up its CPU {sv} times per round trip when it parked (voluntary) and was "
                                + "preempted {si} times: a thread it wakes on its own CPU may take the core before it parks.");
            }
        } else {
            p.add("The threads could not be pinned here, so a switch on one CPU was not told apart from a wake-up across cores.");
        }
        if (cross) {
            Interval c = r.interval("park_unpark_cross_cpu_median_us");
            p.set("cross", c, US).set("cpus", String.valueOf(r.params().get("cpus_cross")))
                    .add("**Two CPUs** (pinned to CPUs {cpus}): {cross:value}. Here no core switches threads; each hand-off wakes a "
                            + "thread that sleeps on the *other* core — the kernel sends that core an interrupt, and a core "
                            + "that had gone idle must wake up first.");
            if (same) {
                Comparison cmp = Comparison.of(c, r.interval("park_unpark_same_cpu_median_us"));
                p.set("ratio", c.estimate() / r.value("park_unpark_same_cpu_median_us"), "%.1f×")
                        .add(cmp.pick("On this machine the wake-up across cores cost more than the switch on one core ({ratio}).",
                                "On this machine the wake-up across cores cost less than the switch on one core ({ratio}).",
                                "On this machine the two were within the noise of this run ({ratio}).", ""));
            }
        }
        if (!park.isEmpty()) {
            p.set("park", park, US).add("**Unpinned**, as programs normally run: {park:value}.");
            if (has(r, "park_unpark_voluntary_per_round_trip")) {
                p.set("uv", r.value("park_unpark_voluntary_per_round_trip"), "%.2f")
                        .set("ui", r.value("park_unpark_involuntary_per_round_trip"), "%.2f")
                        .add("The timing thread counted {uv} voluntary and {ui} involuntary switches per round trip: "
                                + "where the scheduler put the two threads changed from one hand-off to the next, so this "
                                + "figure mixes switches on one core with wake-ups across two, and it names neither.");
            }
            Interval q = r.interval("synchronous_queue_median_us");
            if (!q.isEmpty()) p.set("queue", q, US).add("A `SynchronousQueue` hand-off (unpinned) took {queue:value}.");
            Interval spin = has(r, "spin_median_us") ? r.interval("spin_median_us") : Interval.empty();
            if (!spin.isEmpty()) {
                p.set("spin", spin, spin.estimate() < 100 ? "%.2f µs" : "%,.0f µs");
                if (r.conditions().regime() == dev.racelab.core.Conditions.Regime.ONE_CORE) {
                    // one CPU: the spinner keeps the only core until its time slice ends (8 ms measured pinned)
                    p.add("Spinning on a volatile field, which never gives up a core: {spin:value} (median) — on one CPU "
                            + "the spinning thread holds the only core until the scheduler ends its time slice, and only "
                            + "then can the other thread answer: spinning needs a second core.");
                } else {
                    p.add("Spinning on a volatile field, which never gives up a core: {spin:value} (median) — what is left "
                            + "when the OS is not asked to do anything (and it costs two busy cores).");
                }
            }
        }
        if (r.value("perf_ran") == 1) {
            boolean perfSame = has(r, "perf_sched_pipe_same_cpu_us");
            if (perfSame) {
                Interval ps = r.interval("perf_sched_pipe_same_cpu_us");
                p.set("perfSame", ps, US).add("`perf bench sched pipe`, pinned the same way (`taskset -c {cpu}`), took {perfSame} "
                        + "per round trip (median of its runs): also two switches on one core, plus a write and a read on "
                        + "a pipe each way — four system calls that park/unpark does without.");
                if (same) {
                    // the ratio with its interval, in one form: "slower" and "within the noise" alternated between
                    // runs of this VM, and the interval says which it was
                    Interval pr = Interval.ratio(ps, r.interval("park_unpark_same_cpu_median_us"));
                    if (!pr.isEmpty()) {
                        p.set("pr", pr, "×%.2f").add("That is {pr} the time of the park/unpark round trip on one core "
                                + "(ratio of the medians, 95 % interval; ×1 would make the pipes free).");
                    }
                }
            }
            if (has(r, "perf_sched_pipe_us")) {
                p.set("perfFree", r.interval("perf_sched_pipe_us"), US).add((perfSame ? "Unpinned" : "`perf bench sched pipe`, unpinned,")
                        + " perf took {perfFree}: like the unpinned park/unpark, a mix of both kinds.");
            }
        } else {
            p.add("`perf` is not installed here, so the kernel developers' own measurement was skipped (on Debian: "
                    + "`apt-get install linux-perf`); nothing stands in for it.");
        }
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.addLoad(cpu + " Waits for a busy core add to every figure above.");
        return p;
    }
}
