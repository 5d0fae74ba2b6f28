package dev.racelab.processes;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker dies mid-task. In a pool of processes the pool notices, starts a replacement and retries the task:
 * every result still arrives, exactly once. A thread pool cannot lose one thread that way: killing a worker means
 * killing the process that holds all of them, and every unfinished task is gone. A task that merely throws is
 * the thread pool's gentle case: that one task fails, the pool carries on.
 * {@code PoolCrash.of().run()}
 */
public final class PoolCrash {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private int workers = 3;
    private int tasks = 12;
    private long taskMillis = 150;

    private PoolCrash() {}

    public static PoolCrash of() {
        return new PoolCrash();
    }

    /** A range {@code workers} checks; its terminal option's help names the same constant. */
    public static final String WORKERS_RANGE = "2..16";

    public PoolCrash workers(int n) {
        this.workers = Require.inRange("workers", n, WORKERS_RANGE);
        return this;
    }

    /** Tasks per setup; at least two waves, so a worker is killed while others still wait (2×workers..1,000). */
    public PoolCrash tasks(int n) {
        this.tasks = Require.inRange("tasks", n, 2 * workers, 1_000);
        return this;
    }

    /** A range {@code taskMillis} checks; its terminal option's help names the same constant. */
    public static final String TASK_MILLIS_RANGE = "20..5000";

    public PoolCrash taskMillis(long ms) {
        this.taskMillis = Require.inRange("task length (ms)", ms, TASK_MILLIS_RANGE);
        return this;
    }

