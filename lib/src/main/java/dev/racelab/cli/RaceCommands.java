package dev.racelab.cli;

import dev.racelab.core.Budget;
import dev.racelab.core.Result;
import dev.racelab.race.Classic;
import dev.racelab.race.CounterKind;
import dev.racelab.race.Interleavings;
import dev.racelab.race.StartGate;
import dev.racelab.race.Sweep;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Notebook 02's experiments from the terminal. */
final class RaceCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(ClassicCmd.class, GateCmd.class, SweepCmd.class, InterleavingsCmd.class);
    private RaceCommands() {}

    /** The counters by name, as CounterKind.parse takes them. */
    static final class Counters extends Words {
        Counters() {
            super(CounterKind.values(), false);
        }
    }

    static final class Programs extends Words {
        Programs() {
            super(Classic.Program.values(), true);
        }
    }

    static final class JitModes extends Words {
        JitModes() {
            super(Classic.Jit.values(), false);
        }
    }

    @Command(name = "race-classic", description = "The classic program (two threads × count++), one fresh JVM per run.")
    static final class ClassicCmd extends ExperimentCommand {
        @Option(names = "--program", defaultValue = "book", completionCandidates = Programs.class,
                description = "${COMPLETION-CANDIDATES}: as books print it, with nanoTime stamps, with the bound from --increments, both; default ${DEFAULT-VALUE}")
        String program;
        @Option(names = "--jit", defaultValue = "default", completionCandidates = JitModes.class,
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        String jit;
        @Option(names = "--pinned", description = "run every JVM on one CPU (taskset), as on a one-core machine")
        boolean pinned;
        @Option(names = "--runs", description = "number of runs (" + Classic.RUNS_RANGE + "; default from the profile)")
        Integer runs;
        @Option(names = "--precision", description = "stop when the 95%% interval of the exact share is this wide (" + Classic.PRECISION_RANGE + "; 1: off)")
        Double precision;
        @Mixin
        CommonOptions.Increments increments;
        @Option(names = "--in-process", description = "run in this JVM (its JIT state as it is) instead of one JVM per run")
        boolean inProcess;
        @Option(names = "--jvm-arg", paramLabel = "OPTION", description = "option for each child JVM, e.g. --jvm-arg=-XX:+UseSerialGC")
        String[] jvmArgs;
        @Mixin
        CommonOptions.Seconds seconds;

        @Override
        protected Result run() {
            Integer increments = this.increments.increments;
            Classic c;
            if (inProcess) {
                c = Classic.inProcess();
            } else {
                Classic.Program p = Classic.Program.parse(program);
                if (increments != null && !p.sized() && increments != Classic.BOOK_INCREMENTS) p = p.timed() ? Classic.Program.SIZED_TIMED : Classic.Program.SIZED;
                c = Classic.of(p).jit(Classic.Jit.parse(jit));
                if (pinned) c.pinned();
                ifGiven(precision, c::precision);
                ifGiven(jvmArgs, c::jvmArgs);
            }
            ifGiven(runs, c::runs);
            this.increments.to(c::increments);
            seconds.to(c::seconds);
            return c.run();
        }
    }

    @Command(name = "race-gate", description = "The fair race: a start gate releases the threads together, many trials.")
    static final class GateCmd extends ExperimentCommand {
        @Option(names = "--counter", defaultValue = "plain_static", completionCandidates = Counters.class,
                description = "one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        String counter;
        @Mixin
        CommonOptions.Threads threads;
        @Mixin
        CommonOptions.Increments increments;
        @Mixin
        CommonOptions.Trials trials;
        @Option(names = "--seconds", description = "time budget in seconds (" + StartGate.SECONDS_RANGE + ")")
        Double seconds;
        @Option(names = "--until-loss", description = "stop at the first trial that loses an update")
        boolean untilLoss;

        @Override
        protected Result run() {
            StartGate g = StartGate.of(CounterKind.parse(counter));
            if (untilLoss) g.untilLoss();
            threads.to(g::threads);
            increments.to(g::increments);
            trials.to(g::trials);
            ifGiven(seconds, g::seconds);
            return g.run();
        }
    }

    @Command(name = "race-sweep", description = "Start-gate trials over counters × threads × increments (or --jit: fresh JVMs, JIT vs -Xint).")
    static final class SweepCmd extends ExperimentCommand {
        @Option(names = "--jit", description = "sweep the classic program in fresh JVMs, JIT versus interpreter")
        boolean jit;
        @Option(names = "--counters", split = ",", completionCandidates = Counters.class,
                description = "comma-separated, from: ${COMPLETION-CANDIDATES}")
        List<String> counters;
        @Mixin
        CommonOptions.ThreadCounts threads;
        @Option(names = "--increments", split = ",", description = "comma-separated increment counts (" + Budget.INCREMENTS_RANGE + ")")
        int[] increments;
        @Option(names = "--trials", description = "trials (or runs) per point (" + Budget.TRIALS_RANGE + ")")
        Integer trials;
        @Option(names = "--seconds-per-point", description = "time budget per point (" + Sweep.SECONDS_PER_POINT_RANGE + ")")
        Double seconds;

        @Override
        protected Result run() {
            Sweep s = jit ? Sweep.jit() : Sweep.gate();
            if (counters != null) {
                if (jit) throw new IllegalArgumentException("--counters does not apply to --jit (it runs the classic program)");
                s.kinds(counters.stream().map(CounterKind::parse).toArray(CounterKind[]::new));
            }
            threads.to(s::threads);
            ifGiven(increments, s::increments);
            ifGiven(trials, s::trials);
            ifGiven(seconds, s::secondsPerPoint);
            return s.run();
        }
    }

    @Command(name = "interleavings", description = "Every interleaving of 2 threads × k count++, counted exactly; or replay one.")
    static final class InterleavingsCmd extends ExperimentCommand {
        @Option(names = "--k", defaultValue = "4", description = "increments per thread (1.." + Interleavings.MAX_K + "; default ${DEFAULT-VALUE})")
        int k;
        @Option(names = "--replay", paramLabel = "SCHEDULE", description = "replay a schedule of A and B steps, e.g. ABABAB")
        String replay;
        @Option(names = "--initial", defaultValue = "0", description = "initial value for --replay (default ${DEFAULT-VALUE})")
        int initial;

        @Override
        protected Result run() {
            return replay != null ? Interleavings.replay(initial, replay) : Interleavings.of(k).run();
        }
    }
}
