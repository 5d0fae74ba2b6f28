package dev.racelab.processes;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * What notebook 06's pool experiments say, chosen by their intervals and the CPU the run had: speed-ups of the
 * three pools (CPU-bound and I/O-bound), start-up against the pool's own round trips, and what a crash costs.
 * Processes against threads is a ratio with its interval and one reading rule ({@link #READING}), never a verdict
 * that changes with whether this run's intervals happened to separate. {@code PoolComparison.cpu().run().explain()}
 */
final class PoolExplain {
    private PoolExplain() {}

    static final String X = "%.2f×";

    static boolean has(Result r, String figure) {
        return r.summary().strings("figure").contains(figure);
    }

    /** Differences smaller than this share are "about as well", even when the intervals separate. */
    static final double PRACTICAL = 0.10;

    /** How to read a processes-to-threads ratio: the same words whatever the run measured. */
    static final String READING = String.format(java.util.Locale.ROOT, "A ratio whose whole interval lies above "
            + "%.2f× means processes did better here, one below %.2f× that they did worse; one that reaches into "
            + "%.2f–%.2f× means they did about as well (within %.0f %% or within the noise of this run).",
            1 + PRACTICAL, 1 - PRACTICAL, 1 - PRACTICAL, 1 + PRACTICAL, PRACTICAL * 100);

    static Interval speedup(Result r, String pool, int n) {
        String f = PoolComparison.key(pool) + "_speedup_at_" + n;
        return has(r, f) ? r.interval(f) : Interval.empty();
    }

    /**
     * Worker counts both processes and platform threads ran, ascending (the two the sentences compare; virtual
     * threads run last at each count and may be cut by the budget: their figure then reads "no data").
     */
    static List<Integer> common(Result r) {
        List<Integer> out = new ArrayList<>();
        for (int n = 1; n <= ProcessPool.MAX_WORKERS; n++) {
            boolean all = true;
            for (String pool : PoolComparison.POOLS.subList(0, 2)) all &= !speedup(r, pool, n).isEmpty();
            if (all) out.add(n);
        }
        return out;
    }

    static Prose cpu(Result r) {
        int cores = (int) r.value("cores");
        List<Integer> ns = common(r);
        Prose p = new Prose().set("cores", cores, "%.0f")
                .set("reps", ((Number) r.params().get("repeats")).doubleValue(), "%.0f");
        int at = ns.contains(cores) ? cores : ns.isEmpty() ? -1 : ns.get(ns.size() - 1);
        if (at <= 1) {
            return p.add("The time budget ran out before the pools with more than one worker ran: no speed-up to report. Run "
                    + "the cell again on a quieter machine.");
        }
        Interval procs = speedup(r, "processes", at), threads = speedup(r, "platform threads", at), virt = speedup(r, "virtual threads", at);
        p.set("at", at, "%.0f").set("p", procs, X).set("t", threads, X).set("v", virt, X)
                .add("With {at} workers" + (at == cores ? " — one per core —" : "") + " the pools ran the batch {p} (processes), "
                        + "{t} (platform threads) and {v} (virtual threads) as fast as with one (medians of {reps} batches each, "
                        + "95 % intervals).");
        // one form: "scaled worse beyond the noise" and "about as well" alternated between runs of one machine; the
        // ratio and its interval carry the result, the reading rule is the same every time
        p.set("ratio", Interval.ratio(procs, threads), X)
                .add("Processes reached {ratio} the speed-up of threads (the ratio of the two). " + READING
                        + " Both are limited by the cores; where they differ, this experiment does not show why (each "
                        + "worker JVM brings its own JIT compiler and garbage collector to compete for the same cores, and a "
                        + "busy machine hands out turns unevenly): run it again to see whether it holds.");
        int most = ns.get(ns.size() - 1);
        if (most > cores) {
            Interval tMost = speedup(r, "platform threads", most);
            p.set("most", most, "%.0f").set("tMost", tMost, X);
            // one form: "more", "less" and "no gain" alternated with the load of the moment between runs of one machine;
            // the two speedups and their intervals carry the result, the CPU sentence names the load
            p.add("With {most} workers, more than the cores, platform threads reached {tMost} (with {at} workers: {t:value}): "
                    + "workers beyond the cores can only take turns with each other — on a shared machine they may win a "
                    + "larger share of the cores from other programs, never more than the cores.");
        }
        // said every time (it appeared only when some interval lay above the line, and so changed between runs)
        p.add("A speed-up whose whole interval lies above the ideal line (the workers, at most the cores) is not a gain "
                + "but noise in the one-worker baseline: no pool can run faster than its cores allow.");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }

    static Prose io(Result r) {
        int cores = (int) r.value("cores");
        List<Integer> ns = common(r);
        Prose p = new Prose().set("cores", cores, "%.0f");
        if (ns.size() < 2) {
            return p.add("The time budget ran out before the pools with more than one worker ran: no speed-up to report.");
        }
        int most = ns.get(ns.size() - 1);
        Interval procs = speedup(r, "processes", most), threads = speedup(r, "platform threads", most), virt = speedup(r, "virtual threads", most);
        p.set("most", most, "%.0f").set("p", procs, "%.1f×").set("t", threads, "%.1f×").set("v", virt, "%.1f×")
                .add("Blocking tasks: with {most} workers the batch ran {p} (processes), {t} (platform threads) and {v} "
                        + "(virtual threads) as fast as with one worker, on {cores} cores.");
        boolean pastCores = most > cores && threads.low() > cores && procs.low() > cores;
        p.add(pastCores ? "Waiting scales with the number of workers, not with the cores: a waiting worker needs no core."
                : most > cores ? "This run did not show all pools beyond the core count with certainty; a waiting worker "
                        + "needs no core, so run again to see it."
                : "Waiting needs no core, so more workers help; this run had no more workers than cores.");
        p.set("ratio", Interval.ratio(procs, threads), "%.2f×")
                .add("Processes reached {ratio} the speed-up of threads (the ratio of the two). " + READING
                        + " Where they did about as well, the pool of processes brought nothing the pool of threads did not "
                        + "— except its start-up bill.");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }

    static Prose startup(Result r) {
        Prose p = new Prose()
                .set("pStart", r.value("process_startup_ms"), "%.0f ms")
                .set("workers", ((Number) r.params().get("workers")).doubleValue(), "%.0f")
                .set("ready", r.interval("process_ready_median_ms"), "%.0f ms")
                .set("tStart", r.value("thread_startup_ms"), "%.2f ms")
                .set("ratio", r.value("startup_ratio"), "%,.0f×")
                .set("pTrip", r.interval("process_task_overhead_us"), "%.0f µs")
                .set("tTrip", r.interval("thread_task_overhead_us"), "%.1f µs")
                .set("tripRatio", r.value("task_overhead_ratio"), "%.0f×")
                .add("Starting {workers} worker processes took {pStart} (one JVM alone needs {ready} to say READY, median); "
                        + "{workers} threads took {tStart} — {ratio} less. Every task then pays a round trip: {pTrip} through a pipe "
                        + "to another process and back, {tTrip} to a thread of the same JVM ({tripRatio}, medians).");
        p.set("cross", r.value("process_crossover_tasks"), "%,.0f").set("n", r.value("process_largest_batch_tasks"), "%,.0f")
                .set("batchMs", r.value("process_largest_batch_ms"), "%.0f ms")
                .add("Read off the batches (the chart): the largest, {n} empty tasks, took {batchMs} on the running pool, so "
                        + "the start-up costs as much as about {cross} tasks at that rate. A job with fewer tasks pays more for "
                        + "starting the pool than for running them; a task that computes for longer than a round trip pays the "
                        + "round trip as a small tax.");
        return p;
    }

    static Prose crash(Result r) {
        int tasks = ((Number) r.params().get("tasks")).intValue();
        double retried = r.value("process_pool_retried");
        Prose p = new Prose().set("tasks", tasks, "%.0f")
                .set("results", r.value("process_pool_results"), "%.0f").set("distinct", r.value("process_pool_distinct_results"), "%.0f")
                .set("dups", r.value("process_pool_duplicates"), "%.0f").set("retried", retried, "%.0f")
                .set("after", r.value("thread_pool_results_after_kill"), "%.0f")
                .set("excOk", r.value("thread_pool_exception_results") - r.value("thread_pool_exception_failed"), "%.0f")
                .set("excFailed", r.value("thread_pool_exception_failed"), "%.0f");
        p.add("The process pool delivered {results} of {tasks} results, each once ({distinct} distinct, {dups} duplicates); "
                + (retried == 1 ? "the task the killed worker held ran a second time, on the replacement."
                : "{retried} tasks ran a second time, on replacement workers."));
        p.add("Delivery was exactly once, but *execution* was at least once: the killed task had already started, and "
                + "whatever it did before the kill — charge a card, send an e-mail, append to a file — happened, and happens "
                + "again on the retry. Tasks a pool may retry must be **idempotent** (safe to run twice), or carry an id the "
                + "receiver uses to drop the repeat.");
        p.add("The thread pool whose process was killed delivered {after} of {tasks}: the other tasks died with it, and "
                + "nobody was left to retry them — the kill came from outside (`destroyForcibly`, as an out-of-memory killer "
                + "would), not from a bug in one task.");
        p.add("A task that throws is the thread pool's everyday failure, and it survives it: {excOk} results and {excFailed} "
                + "exception, which comes back in that task's `Future`; the pool lives on. In Java an uncaught exception ends "
                + "one task or one thread, never the process.");
        return p;
    }
}