    public CrashResult run() {
        Result.Builder b = Result.builder("pool-crash", String.format(Locale.ROOT,
                        "A worker dies mid-task: %d workers, %d tasks of %d ms", workers, tasks, taskMillis))
                .param("workers", workers).param("tasks", tasks).param("task_ms", taskMillis);
        DataTable t = new DataTable("setup", "tasks", "results", "distinct", "failed", "lost", "retried", "exit_code", "what happened");
        DataTable events = new DataTable("at_ms", "worker", "pid", "event", "task", "exit_code");
        int waveDone = workers; // kill once the first wave of results is in, halfway into the next task

        // 1. a pool of processes: worker 1 is killed
        AtomicLong killedPid = new AtomicLong(-1);
        AtomicLong killedTask = new AtomicLong(-1);
        try (ProcessPool pool = ProcessPool.start(workers); Crew chaos = Crew.platform("chaos")) {
            AtomicInteger arrived = new AtomicInteger();
            chaos.start(() -> {
                waitFor(() -> arrived.get() >= waveDone && pool.busyWith(1) >= 0, chaos);
                sleep(taskMillis / 2);
                killedTask.set(pool.busyWith(1));
                killedPid.set(pool.kill(1));
            });
            List<ProcessPool.Outcome> out = pool.run(ProcessPool.tasks("sleep", taskMillis, tasks), TIMEOUT, arrived::set);
            chaos.joinAll(Duration.ofSeconds(10));
            Set<Long> ids = new HashSet<>();
            for (ProcessPool.Outcome o : out) if (o != null) ids.add(o.id());
            long retried = out.stream().filter(o -> o.attempts() > 1).count();
            int code = pool.events().stream().filter(e -> e.what().equals("crashed")).mapToInt(ProcessPool.Event::exitCode).findFirst().orElse(0);
            t.add("process pool, a worker killed", tasks, out.size(), ids.size(),
                    out.stream().filter(o -> !o.ok()).count(), tasks - ids.size(), retried, code,
                    String.format(Locale.ROOT, "worker 1 (pid %d) killed during task %d; replaced; task retried; pool duplicates: %d",
                            killedPid.get(), killedTask.get(), pool.duplicates()));
            for (ProcessPool.Event e : pool.events()) {
                events.add(e.atMs(), e.worker(), Long.toString(e.pid()), e.what(), e.taskId() < 0 ? "" : Long.toString(e.taskId()), e.exitCode());
            }
            b.figure("process_pool_results", out.size(), "of " + tasks);
            b.figure("process_pool_distinct_results", ids.size(), "of " + tasks);
            b.figure("process_pool_duplicates", pool.duplicates(), "");
            b.figure("process_pool_retried", retried, "tasks");
            b.figure("killed_task", killedTask.get(), "");
        }

        // 2. a thread pool inside one process: killing "a worker" means killing the process
        try (ChildProcesses kids = new ChildProcesses(); Crew readers = Crew.platform("tpool-read")) {
            Process p = kids.start(new ProcessBuilder(ChildJvm.command(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData"),
                    PoolWorker.class, "threadpool", Integer.toString(workers), Integer.toString(tasks), Long.toString(taskMillis)))
                    .redirectErrorStream(true));
            AtomicInteger ok = new AtomicInteger();
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            readers.start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        if (line.startsWith("OK ")) ok.incrementAndGet();
                    }
                } catch (IOException e) {
                    // killed: the stream ends
                }
            });
            waitFor(() -> ok.get() >= waveDone || !p.isAlive(), null);
            sleep(taskMillis / 2);
            p.destroyForcibly();
            int code = kids.waitFor(p, Duration.ofSeconds(10));
            readers.joinAll(Duration.ofSeconds(10));
            int got = ok.get();
            t.add("thread pool, its process killed", tasks, got, got, 0, tasks - got, 0, code,
                    "every thread died with the process; unfinished tasks are lost, nobody retries them");
            b.figure("thread_pool_results_after_kill", got, "of " + tasks);
        }

        // 3. the thread pool's own failure mode: a task throws, the pool carries on
        try (ExecutorService pool = Executors.newFixedThreadPool(workers,
                Thread.ofPlatform().name("racelab-throws-", 0).daemon(true).factory())) {
            int bad = tasks / 2;
            List<Future<Long>> fs = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int id = i;
                fs.add(pool.submit(() -> {
                    if (id == bad) throw new IllegalStateException("task " + id + " failed");
                    return Workload.sleep(Math.min(taskMillis, 20));
                }));
            }
            int okCount = 0;
            int failed = 0;
            for (Future<Long> f : fs) {
                try {
                    f.get();
                    okCount++;
                } catch (ExecutionException e) {
                    failed++;
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    throw Budget.interrupted();
                }
            }
            boolean stillWorks;
            try {
                stillWorks = pool.submit(() -> Workload.run("echo", 7)).get() == 7;
            } catch (InterruptedException e) {
                throw Budget.interrupted();
            } catch (ExecutionException e) {
                stillWorks = false;
            }
            t.add("thread pool, a task throws", tasks, okCount + failed, okCount + failed, failed, tasks - okCount - failed, 0, 0,
                    "the exception comes back in that task's Future; the pool " + (stillWorks ? "keeps working" : "stopped working"));
            b.figure("thread_pool_exception_results", okCount + failed, "of " + tasks + " (" + failed + " an exception)");
            b.figure("thread_pool_exception_failed", failed, "tasks that threw");
        }
        b.samples(t).showSamples();
        b.explainer(PoolExplain::crash);
        b.note("Killed at the same moment in setups 1 and 2: once " + waveDone + " results were in, halfway into the next task.");
        b.chart(r -> {
            Map<String, Map<String, Number>> v = new LinkedHashMap<>();
            v.put("results that arrived", new LinkedHashMap<>());
            v.put("an exception instead of a result", new LinkedHashMap<>());
            v.put("tasks lost", new LinkedHashMap<>());
            for (Object[] row : r.samples().rows()) {
                String setup = (String) row[0];
                v.get("results that arrived").put(setup, ((Number) row[2]).longValue() - ((Number) row[4]).longValue());
                v.get("an exception instead of a result").put(setup, (Number) row[4]);
                v.get("tasks lost").put(setup, (Number) row[5]);
            }
            return Charts.wrapCategoryLabels(Charts.bars("One worker fails: what still arrives", "", "tasks", v, false), 2);
        });
        return new CrashResult(b, events);
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, Crew crew) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!cond.getAsBoolean()) {
            if (crew != null && crew.stopping()) throw new Budget.Cancelled();
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("the crash demo did not reach its kill point within " + TIMEOUT.toSeconds() + " s");
            sleep(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        }
    }

    /** The crash demo with the pool's event log. */
    public static final class CrashResult extends Result {
        private final DataTable events;

        CrashResult(Result.Builder b, DataTable events) {
            super(b);
            this.events = events;
        }

        /** What the process pool saw, in order: workers started, the crash, the requeued task, the replacement. */
        public DataTable events() {
            return events;
        }
    }
}
