package dev.racelab.cli;

import dev.racelab.core.Result;
import dev.racelab.modelcheck.ModelCheck;
import dev.racelab.race.CounterKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The model checker (issue 14) from the terminal: the losing interleaving of a counter, a deadlock, your own file. */
final class ModelCheckCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(ModelCheckCmd.class);
    private ModelCheckCommands() {}

    static final class Codes extends Words {
        Codes() {
            super("classic", "volatile", "synchronized", "atomic", "deadlock", "never-ends");
        }
    }

    @Command(name = "model-check", description = "Lincheck's model checker: finds the interleaving that breaks the code "
            + "and prints it, one column per thread.")
    static final class ModelCheckCmd extends ExperimentCommand {
        @Option(names = "--code", defaultValue = "classic", completionCandidates = Codes.class,
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        String code;
        @Option(names = "--source", description = "a .java file: a class implementing dev.racelab.race.Counter, or "
                + "with thread1(), thread2(), … and optionally String check(); replaces --code")
        Path source;
        @Option(names = "--increments", description = "increments per thread for a counter (" + ModelCheck.INCREMENTS_RANGE + "; default 1)")
        Integer increments;
        @Option(names = "--threads", description = "threads for a counter (" + ModelCheck.THREADS_RANGE + "; default 2)")
        Integer threads;
        @Option(names = "--invocations", description = "most interleavings to try (" + ModelCheck.INVOCATIONS_RANGE + "; default 10000)")
        Integer invocations;
        @Option(names = "--seconds", description = "time budget of the check (" + ModelCheck.SECONDS_RANGE + "; default 20)")
        Double seconds;

        @Override
        protected Result run() {
            ModelCheck m;
            if (source != null) {
                try {
                    m = ModelCheck.source(Files.readString(source));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
                }
            } else {
                m = switch (new Codes().check("--code", code)) {
                    case "classic" -> ModelCheck.classic();
                    case "volatile" -> ModelCheck.counter(CounterKind.VOLATILE);
                    case "synchronized" -> ModelCheck.counter(CounterKind.SYNCHRONIZED);
                    case "atomic" -> ModelCheck.counter(CounterKind.ATOMIC_INTEGER);
                    case "deadlock" -> ModelCheck.deadlock();
                    case "never-ends" -> ModelCheck.neverEnds();
                    default -> throw new AssertionError(code);
                };
            }
            ifGiven(increments, m::increments);
            ifGiven(threads, m::threads);
            ifGiven(invocations, m::invocations);
            ifGiven(seconds, m::seconds);
            return m.run();
        }
    }
}
