package dev.racelab.scheduling;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a thread sweep says about oversubscription: the speed-up up to the cores, then the change of throughput per
 * doubling of the threads past them, for register-only work and for work with a cached working set, and how much
 * more the cached work lost, each with its interval and one rule for reading it (the verdicts alternated between
 * runs of one machine). {@code ThreadSweep.of().run().explain()}
 */
final class ThreadSweepExplain {
    private ThreadSweepExplain() {}

    static final String PCT = "%+.0f %%";
    /** A growth bound per thread below this is "far below" exponential (×1.25 per thread doubles every ~3 threads). */
    static final double BOUND = 1.25;

    static boolean has(Result r, String figure) {
        return r.summary().strings("figure").contains(figure);
    }

    static Prose explain(Result r) {
        int cores = (int) r.value("cores"), max = (int) r.value("max_threads");
        Prose p = new Prose().set("ms", ((Number) r.params().get("per_thread_ms")).doubleValue(), "%.0f")
                .set("cores", cores, "%.0f").set("max", max, "%.0f")
                .set("kb", ((Number) r.params().get("working_set_kib")).doubleValue(), "%,.0f")
                .set("reps", ((Number) r.params().get("repeats")).doubleValue(), "%.0f");
        if (max <= cores) {
            return p.add("No thread count above the {cores} cores ran, so this run says nothing about oversubscription.");
        }
        if (!has(r, "register_change_per_doubling") || r.interval("register_change_per_doubling").isEmpty()) {
            return p.add("The time budget ran out before enough repeats past the core count finished: no data on "
                    + "oversubscription from this run.");
        }
        long reps = r.interval("register_change_per_doubling").n();
        if (reps < 3) {
            return p.set("done", reps, "%.0f").add("The time budget ran out after {done} repeat(s) of the sweep: too few to put an "
                    + "interval on the change past the cores, so this run gives no verdict on oversubscription. Run the cell "
                    + "again on a quieter machine.");
        }
        p.set("speedup", r.interval("register_speedup_at_cores"), "%.2f×")
                .add("Every thread did the same {ms} ms of work. With {cores} threads — one per core — the register-only work "
                        + "ran {speedup} as fast as with one.");
        if (has(r, "register_involuntary_per_thread_at_max")) {
            Interval inv = r.interval("register_involuntary_per_thread_at_max");
            p.set("inv", inv, "%.0f").set("invc", has(r, "register_involuntary_per_thread_at_cores")
                    ? r.interval("register_involuntary_per_thread_at_cores") : Interval.empty(), "%.0f")
                    .add("At {max} threads each thread was preempted {inv} times during its work (median; {invc} with one thread "
                            + "per core, where only other programs take turns with it). Each preemption is a turn taken: a "
                            + "thread preempted fewer than three times barely took turns, so read what follows with that "
                            + "count in mind.");
        }
        for (String kind : ThreadSweep.KINDS) {
            ThreadSweep.Names names = ThreadSweep.Names.of(kind);
            String k = names.key();
            Interval d = r.interval(names.changePerDoubling());
            p.set(k + "D", d.scaled(100), PCT).set(k + "All", r.interval(names.changeCoresToMax()).scaled(100), PCT);
            String what = kind.equals(ThreadSweep.REGISTER) ? "Register-only work" : "Work on a {kb} KiB working set per thread";
            p.add(what + ": from {cores} to {max} threads throughput changed by {" + k + "D} per doubling of the threads ({" + k
                    + "All} in all; 95 % intervals over {reps} repeats).");
        }
        // one form for each reading: "fell", "no measurable change" and "rose" alternated between runs of one machine,
        // and so did the three forms of the cache sentence; the intervals say which it was
        p.add("An interval below 0 means that past the core count the extra threads cost more than they brought; one that "
                + "holds 0 shows no measurable change; one above 0 means more threads won more (on a shared machine, a "
                + "larger share of the cores from other programs).");
        Interval extra = r.interval("cache_extra_change");
        if (!extra.isEmpty()) {
            p.set("extra", extra.scaled(100), PCT)
                    .add("The working-set work's change minus the register-only work's: {extra} relative, per repeat. Below "
                            + "0, each time a thread came back to a core the other threads' working sets had pushed its own "
                            + "out of the cache, and it paid to bring it back: the hidden cost of a switch, which grows with "
                            + "the data a thread keeps close. Holding 0, refilling a {kb} KiB working set after each switch "
                            + "did not separate from the noise of this run; above 0, it did not show as a cost at all.");
        }
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }

    /**
     * Section 5's bill: how many preemptions the oversubscribed sweep had, what they cost at the measured switch
     * cost (from a switch on one CPU up to half an unpinned perf round trip), and the shape of the cost per unit of
     * work — the claim of "exponentially" harder managing tested on the data.
     */
    static Prose bill(ThreadSweep.SweepResult sweep, SwitchCost.SwitchResult switches) {
        int cores = (int) sweep.value("cores"), max = (int) sweep.value("max_threads");
        Prose p = new Prose().set("max", max, "%.0f").set("cores", cores, "%.0f");
        if (max <= cores || !has(sweep, "register_involuntary_per_thread_at_max")) {
            p.add("This run has no preemption counts past the core count (Linux's /proc is needed, and thread counts above "
                    + "the cores), so the switching bill cannot be added up here.");
        } else {
            double inv = sweep.value("register_involuntary_per_thread_at_max");
            double wall = medianWall(sweep, ThreadSweep.REGISTER, max);
            double lo = Double.NaN, hi = Double.NaN;
            String from = "";
            if (has(switches, "park_unpark_same_cpu_median_us")) {
                lo = switches.value("park_unpark_same_cpu_median_us") / 2;
                from = "a switch on one CPU, section 2,";
            } else if (has(switches, "park_unpark_median_us")) {
                lo = switches.value("park_unpark_median_us") / 2;
                from = "half an unpinned park/unpark round trip";
            }
            hi = lo;
            String upto = "the same";
            if (has(switches, "perf_sched_pipe_us")) {
                hi = Math.max(lo, switches.value("perf_sched_pipe_us") / 2);
                upto = "half of perf's unpinned round trip";
            } else if (has(switches, "park_unpark_cross_cpu_median_us")) {
                hi = Math.max(lo, switches.value("park_unpark_cross_cpu_median_us") / 2);
                upto = "half a round trip across two CPUs";
            }
            p.set("upto", upto);
            double total = inv * max;
            p.set("inv", inv, "%.0f").set("total", total, "%,.0f").set("wall", wall, "%.0f")
                    .set("lo", lo, "%.1f").set("hi", hi, "%.1f")
                    .set("shareLo", 100 * total * lo / 1000 / wall, "%.2f %%").set("shareHi", 100 * total * hi / 1000 / wall, "%.2f %%")
                    .set("from", from)
                    .add("How much managing was there? At {max} threads of register-only work, each thread was preempted {inv} "
                            + "times (median): about {total} switches in a {wall} ms run. At {lo}–{hi} µs per switch (from "
                            + "{from} up to {upto}) that is {shareLo}–{shareHi} of the run.");
            p.add(total * hi / 1000 / wall < 0.05
                    ? "The switches themselves were a small part of the bill even at the dearer figure."
                    : "At the dearer figure the switches themselves were a noticeable part of the bill.");
            p.add("A switch's bigger price is indirect: the caches it leaves cold (the working-set line of section 1) and, "
                    + "when threads share a lock, a lock holder preempted while the others wait for it — not measured here.");
        }
        if (!has(sweep, "register_change_per_doubling") || sweep.interval("register_change_per_doubling").n() < 3) {
            return p.add("\n\nThe sweep had too few repeats to fit a shape to (section 1): no verdict on \"exponentially\" "
                    + "harder managing from this run.");
        }
        p.add("\n\nThe claim of \"exponentially\" harder managing, tested on the time per million rounds of work (the "
                + "inverse of section 1's throughput), from {cores} to {max} threads:");
        for (String kind : ThreadSweep.KINDS) {
            CurveShape shape = sweep.shape(kind);
            String k = ThreadSweep.key(kind);
            p.set(k + "Change", 100 * shape.relativeChange(), "%+.0f %%").set(k + "Bound", shape.maxGrowthPerX(), "×%.3f");
            p.add((kind.equals(ThreadSweep.REGISTER) ? "register-only work" : "work on a working set") + " changed by {" + k
                    + "Change}, and even from the low end of the first interval to the high end of the last it grew at most {"
                    + k + "Bound} per thread" + (kind.equals(ThreadSweep.REGISTER) ? ";" : "."));
        }
        boolean far = sweep.shape(ThreadSweep.REGISTER).maxGrowthPerX() < BOUND && sweep.shape(ThreadSweep.CACHE).maxGrowthPerX() < BOUND;
        p.add(far ? "Exponential growth would be a constant factor with every thread (×2 would double the cost with each "
                + "one): the data bound it far below that — the cost per unit of work grows, when it grows, like the turns "
                + "the threads take, not like a compound interest."
                : "These bounds are too loose (a busy machine) to rule much out: run the cell again on a quieter machine.");
        return p;
    }

    static double medianWall(ThreadSweep.SweepResult r, String kind, int threads) {
        double[] w = r.samples().where("kind", kind).where("threads", threads).doubles("wall_ms");
        return w.length == 0 ? Double.NaN : dev.racelab.core.Stats.of(w).median();
    }
}
