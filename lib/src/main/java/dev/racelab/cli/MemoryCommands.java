package dev.racelab.cli;

import dev.racelab.core.Result;
import dev.racelab.memory.Reordering;
import dev.racelab.memory.Visibility;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Notebook 09 (the memory model) from the terminal. */
final class MemoryCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(VisibilityCmd.class, ReorderingCmd.class);
    private MemoryCommands() {}

    static final class Parts extends Words {
        Parts() {
            super("reordering", "publication", "happens-before");
        }
    }

    @Command(name = "visibility", description = "A worker spinning on a plain or volatile stop flag, in child JVMs: how long until it stops, or never.")
    static final class VisibilityCmd extends ExperimentCommand {
        @Option(names = "--plain-jvms", description = "child JVMs with the plain flag (" + Visibility.PLAIN_JVMS_RANGE + "; default from the profile)")
        Integer plainJvms;
        @Option(names = "--runs-per-jvm", description = "runs per plain-flag JVM at most (" + Visibility.RUNS_PER_JVM_RANGE + ")")
        Integer runsPerJvm;
        @Option(names = "--volatile-runs", description = "runs with the volatile flag, in one JVM (" + Visibility.VOLATILE_RUNS_RANGE + ")")
        Integer volatileRuns;
        @Option(names = "--limit-ms", description = "a worker not stopped this long after the flag never stops (" + Visibility.LIMIT_MILLIS_RANGE + ")")
        Integer limitMs;
        @Option(names = "--seconds", description = "time budget in seconds (" + Visibility.SECONDS_RANGE + ")")
        Double seconds;

        @Override
        protected Result run() {
            Visibility v = Visibility.defaults();
            ifGiven(plainJvms, v::plainJvms);
            ifGiven(runsPerJvm, v::runsPerJvm);
            ifGiven(volatileRuns, v::volatileRuns);
            ifGiven(limitMs, v::limitMillis);
            ifGiven(seconds, v::seconds);
            return v.run();
        }
    }

    @Command(name = "reordering", description = "Notebook 09's JCStress tests in one run: store buffering, message passing, publication.")
    static final class ReorderingCmd extends ExperimentCommand {
        @Option(names = "--part", defaultValue = "reordering", completionCandidates = Parts.class,
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        String part;
        @Option(names = "--seconds", defaultValue = "120", description = "time budget in seconds (" + Reordering.SECONDS_RANGE + ")")
        double seconds;

        @Override
        protected Result run() {
            String p = new Parts().check("--part", part);
            Reordering r = Reordering.run(seconds);
            return switch (p) {
                case "publication" -> r.publication();
                case "happens-before" -> r.happensBefore();
                default -> r.reordering();
            };
        }
    }
}
