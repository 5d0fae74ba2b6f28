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
 * Processes do not share memory and do not share fate; threads share both. Shown live with child JVMs.
 * {@code Isolation.memory()}, {@code Isolation.crash()}
 */
public final class Isolation {
    static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

    private Isolation() {}

    /** A child process changes its copy of a value, a thread changes a shared object: who sees what. */
    public static Result memory() {
        Result.Builder b = Result.builder("isolation-memory", "Who sees a write: a child process versus a thread");
        DataTable t = new DataTable("setup", "value before", "value written", "writer sees", "parent sees");
        Child.sharedValue = 42;

        try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("isolation-read")) {
            Process p = kids.start(child("isolation", "99"));
            List<String> out = collect(readers, p);
            int exit = kids.waitFor(p, CHILD_TIMEOUT);
            readers.joinAll(Duration.ofSeconds(5));
            requireExit(exit, 0, "isolation child", out);
            t.add("child process (its own memory)", Child.sharedValue, 99, valueAfter(out, "after"), Child.sharedValue);
        }

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
        b.figure("process_parent_sees", (Integer) t.get(0, "parent sees"), "");
        b.figure("thread_parent_sees", (Integer) t.get(1, "parent sees"), "");
        return b.build();
    }

    /** One worker process killed mid-task versus one thread halting the JVM it shares with the others. */
    public static Result crash() {
        Result.Builder b = Result.builder("isolation-crash", "Who survives a crash: processes versus threads");
        DataTable t = new DataTable("setup", "worker", "finished", "exit code", "last line");
        int workers = 3;

        try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("crash-read")) {
            List<Process> ps = new ArrayList<>();
            List<List<String>> outs = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(workers);
            for (int i = 0; i < workers; i++) {
                Process p = kids.start(child("worker", Integer.toString(i), "700"));
                ps.add(p);
                outs.add(collect(readers, p, started));
            }
            await(started);
            ps.get(1).destroyForcibly(); // worker 1 crashes mid-task
            for (int i = 0; i < workers; i++) {
                int exit = kids.waitFor(ps.get(i), CHILD_TIMEOUT);
                readers.joinAll(Duration.ofSeconds(5));
                List<String> out = outs.get(i);
                boolean done = out.stream().anyMatch(l -> l.startsWith("done "));
                t.add("separate processes", i, done ? "yes" : "no", exit, out.isEmpty() ? "" : out.get(out.size() - 1));
            }
        }

        try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("crash-read")) {
            Process p = kids.start(child("threads", Integer.toString(workers), "5000", "150"));
            List<String> out = collect(readers, p);
            int exit = kids.waitFor(p, CHILD_TIMEOUT);
            readers.joinAll(Duration.ofSeconds(5));
            for (int i = 0; i < workers; i++) {
                List<String> mine = linesOf(out, i);
                boolean done = mine.stream().anyMatch(l -> l.startsWith("done "));
                String last = mine.isEmpty() ? "" : mine.get(mine.size() - 1);
                t.add("threads in one process", i, done ? "yes" : "no", exit, last);
            }
        }
        b.samples(t).showSamples();
        List<String> finished = t.strings("finished");
        List<String> setups = t.strings("setup");
        long procDone = countFinished(setups, finished, "separate processes");
        long threadDone = countFinished(setups, finished, "threads in one process");
        b.figure("processes_finished", procDone, "of " + workers);
        b.figure("threads_finished", threadDone, "of " + workers);
        return b.build();
    }

    private static ProcessBuilder child(String... args) {
        return new ProcessBuilder(ChildJvm.command(List.of(), Child.class, args)).redirectErrorStream(true);
    }

    /** The lines a child printed about worker {@code id}: "started 1", "done 1 4711". */
    private static List<String> linesOf(List<String> out, int id) {
        List<String> mine = new ArrayList<>();
        for (String l : out) {
            String[] w = l.split(" ");
            if (w.length > 1 && w[1].equals(Integer.toString(id))) mine.add(l);
        }
        return mine;
    }

    private static long countFinished(List<String> setups, List<String> finished, String setup) {
        long n = 0;
        for (int i = 0; i < setups.size(); i++) if (setups.get(i).equals(setup) && finished.get(i).equals("yes")) n++;
        return n;
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
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
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
