package dev.racelab.cli;

import static dev.racelab.cli.ExperimentCommand.ifGiven;

import dev.racelab.cli.BenchCommand.Figure;
import dev.racelab.core.Result;
import dev.racelab.processes.PoolComparison;
import dev.racelab.processes.PoolCrash;
import dev.racelab.processes.PoolMemory;
import dev.racelab.processes.PoolStartup;
import dev.racelab.processes.ProcessPool;
import dev.racelab.processes.PythonGil;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Notebook 06's experiments from the terminal, and its benchmark group. */
final class ProcessCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(StartupCmd.class, CpuCmd.class, IoCmd.class, CrashCmd.class, MemoryCmd.class, GilCmd.class);
    private ProcessCommands() {}

    /** Bench group "procpool": start-up per worker and per-task overhead, processes versus threads. */
    static List<Figure> bench(boolean smoke) {
        Result r = PoolStartup.of().workers(2).roundTrips(smoke ? 200 : 5_000).batches(smoke ? new int[] {10} : new int[] {1, 100, 10_000}).run();
        return List.of(
                new Figure("process_pool_startup_per_worker_ms", r.value("process_startup_per_worker_ms"), "ms (2 workers launched together)"),
                new Figure("thread_pool_startup_per_worker_ms", r.value("thread_startup_per_worker_ms"), "ms"),
                new Figure("process_pool_task_overhead_us", r.value("process_task_overhead_us"), "us (median round trip, empty task)"),
                new Figure("thread_pool_task_overhead_us", r.value("thread_task_overhead_us"), "us (median round trip, empty task)"),
                new Figure("process_vs_thread_task_overhead", r.value("task_overhead_ratio"), "x"),
                new Figure("process_vs_thread_startup", r.value("startup_ratio"), "x"));
    }

    static final class PoolOptions {
        @Option(names = "--workers", split = ",", description = "worker counts, each 1.." + ProcessPool.MAX_WORKERS + " (default from the profile: 1,2,4,8)")
        int[] workers;
        @Option(names = "--tasks", description = "tasks per batch (" + PoolComparison.TASKS_RANGE + ")")
        Integer tasks;
        @Option(names = "--task-ms", description = "work per task in ms (" + PoolComparison.TASK_MILLIS_RANGE + ")")
        Double taskMs;
        @Option(names = "--repeats", description = "timed batches per point (" + PoolComparison.REPEATS_RANGE + ")")
        Integer repeats;
        @picocli.CommandLine.Mixin
        CommonOptions.Seconds seconds;

        Result run(PoolComparison c) {
            ifGiven(workers, c::workers);
            ifGiven(tasks, c::tasks);
            ifGiven(taskMs, c::taskMillis);
            ifGiven(repeats, c::repeats);
            seconds.to(c::seconds);
            return c.run();
        }
    }

    @Command(name = "pool-cpu", description = "CPU-bound tasks on pools of processes, platform threads and virtual threads.")
    static final class CpuCmd extends ExperimentCommand {
        @picocli.CommandLine.Mixin
        PoolOptions options;

        @Override
        protected Result run() {
            return options.run(PoolComparison.cpu());
        }
    }

    @Command(name = "pool-io", description = "I/O-bound (blocking) tasks on pools of processes, platform threads and virtual threads.")
    static final class IoCmd extends ExperimentCommand {
        @picocli.CommandLine.Mixin
        PoolOptions options;

        @Override
        protected Result run() {
            return options.run(PoolComparison.io());
        }
    }

    @Command(name = "pool-startup", description = "Start-up per worker and per-task cost: worker processes versus threads.")
    static final class StartupCmd extends ExperimentCommand {
        @Option(names = "--workers", description = "workers (1.." + ProcessPool.MAX_WORKERS + "; default 2)")
        Integer workers;
        @Option(names = "--round-trips", description = "empty tasks timed one by one (" + PoolStartup.ROUND_TRIPS_RANGE + ")")
        Integer roundTrips;

        @Override
        protected Result run() {
            PoolStartup s = PoolStartup.of();
            ifGiven(workers, s::workers);
            ifGiven(roundTrips, s::roundTrips);
            return s.run();
        }
    }

    @Command(name = "pool-crash", description = "A worker dies mid-task: process pool (retry, exactly once) versus thread pool.")
    static final class CrashCmd extends ExperimentCommand {
        @Option(names = "--workers", description = "workers (" + PoolCrash.WORKERS_RANGE + "; default 3)")
        Integer workers;
        @Option(names = "--tasks", description = "tasks (2×workers..1000; default 12)")
        Integer tasks;
        @Option(names = "--task-ms", description = "task length in ms (" + PoolCrash.TASK_MILLIS_RANGE + "; default 150)")
        Long taskMs;

        @Override
        protected Result run() {
            PoolCrash c = PoolCrash.of();
            ifGiven(workers, c::workers);
            ifGiven(tasks, c::tasks);
            ifGiven(taskMs, c::taskMillis);
            return c.run();
        }
    }

    @Command(name = "pool-memory", description = "Resident memory of a worker process versus a platform or virtual thread (Linux).")
    static final class MemoryCmd extends ExperimentCommand {
        @Option(names = "--workers", description = "worker processes (1.." + ProcessPool.MAX_WORKERS + "; default 2)")
        Integer workers;

        @Override
        protected Result run() {
            PoolMemory m = PoolMemory.of();
            ifGiven(workers, m::workers);
            return m.run();
        }
    }

    @Command(name = "python-gil", description = "CPU-bound work serially, on threads and on processes: CPython next to Java.")
    static final class GilCmd extends ExperimentCommand {
        @Option(names = "--tasks", description = "tasks (" + PythonGil.TASKS_RANGE + ")")
        Integer tasks;
        @Option(names = "--task-ms", description = "work per task in ms (" + PythonGil.TASK_MILLIS_RANGE + ")")
        Double taskMs;
        @Option(names = "--workers", description = "threads and processes (1.." + ProcessPool.MAX_WORKERS + "; default: the core count, at least 2)")
        Integer workers;
        @Option(names = "--repeats", description = "timed batches per setup (" + PythonGil.REPEATS_RANGE + ")")
        Integer repeats;

        @Override
        protected Result run() {
            PythonGil g = PythonGil.of();
            ifGiven(tasks, g::tasks);
            ifGiven(taskMs, g::taskMillis);
            ifGiven(workers, g::workers);
            ifGiven(repeats, g::repeats);
            return g.run();
        }
    }
}
