package dev.racelab.models;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the simulated GIL's runs say: speed-ups against one thread (1×), each with its interval and a rule for reading
 * it (whether an interval reaches past 1× changed from run to run, so no sentence depends on it), lost updates between
 * the steps of {@code count += 1}, and processes with a lock each; the CPU of the moment in a sentence of its own.
 * {@code Gil.cpu().run().explain()}
 */
final class GilExplain {
    private GilExplain() {}

    static Prose cpu(Result r) {
        int lead = 2;
        Prose p = new Prose().set("cores", r.conditions().cores(), "%.0f")
                .set("lead", String.valueOf(lead));
        if (!r.summary().strings("figure").contains("gil_speedup_" + lead)) {
            return p.add("This run had no {lead}-thread point, so there is no speed-up to read.");
        }
        Interval gil = r.interval("gil_speedup_" + lead), turns = r.interval("turns_speedup_" + lead),
                free = r.interval("nogil_speedup_" + lead);
        p.set("gil", gil, "%.2f×").set("turns", turns, "%.2f×").set("free", free, "%.2f×")
                .set("reps", ((Number) r.params().get("reps")).doubleValue(), "%.0f");
        // one form: whether the per-step lock's interval separated from 1× ("slower", "no faster") and whether the
        // 5 ms turns' did changed from run to run on the same machine (7 short repetitions, a busy moment widens them);
        // the two speed-ups with their intervals are the finding, and the reading rule says what each side of 1× means
        p.add("With the lock taken around every step, {lead} threads ran at {gil} the speed of one (median of {reps} "
                + "repetitions, interval over them). Held for 5 ms turns instead, as CPython's `sys.getswitchinterval()` "
                + "does, the same lock gave {turns}.");
        p.add("One lock lets only one thread compute at a time, so taking turns alone would give 1×. An interval below 1× "
                + "shows what handing the lock over costs on top of the turns: passed on every step (about half a "
                + "microsecond), the lock moves between threads on different cores, and a thread that finds it taken parks "
                + "and must be woken — a *convoy*, the effect David Beazley measured in CPython's old GIL; 5 ms turns hand "
                + "it over far less often. An interval that contains 1× cannot tell the lock from plain turn-taking; one "
                + "above 1× means the one-thread runs were slowed by something else, such as other programs on the cores.");
        p.add("The 5 ms turns are what real CPython threads do: [notebook 06](06-process-pools.ipynb) measured them on CPU-bound work; "
                + "compare its speed-up with the 5 ms turns, not with the per-step lock.");
        // one form: "faster" and "no faster, within the noise" alternated with the load of the moment, which the
        // sentence naming the CPU (after it) reports; the speed and its interval carry the result
        p.add("Without the lock, {lead} threads ran the same work at {free} the speed of one (×1 is taking turns; "
                + "×{lead:value} would be a core each).");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.addLoad(cpu); // the moment's load, not a conclusion
        return p;
    }

    static Prose counter(Result r) {
        long n = (long) r.value("trials");
        boolean oneStep = r.value("one_step") == 1;
        Prose p = new Prose().set("n", n, "%,.0f")
                .set("budget", ((Number) r.params().get("time_budget_s")).doubleValue(), "%.1f");
        if (n == 0) {
            return p.add("No trial finished within the time budget ({budget} s): no data, and no verdict.");
        }
        long lossy = (long) r.value("trials_with_loss");
        p.set("expected", r.value("expected"), "%,.0f").set("upper", 100 * r.interval("share_with_loss").high(), "%.1f %%");
        String how = oneStep ? "Holding the lock across all three steps, as a `threading.Lock` around `count += 1` does,"
                : "With the lock around each of the three steps,";
        if (lossy > 0) {
            p.set("share", r.interval("share_with_loss").scaled(100), "%.1f %%").set("mean", r.interval("mean_lost"), "%,.1f")
                    .set("max", r.value("max_lost"), "%,.0f");
            p.add(how + " {share} of {n} trials lost updates: {mean} of {expected} per trial on average, up to {max} in "
                    + "one trial.");
            p.add(oneStep ? "That should be impossible: one step holds the lock for the whole read-modify-write."
                    : "The lock protects each step, not the read-modify-write: it passed to the other thread between the "
                            + "read and the write.");
        } else {
            p.add(how + " not one update was lost in {n} trials: with 95 % confidence, fewer than {upper} of such trials "
                    + "lose any.");
            if (!oneStep) {
                p.add("This run could not show the lost update; the race between the steps is still there.");
                String cpu = r.conditions().sentence();
                if (!cpu.isEmpty()) p.add(cpu);
            }
        }
        return p;
    }

    static Prose processes(Result r) {
        Prose p = new Prose().set("most", r.value("most_workers"), "%.0f").set("first", r.value("first_workers"), "%.0f")
                .set("mostMs", r.value("most_workers_work_ms"), "%,.0f ms").set("firstMs", r.value("first_workers_work_ms"), "%,.0f ms")
                .set("mostWall", r.value("most_workers_wall_ms"), "%,.0f ms").set("firstWall", r.value("first_workers_wall_ms"), "%,.0f ms");
        Interval sp = r.interval("work_speedup");
        p.set("sp", sp, "%.2f×");
        p.add("Split over {most} processes that started computing together, the slowest worker computed for {mostMs}; "
                + "the whole work took {firstMs} in {first} process.");
        // one form: "computed in parallel" and "no faster, within the noise" alternated on the same machine with
        // whether the interval (the workers' chunk rates) reached below 1×; the reading rule carries both cases
        p.add("Their rate of work was {sp} that of one process. Each process has its own lock, so the processes can "
                + "compute in parallel, one on each core: an interval above 1× shows they did; one that contains 1× cannot "
                + "tell parallel work from taking turns; one below 1× means they did not get a core each.");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.addLoad(cpu); // the moment's load, not a conclusion
        p.add("Starting the processes is not free: the wall times ({mostWall} against {firstWall}) include starting a "
                + "JVM for each worker. A JVM needs none of this: its threads run Java in parallel, as the no-GIL line "
                + "of the speed-up chart above shows.");
        return p;
    }
}
