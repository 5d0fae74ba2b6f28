package dev.racelab.cli;

import dev.racelab.basics.Isolation;
import dev.racelab.basics.SpawnCost;
import dev.racelab.core.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Notebook 01's experiments from the terminal. */
final class BasicsCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(SpawnCostCmd.class, MemoryCmd.class, CrashCmd.class);
    private BasicsCommands() {}

    @Command(name = "spawn-cost", description = "Start+join cost of threads, virtual threads, processes and JVMs.")
    static final class SpawnCostCmd extends ExperimentCommand {
        @Option(names = "--threads", description = "thread repetitions (" + SpawnCost.THREAD_REPS_RANGE + "; default from the profile)")
        Integer threads;
        @Option(names = "--processes", description = "child process repetitions (" + SpawnCost.PROCESS_REPS_RANGE + ")")
        Integer processes;
        @Option(names = "--jvms", description = "child JVM repetitions (" + SpawnCost.JVM_REPS_RANGE + ")")
        Integer jvms;
        @Mixin
        CommonOptions.Seconds seconds;

        @Override
        protected Result run() {
            SpawnCost s = SpawnCost.defaults();
            ifGiven(threads, s::threads);
            ifGiven(processes, s::processes);
            ifGiven(jvms, s::jvms);
            seconds.to(s::seconds);
            return s.run();
        }
    }

    @Command(name = "isolation-memory", description = "A child process and a thread each change a value: who sees it.")
    static final class MemoryCmd extends ExperimentCommand {
        @Override
        protected Result run() {
            return Isolation.memory();
        }
    }

    @Command(name = "isolation-crash", description = "One worker dies: separate processes versus threads in one process.")
    static final class CrashCmd extends ExperimentCommand {
        @Override
        protected Result run() {
            return Isolation.crash();
        }
    }
}
