package dev.racelab.models;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the sleeping-thread runs say together: how many virtual threads slept at once and what each held, what a
 * platform thread costs instead (a different measure, named), and the course's safety cap on platform threads.
 * {@code VirtualThreads.explain(v100k, v1m, platform)}
 */
final class ThreadsExplain {
    private ThreadsExplain() {}

    static Prose memory(Result smaller, Result virtual, Result platform) {
        Prose p = new Prose();
        if (!has(virtual) || !has(platform)) {
            return p.add("One of the runs started no thread: no data to compare.");
        }
        double n = virtual.value("threads");
        p.set("n", n, "%,.0f").set("s", virtual.value("start_ms") / 1000, "%.2f s")
                .set("asleep", virtual.value("asleep_at_once"), "%,.0f")
                .set("vb", virtual.value("bytes_per_thread"), "%,.0f")
                .set("pn", platform.value("threads"), "%,.0f").set("pb", platform.value("bytes_per_thread"), "%,.0f")
                .set("bound", platform.value("platform_bound"), "%,.0f")
                .set("why", String.valueOf(platform.params().getOrDefault("platform_bound_reason", "the course's own cap")))
                .set("ratio", platform.value("bytes_per_thread") / virtual.value("bytes_per_thread"), "%.0f");
        // one sentence form whatever the count: a stall that lets the first ones wake early shows in the number
        p.add("{n} virtual threads started in {s}; {asleep} of them were asleep at the same moment.");
        if (has(smaller) && smaller.value("threads") != n) {
            p.set("sn", smaller.value("threads"), "%,.0f").set("sb", smaller.value("bytes_per_thread"), "%,.0f")
                    .add("Each held about {vb} bytes of heap (with {sn} threads: {sb} bytes), measured as the heap's "
                            + "growth after a full GC while they slept.");
        } else {
            p.add("Each held about {vb} bytes of heap, measured as the heap's growth after a full GC while they slept.");
        }
        p.add("Each of {pn} platform threads added about {pb} bytes to its JVM's *resident memory* (a different "
                + "measure: pages the OS gave the process), plus about 1 MiB of reserved stack address space.")
                .add("The two measures differ, so read their ratio, about {ratio}×, as an order of magnitude.");
        p.add("The notebook started at most {bound} platform threads: its own safety cap, {why}, not a limit the "
                + "machine reached. Platform threads are OS threads, counted against the machine's pid and thread "
                + "limits that every program shares; virtual threads are heap objects, and that, with their small "
                + "memory, is what lets a program keep a million of them waiting.");
        return p;
    }

    private static boolean has(Result r) {
        return r != null && r.summary().strings("figure").contains("threads") && r.value("threads") > 0;
    }
}
