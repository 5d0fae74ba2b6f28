package dev.racelab.basics;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the isolation experiments say. Memory: a child JVM is a new program (it starts from its own initial values,
 * not a copy of the parent's), and a thread's write is seen after {@code join()} because join orders it. Fate: a
 * process killed from outside leaves the others alone; inside one JVM an uncaught exception ends one thread, while
 * what the threads share — the heap, the process's exit — takes them down together.
 * {@code Isolation.crash().explain()}
 */
final class IsolationExplain {
    private IsolationExplain() {}

    static Prose memory(Result r) {
        double parent = r.value("parent_value_at_start"), childStart = r.value("child_started_with");
        double parentAfter = r.value("process_parent_sees"), threadSeen = r.value("thread_parent_sees");
        Prose p = new Prose().set("parent", parent, "%.0f").set("childStart", childStart, "%.0f")
                .set("childSees", r.value("child_sees"), "%.0f").set("parentAfter", parentAfter, "%.0f")
                .set("thread", threadSeen, "%.0f");
        p.add("The notebook's JVM set its value to {parent} and then started a child JVM. The child began with "
                + "{childStart}, wrote 99 and saw {childSees}; the notebook still sees {parentAfter}.");
        if (childStart != parent && parentAfter == parent) {
            p.add("Two processes, two memories — and not even a copy: the child is a new program that runs its own "
                    + "initialiser (`sharedValue = 42`). Java's `ProcessBuilder` starts a program afresh; Unix `fork()` "
                    + "would copy the parent's memory (copy-on-write), and the copies would still part ways at the first write.");
        } else if (parentAfter != parent) {
            p.add("The child's write reached the notebook's JVM: that should be impossible between processes.");
        } else {
            p.add("The child started with the parent's value: it looks like a copy here.");
        }
        if (threadSeen == 99) {
            p.add("A thread of the notebook wrote 99 into an object on the shared heap, and after `join()` the notebook "
                    + "sees {thread}: one process, one memory. It is guaranteed to see it because `join()` orders the "
                    + "thread's write before the read that follows (a *happens-before* edge); without such an edge Java "
                    + "does not promise that one thread sees another's write — notebook 04 shows it. Sharing is what "
                    + "makes threads fast to talk to, and what makes the data race of the next notebook possible.");
        } else {
            p.add("A thread of the notebook wrote 99, yet after `join()` the notebook sees {thread}: that breaks the "
                    + "guarantee `join()` gives.");
        }
        return p;
    }

    static Prose crash(Result r) {
        int workers = ((Number) r.params().get("workers")).intValue();
        Prose p = new Prose().set("w", workers, "%.0f")
                .set("procs", r.value("processes_finished"), "%.0f").set("killed", r.value("killed_exit_code"), "%.0f")
                .set("exc", r.value("exception_finished"), "%.0f").set("excCode", r.value("exception_exit_code"), "%.0f")
                .set("exit", r.value("exit_finished"), "%.0f").set("exitCode", r.value("exit_exit_code"), "%.0f")
                .set("heap", r.value("heap_finished"), "%.0f").set("oom", r.value("heap_out_of_memory"), "%.0f")
                .set("oomOthers", r.value("heap_out_of_memory_others"), "%.0f").set("others", workers - 1, "%.0f");
        if (r.value("killed_finished_first") == 1) {
            p.add("**Processes:** the worker to be killed finished its work before the kill reached it (a busy "
                    + "machine): no data on a killed process in this run; {procs} of {w} finished.");
        } else {
            p.add("**Processes:** {procs} of {w} worker processes finished although one was killed from outside (exit "
                    + "code {killed}" + (r.value("killed_exit_code") == 137 ? ": 128 + signal 9, SIGKILL" : "") + "). A "
                    + "kill is an event from outside; the other processes never noticed.");
        }
        double exc = r.value("exception_finished");
        if (exc == workers - 1) {
            p.add("\n\n**Threads, one throws:** thread 0 threw an exception nobody caught. That thread ended; the other "
                    + "{exc} of {w} finished their work, and the JVM exited normally (exit code {excCode}). In Java an "
                    + "uncaught exception ends one thread, not the process: the JVM prints its stack trace and goes on.");
        } else {
            p.add("\n\n**Threads, one throws:** thread 0 threw an exception nobody caught, and {exc} of {w} threads "
                    + "finished (exit code {excCode}) — not the {others} that an uncaught exception normally leaves "
                    + "running; look at the table for how the others ended.");
        }
        if (r.value("exit_finished") == 0) {
            p.add("\n\n**Threads, a library calls `System.exit(1)`:** {exit} of {w} finished. `System.exit` ends the "
                    + "whole JVM and every thread in it, with the exit code the library chose ({exitCode}); nothing "
                    + "crashed.");
        } else {
            p.add("\n\n**Threads, a library calls `System.exit(1)`:** {exit} of {w} finished (exit code {exitCode}).");
        }
        double oomOthers = r.value("heap_out_of_memory_others");
        if (oomOthers > 0) {
            p.add("\n\n**Threads, one fills the heap:** thread 0 kept adding to a shared cache until the heap was full; "
                    + "{oom} of {w} threads died of `OutOfMemoryError`, among them {oomOthers} of the {others} that did "
                    + "nothing wrong but build their results in memory as they work; {heap} finished (a thread that "
                    + "dies frees its own work in progress, so another may get to finish). The heap is shared, so its "
                    + "exhaustion hits whichever thread needs memory next.");
        } else {
            p.add("\n\n**Threads, one fills the heap:** thread 0 filled a shared cache until the heap was full; "
                    + "{oom} of {w} threads died of `OutOfMemoryError` and {heap} finished: this time the others did "
                    + "not need memory at the wrong moment.");
        }
        p.add("\n\nSo threads share fate through what they share — the heap, the process and its exit, and (not shown "
                + "here) native code that crashes the JVM — not through every bug. A browser runs each tab in its own "
                + "process for that reason; a Java server survives a request that throws"
                + (oomOthers > 0 ? ", but not one that exhausts its heap." : "."));
        return p;
    }
}
