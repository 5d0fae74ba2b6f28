package dev.racelab.basics;

import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Processes do not share memory; threads do, and they share fate through what they share (the heap, the process's
 * exit) — but not every bug: an uncaught exception ends one thread. Shown live with child JVMs.
 * {@code Isolation.memory().explain()}, {@code Isolation.crash().explain()}
 */
public final class Isolation {
    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);
    /** The value the parent holds when it starts the child; the child's class starts at {@code Child.sharedValue = 42}. */
    static final int PARENT_VALUE = 43;
    /** The failure scenarios of {@link #crash()} for threads in one JVM, in the order they run. */
    static final List<String> FATES = List.of("exception", "exit", "heap");
    /** The heap scenario's JVM: a small heap, so it fills in a fraction of a second. */
    static final List<String> SMALL_HEAP = List.of("-Xmx48m", "-XX:+UseSerialGC");

    private Isolation() {}

    /** A child process changes its copy of a value, a thread changes a shared object: who sees what. */
    public static Result memory() {
        Result.Builder b = Result.builder("isolation-memory", "Who sees a write: a child process versus a thread");
        DataTable t = new DataTable("setup", "value before", "value written", "writer sees", "parent sees");
        // The parent changes its value before it starts the child: if the child copied the parent, it would start at 43.
        Child.sharedValue = PARENT_VALUE;

        try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("isolation-read")) {
            Process p = kids.start(child("isolation", "99"));
            List<String> out = collect(readers, p);
            int exit = kids.waitFor(p, CHILD_TIMEOUT);
            readers.joinAll(Duration.ofSeconds(5));
            requireExit(exit, 0, "isolation child", out);
            t.add("child process (its own memory)", valueAfter(out, "before"), 99, valueAfter(out, "after"), Child.sharedValue);
        }
        Child.sharedValue = 42;

        int[] box = {42};
        int[] seenByWriter = new int[1];
        try (Crew crew = Crew.platform("isolation")) {
            crew.start(() -> {
                box[0] = 99;
                seenByWriter[0] = box[0];
            });
            if (!crew.joinAll(CHILD_TIMEOUT)) throw new IllegalStateException("writer thread did not finish");
        }
        // join() orders the thread's write before our read: this is a fair look, not a lucky one
        t.add("thread (shared heap)", 42, 99, seenByWriter[0], box[0]);
        b.samples(t).showSamples();
        b.figure("parent_value_at_start", PARENT_VALUE, "");
        b.figure("child_started_with", (Integer) t.get(0, "value before"), "");
        b.figure("child_sees", (Integer) t.get(0, "writer sees"), "");
        b.figure("process_parent_sees", (Integer) t.get(0, "parent sees"), "");
        b.figure("thread_parent_sees", (Integer) t.get(1, "parent sees"), "");
        b.explainer(IsolationExplain::memory);
        return b.build();
    }

    /**
     * Who survives a failure. Three worker processes, one killed from outside ({@code destroyForcibly}: SIGKILL on
     * Unix); then three worker threads in one child JVM, where thread 0 fails in each of {@link #FATES}: an uncaught
     * exception, a library's {@code System.exit(1)}, a shared cache that exhausts the heap.
     */
    public static Result crash() {
        Result.Builder b = Result.builder("isolation-crash", "Who survives a failure: processes versus threads");
        DataTable t = new DataTable("setup", "worker", "finished", "exit code", "how it ended");
        int workers = 3;

        try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("crash-read")) {
            List<Process> ps = new ArrayList<>();
            List<List<String>> outs = new ArrayList<>();
            // kill worker 1 as soon as it has started: on a busy machine waiting for all three could let it finish first
            CountDownLatch oneStarted = new CountDownLatch(1);
            for (int i = 0; i < workers; i++) {
                Process p = kids.start(child("worker", Integer.toString(i), "600"));
                ps.add(p);
                outs.add(collect(readers, p, i == 1 ? oneStarted : null));
            }
            await(oneStarted);
            ps.get(1).destroyForcibly(); // worker 1 is killed from outside, mid-task
            for (int i = 0; i < workers; i++) {
                int exit = kids.waitFor(ps.get(i), CHILD_TIMEOUT);
                readers.joinAll(Duration.ofSeconds(5));
                List<String> out = outs.get(i);
                boolean done = out.stream().anyMatch(l -> l.startsWith("done "));
                t.add("processes, one killed", i, done ? "yes" : "no", exit, done ? (i == 1 ? "finished before the kill" : "finished")
                        : i == 1 ? "killed" : "did not finish");
            }
        }

        for (String fate : FATES) {
            try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("crash-read")) {
                List<String> jvmArgs = fate.equals("heap") ? SMALL_HEAP : List.of();
                Process p = kids.start(new ProcessBuilder(ChildJvm.command(jvmArgs, Child.class, "fate", fate,
                        Integer.toString(workers), "400", "100")).redirectErrorStream(true));
                List<String> out = collect(readers, p);
                int exit = kids.waitFor(p, CHILD_TIMEOUT);
                readers.joinAll(Duration.ofSeconds(5));
                for (int i = 0; i < workers; i++) {
                    String outcome = outcomeOf(out, i);
                    t.add(setupName(fate), i, outcome.equals("finished") ? "yes" : "no", exit,
                            outcome.isEmpty() ? "the JVM ended first" : outcome);
                }
            }
        }
        b.samples(t).showSamples();
        b.param("workers", workers).param("heap_scenario_jvm", String.join(" ", SMALL_HEAP));
        b.figure("processes_finished", countFinished(t, "processes, one killed"), "of " + workers);
        b.figure("killed_exit_code", ((Number) t.where("setup", "processes, one killed").get(1, "exit code")).doubleValue(), "");
        b.figure("killed_finished_first", t.where("setup", "processes, one killed").get(1, "finished").equals("yes") ? 1 : 0, "");
        for (String fate : FATES) {
            DataTable f = t.where("setup", setupName(fate));
            Names n = Names.of(fate);
            b.figure(n.finished(), countFinished(t, setupName(fate)), "of " + workers);
            b.figure(n.exitCode(), ((Number) f.get(0, "exit code")).doubleValue(), "");
        }
        long oom = 0, oomOthers = 0;
        DataTable heap = t.where("setup", setupName("heap"));
        for (int i = 0; i < heap.size(); i++) {
            if (heap.get(i, "how it ended").equals("OutOfMemoryError")) {
                oom++;
                if (i != 0) oomOthers++;
            }
        }
        b.figure("heap_out_of_memory", oom, "of " + workers);
        b.figure("heap_out_of_memory_others", oomOthers, "of " + (workers - 1));
        b.explainer(IsolationExplain::crash);
        return b.build();
    }

    /** One fate's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String finished, String exitCode) {
        static Names of(String fate) {
            return switch (fate) {
                case "exception" -> new Names("exception_finished", "exception_exit_code");
                case "exit" -> new Names("exit_finished", "exit_exit_code");
                case "heap" -> new Names("heap_finished", "heap_exit_code");
                default -> throw new IllegalArgumentException(fate);
            };
        }
    }

    static String setupName(String fate) {
        return switch (fate) {
            case "exception" -> "threads, one throws";
            case "exit" -> "threads, a library calls System.exit";
            case "heap" -> "threads, one fills the heap";
            default -> throw new IllegalArgumentException(fate);
        };
    }

    /** "finished", "uncaught exception", "OutOfMemoryError", or "" when the child printed nothing for the worker. */
    private static String outcomeOf(List<String> out, int id) {
        String prefix = "worker " + id + " ";
        synchronized (out) {
            for (String l : out) if (l.startsWith(prefix)) return l.substring(prefix.length()).trim();
        }
        return "";
    }

    private static long countFinished(DataTable t, String setup) {
        DataTable s = t.where("setup", setup);
        long n = 0;
        for (int i = 0; i < s.size(); i++) if (s.get(i, "finished").equals("yes")) n++;
        return n;
    }

    private static ProcessBuilder child(String... args) {
        return new ProcessBuilder(ChildJvm.command(List.of(), Child.class, args)).redirectErrorStream(true);
    }

    private static List<String> collect(Crew readers, Process p) {
        return collect(readers, p, null);
    }

    /** Reads a child's stdout (and stderr, merged) line by line on a thread of the crew. */
    private static List<String> collect(Crew readers, Process p, CountDownLatch started) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        readers.start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean counted = false;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (started != null && !counted && line.startsWith("started")) {
                        started.countDown();
                        counted = true;
                    }
                }
            } catch (IOException e) {
                // the process was killed: its stream closes under us
            }
        });
        return lines;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker processes did not start within " + CHILD_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        }
    }

    private static int valueAfter(List<String> out, String key) {
        for (String l : out) if (l.startsWith(key + " ")) return Integer.parseInt(l.substring(key.length() + 1).trim());
        throw new IllegalStateException("child printed no '" + key + "' line; it printed " + out);
    }

    private static void requireExit(int exit, int expected, String who, List<String> out) {
        if (exit != expected) throw new IllegalStateException(who + " exited with " + exit + "; output: " + out);
    }
}
