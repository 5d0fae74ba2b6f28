package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Budget;
import dev.racelab.core.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The check behind {@code Checks} for a worker pool that survives a crash (notebook 06); see the facade for what it asks of the learner. */
final class WorkerPoolCheck {
    private WorkerPoolCheck() {}

    /** The input that crashes its worker on every attempt in the check's second part. */
    static final long POISON = 666_666;

    /**
     * Part 1: 12 inputs, and two of the worker's calls crash their process mid-task — every result must still come
     * back, in order, exactly right. Part 2: one input crashes its worker on every attempt — runAll must give up
     * after at most 3 attempts and throw. After each part no worker process may be left running.
     */
    static Verdict workerPool(String title, Supervisor supervisor) {
        Require.notNull("supervisor", supervisor);
        return Exercise.check(title, () -> {
            List<Long> inputs = new ArrayList<>();
            for (int i = 0; i < 12; i++) inputs.add(200_000L + 97_531L * i);
            java.util.Set<Integer> crashAt = java.util.Set.of(3, 8);
            try (dev.racelab.core.ChildProcesses kids = new dev.racelab.core.ChildProcesses()) {
                AtomicInteger calls = new AtomicInteger(), crashes = new AtomicInteger(), poisonCalls = new AtomicInteger();
                List<WorkerProcess> started = java.util.Collections.synchronizedList(new ArrayList<>());
                AtomicInteger aliveMax = new AtomicInteger();
                // part 1 needs 2 workers + 2 replacements; part 2 at most 2 + 2 retries of the poisoned input: a small
                // cap stops a retry loop that never gives up after a few JVM starts, not after a time limit a busy
                // machine could reach first
                AtomicInteger cap = new AtomicInteger(20);
                WorkerProcess.Faults faults = input -> {
                    if (input == POISON) {
                        poisonCalls.incrementAndGet();
                        return true;
                    }
                    boolean crash = crashAt.contains(calls.incrementAndGet());
                    if (crash) crashes.incrementAndGet();
                    return crash;
                };
                WorkerProcess.Factory factory = () -> {
                    Budget.checkInterrupt();
                    if (started.size() >= cap.get()) {
                        throw new IllegalStateException(cap.get() + " worker processes started already: is a retry loop running away?");
                    }
                    WorkerProcess w = WorkerProcess.start(kids, faults);
                    started.add(w);
                    int running = (int) started.stream().filter(WorkerProcess::isAlive).count();
                    aliveMax.accumulateAndGet(running, Math::max);
                    return w;
                };
                long t0 = System.nanoTime();
                List<Long> results;
                try {
                    results = Exercise.runWithin(() -> supervisor.runAll(List.copyOf(inputs), factory), Duration.ofSeconds(30));
                } catch (WorkerProcess.Died e) {
                    return Exercise.fail("runAll threw WorkerProcess.Died: %s — catch it, close that worker, start a new "
                            + "one and compute the input again", e.getMessage());
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                List<WorkerProcess> left = running(started);
                if (results == null || results.size() != inputs.size()) {
                    return Exercise.fail("runAll returned %s results for %d inputs (%d worker crashes on the way)",
                            results == null ? "null instead of" : String.valueOf(results.size()), inputs.size(), crashes.get());
                }
                for (int i = 0; i < inputs.size(); i++) {
                    long want = dev.racelab.processes.Workload.cpu(inputs.get(i));
                    if (results.get(i) == null || results.get(i) != want) {
                        return Exercise.fail("result %d is %s, expected %d (the worker computes Workload.cpu(%d)); "
                                + "are the results in the order of the inputs?", i, results.get(i), want, inputs.get(i));
                    }
                }
                if (crashes.get() < crashAt.size()) {
                    return Exercise.fail("only %d calls reached a worker: every input needs one compute call", calls.get());
                }
                if (!left.isEmpty()) {
                    return Exercise.fail("all %d results right, but %d worker process(es) still ran after runAll returned: "
                            + "close every worker you start (pids %s)", inputs.size(), left.size(),
                            left.stream().map(w -> String.valueOf(w.pid())).toList());
                }
                int startedPart1 = started.size(), maxPart1 = aliveMax.get();
                // part 2: a task that crashes every time
                started.clear();
                cap.set(8);
                List<Long> poisoned = List.of(inputs.get(0), POISON, inputs.get(1));
                Exception thrown = null;
                try {
                    Exercise.runWithin(() -> supervisor.runAll(poisoned, factory), Duration.ofSeconds(30));
                } catch (IllegalStateException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith(cap.get() + " worker processes started")) {
                        return Exercise.fail("the input that crashes every time was tried %d times (%d processes started): "
                                + "give up after 3 attempts", poisonCalls.get(), started.size());
                    }
                    if (e.getMessage() != null && e.getMessage().startsWith("your code did not finish")) throw e;
                    thrown = e;
                } catch (Exception e) {
                    if (Exercise.notYetIn(e) != null) throw e;
                    thrown = e;
                }
                List<WorkerProcess> left2 = running(started);
                if (thrown == null) {
                    return Exercise.fail("runAll returned although input %d crashed its worker on all %d attempts: give up "
                            + "after 3 attempts and throw an exception that names the input", POISON, poisonCalls.get());
                }
                if (poisonCalls.get() > 3) {
                    return Exercise.fail("the input that crashes every time was tried %d times: give up after 3 attempts",
                            poisonCalls.get());
                }
                if (!left2.isEmpty()) {
                    return Exercise.fail("runAll gave up as it should, but left %d worker process(es) running: close "
                            + "workers in a finally block", left2.size());
                }
                Exercise.Outcome o = Exercise.pass("%d of %d results right after %d worker crashes (%d processes started, "
                        + "%.0f ms); an input that crashed every time was tried %d times, then runAll threw %s; no worker "
                        + "process left running", inputs.size(), inputs.size(), crashes.get(), startedPart1, ms,
                        poisonCalls.get(), describe(thrown));
                if (maxPart1 < 2) {
                    o.detail("Your pool ran one worker process at a time. Try two (one virtual thread each, taking inputs "
                            + "from a shared counter): on 2 cores the results come back about twice as fast.");
                }
                return o;
            }
        });
    }

    /** An exception as "Type (message)", looking through the wrappers an executor adds. */
    static String describe(Throwable e) {
        while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    private static List<WorkerProcess> running(List<WorkerProcess> started) {
        synchronized (started) {
            return started.stream().filter(WorkerProcess::isAlive).toList();
        }
    }
}
