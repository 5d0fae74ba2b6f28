package dev.racelab.cli;

import dev.racelab.cli.BenchCommand.Figure;
import dev.racelab.core.Result;
import dev.racelab.scheduling.ContextSwitches;
import dev.racelab.scheduling.SlowExports;
import dev.racelab.scheduling.SwitchCost;
import dev.racelab.scheduling.ThreadSweep;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Notebook 07's experiments from the terminal, and its benchmark group. */
final class SchedulingCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(SweepCmd.class, SwitchCmd.class, SwitchesCmd.class, ExportsCmd.class);
    private SchedulingCommands() {}

    /** Bench group "sched": the library's switch round trip next to perf bench sched pipe, in one run. */
    static List<Figure> bench(boolean smoke) {
        SwitchCost.SwitchResult r = SwitchCost.of().rounds(smoke ? 2_000 : 50_000).spin(false).perfRuns(smoke ? 2 : 5)
                .seconds(smoke ? 4 : 30).run();
        List<Figure> out = new ArrayList<>();
        out.add(new Figure("switch_roundtrip_us", r.value("park_unpark_median_us"), "us (median round trip, park/unpark, unpinned: mixes switches and cross-core wake-ups)"));
        out.add(new Figure("switch_roundtrip_queue_us", r.value("synchronous_queue_median_us"), "us (median, SynchronousQueue, unpinned)"));
        if (r.pinned()) {
            out.add(new Figure("switch_same_cpu_us", r.value("park_unpark_same_cpu_median_us"),
                    "us (median park/unpark round trip = 2 context switches, both threads pinned to one CPU) " + r.interval("park_unpark_same_cpu_median_us").bracket("%.2f")));
            if (r.summary().strings("figure").contains("park_unpark_cross_cpu_median_us")) {
                out.add(new Figure("wakeup_cross_cpu_us", r.value("park_unpark_cross_cpu_median_us"),
                        "us (median park/unpark round trip, threads pinned to two CPUs: cross-core wake-ups, no switch) " + r.interval("park_unpark_cross_cpu_median_us").bracket("%.2f")));
            }
        } else {
            out.add(new Figure("switch_same_cpu_us", Double.NaN, "(skipped: threads could not be pinned; taskset and Linux needed)"));
        }
        if (r.perfRan()) {
            if (r.summary().strings("figure").contains("perf_sched_pipe_same_cpu_us")) {
                out.add(new Figure("perf_sched_pipe_same_cpu_us", r.value("perf_sched_pipe_same_cpu_us"),
                        "us (perf bench sched pipe round trip under taskset -c, median of runs' means) " + r.interval("perf_sched_pipe_same_cpu_us").bracket("%.2f")));
            } else {
                out.add(new Figure("perf_sched_pipe_same_cpu_us", Double.NaN, "(skipped: could not pin)"));
            }
            out.add(new Figure("perf_sched_pipe_us", r.value("perf_sched_pipe_us"), "us (perf bench sched pipe, unpinned, median of runs' means)"));
        } else {
            out.add(new Figure("perf_sched_pipe_same_cpu_us", Double.NaN, "(skipped: perf is not installed)"));
            out.add(new Figure("perf_sched_pipe_us", Double.NaN, "(skipped: perf is not installed)"));
        }
        return out;
    }

    @Command(name = "thread-sweep", description = "The same work per thread on 1..32 threads, register-only and with a cached working set: throughput by thread count.")
    static final class SweepCmd extends ExperimentCommand {
        @Option(names = "--threads", split = ",", description = "thread counts, each " + ThreadSweep.THREADS_RANGE + " (default 1,2,4,8,16; full profile up to 64)")
        int[] threads;
        @Option(names = "--per-thread-ms", description = "work per thread in ms of one core (" + ThreadSweep.PER_THREAD_MILLIS_RANGE + ")")
        Double perThreadMs;
        @Option(names = "--working-set-kb", description = "each thread's working set in KiB (" + ThreadSweep.WORKING_SET_KB_RANGE + "; default 256)")
        Integer workingSetKb;
        @Option(names = "--repeats", description = "repeats per thread count (" + ThreadSweep.REPEATS_RANGE + ")")
        Integer repeats;
        @Mixin
        CommonOptions.Seconds seconds;

        @Override
        protected Result run() {
            ThreadSweep s = ThreadSweep.of();
            ifGiven(threads, s::threads);
            ifGiven(perThreadMs, s::perThreadMillis);
            ifGiven(workingSetKb, s::workingSetKb);
            ifGiven(repeats, s::repeats);
            seconds.to(s::seconds);
            return s.run();
        }
    }

    @Command(name = "switch-cost", description = "Round trips of a token between two threads; perf bench sched pipe where installed.")
    static final class SwitchCmd extends ExperimentCommand {
        @Option(names = "--rounds", description = "round trips per method (" + SwitchCost.ROUNDS_RANGE + ")")
        Integer rounds;
        @Option(names = "--no-spin", description = "leave out the spinning baseline")
        boolean noSpin;
        @Option(names = "--no-perf", description = "do not run perf")
        boolean noPerf;
        @Option(names = "--no-pin", description = "do not pin threads (one CPU, two CPUs) with taskset")
        boolean noPin;
        @Option(names = "--perf-runs", description = "runs of each perf configuration (" + SwitchCost.PERF_RUNS_RANGE + ")")
        Integer perfRuns;
        @Mixin
        CommonOptions.Seconds seconds;

        @Override
        protected Result run() {
            SwitchCost s = SwitchCost.of().spin(!noSpin).perf(!noPerf).pinned(!noPin);
            ifGiven(perfRuns, s::perfRuns);
            ifGiven(rounds, s::rounds);
            seconds.to(s::seconds);
            return s.run();
        }
    }

    @Command(name = "context-switches", description = "Voluntary and involuntary context switches per thread (Linux /proc).")
    static final class SwitchesCmd extends ExperimentCommand {
        @Option(names = "--handoffs", description = "ping-pong round trips (" + ContextSwitches.HANDOFFS_RANGE + ")")
        Integer handoffs;
        @Option(names = "--cpu-ms", description = "CPU work per thread in ms (" + ContextSwitches.CPU_MILLIS_RANGE + ")")
        Double cpuMs;
        @Option(names = "--threads-per-core", description = "threads per core when oversubscribed (" + ContextSwitches.THREADS_PER_CORE_RANGE + "; default 4)")
        Integer perCore;

        @Override
        protected Result run() {
            ContextSwitches c = ContextSwitches.of();
            ifGiven(handoffs, c::handoffs);
            ifGiven(cpuMs, c::cpuMillis);
            ifGiven(perCore, c::oversubscription);
            return c.run();
        }
    }

    @Command(name = "slow-exports", description = "Fast requests and a few slow exports: shared pool, bulkhead, virtual threads.")
    static final class ExportsCmd extends ExperimentCommand {
        @Option(names = "--workers", description = "workers of the shared pool (" + SlowExports.WORKERS_RANGE + "; default 4)")
        Integer workers;
        @Option(names = "--exports", description = "slow exports arriving together (" + SlowExports.EXPORTS_RANGE + "; default 4)")
        Integer exports;
        @Option(names = "--export-workers", description = "workers of the export pool behind the bulkhead (" + SlowExports.EXPORT_WORKERS_RANGE + "; default 2)")
        Integer exportWorkers;
        @Option(names = "--export-ms", description = "length of one export in ms (" + SlowExports.EXPORT_MILLIS_RANGE + ")")
        Long exportMs;
        @Option(names = "--duration-ms", description = "length of the traffic in ms (" + SlowExports.DURATION_MILLIS_RANGE + ")")
        Long durationMs;
        @Option(names = "--interval-ms", description = "ms between fast requests (" + SlowExports.INTERVAL_MILLIS_RANGE + "; default 2)")
        Double intervalMs;

        @Override
        protected Result run() {
            SlowExports s = SlowExports.of();
            ifGiven(workers, s::workers);
            ifGiven(exports, s::exports);
            ifGiven(exportWorkers, s::exportWorkers);
            ifGiven(exportMs, s::exportMillis);
            ifGiven(durationMs, s::durationMillis);
            ifGiven(intervalMs, s::intervalMillis);
            return s.run();
        }
    }
}
