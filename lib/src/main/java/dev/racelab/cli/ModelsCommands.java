package dev.racelab.cli;

import dev.racelab.core.Result;
import dev.racelab.models.ErrorProne;
import dev.racelab.models.EventLoop;
import dev.racelab.models.Gil;
import dev.racelab.models.Pinning;
import dev.racelab.models.RaceTools;
import dev.racelab.models.StartCost;
import dev.racelab.models.Throttle;
import dev.racelab.models.VirtualThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Notebook 08's experiments (other languages' concurrency models, in Java) from the terminal. */
final class ModelsCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(EventLoopCmd.class, GilCmd.class, SleepersCmd.class, PinningCmd.class, GuardedByCmd.class, ThrottleCmd.class, StartCostCmd.class, RaceToolsCmd.class);
    private ModelsCommands() {}

    static final class Handlers extends Words {
        Handlers() {
            super(EventLoop.Style.values(), false);
        }
    }

    static final class Parts extends Words {
        Parts() {
            super("cpu", "counter", "counter-one-step", "processes");
        }
    }

    static final class Languages extends Words {
        Languages() {
            super("rust", "go");
        }
    }

    @Command(name = "event-loop", description = "Node's event loop: read -> await -> write loses updates on one thread.")
    static final class EventLoopCmd extends ExperimentCommand {
        @Option(names = "--handler", defaultValue = "read_await_write", completionCandidates = Handlers.class,
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        String handler;
        @Option(names = "--requests", description = "requests per trial (" + EventLoop.REQUESTS_RANGE + "; default 100)")
        Integer requests;
        @Option(names = "--gap-us", description = "microseconds between arriving requests (" + EventLoop.GAP_MICROS_RANGE + "; default 50)")
        Integer gap;
        @Option(names = "--max-io-us", description = "longest simulated I/O in microseconds (" + EventLoop.MAX_IO_MICROS_RANGE + "; default 2000)")
        Integer maxIo;
        @Option(names = "--trials", description = "trials (" + EventLoop.TRIALS_RANGE + "; default from the profile)")
        Integer trials;
        @Option(names = "--seconds", description = "time budget in seconds (" + EventLoop.SECONDS_RANGE + ")")
        Double seconds;

        @Override
        protected Result run() {
            EventLoop.Style style = EventLoop.Style.valueOf(new Handlers().check("--handler", handler.replace('-', '_'))
                    .toUpperCase(Locale.ROOT));
            EventLoop e = EventLoop.of(style);
            ifGiven(requests, e::requests);
            ifGiven(gap, e::gapMicros);
            ifGiven(maxIo, e::maxIoMicros);
            ifGiven(trials, e::trials);
            ifGiven(seconds, e::seconds);
            return e.run();
        }
    }

    @Command(name = "gil", description = "A simulated global interpreter lock: CPU speed-up over threads, lost updates, processes.")
    static final class GilCmd extends ExperimentCommand {
        @Option(names = "--part", defaultValue = "cpu", completionCandidates = Parts.class,
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        String part;
        @Option(names = "--threads", split = ",", description = "thread counts for cpu (" + Gil.CPU_THREADS_RANGE + " each; default 1,2 quick, 1,2,4 full); threads for counter (" + Gil.COUNTER_THREADS_RANGE + ")")
        int[] threads;
        @Option(names = "--steps", description = "total steps for cpu / processes (" + Gil.STEPS_RANGE + ")")
        Integer steps;
        @Option(names = "--trials", description = "trials for counter (" + Gil.TRIALS_RANGE + ")")
        Integer trials;

        @Override
        protected Result run() {
            String part = new Parts().check("--part", this.part);
            return switch (part) {
                case "cpu" -> {
                    Gil.Cpu c = Gil.cpu();
                    ifGiven(threads, c::threads);
                    ifGiven(steps, c::steps);
                    yield c.run();
                }
                case "counter", "counter-one-step" -> {
                    Gil.Counter c = Gil.counter();
                    if (part.equals("counter-one-step")) c.oneStep();
                    ifGiven(threads, t -> c.threads(t[0]));
                    ifGiven(trials, c::trials);
                    yield c.run();
                }
                case "processes" -> {
                    Gil.Processes p = Gil.processes();
                    ifGiven(steps, p::steps);
                    yield p.run();
                }
                default -> throw new AssertionError(part);
            };
        }
    }

    @Command(name = "sleeping-threads", description = "Start N sleeping virtual (or platform) threads: time and memory.")
    static final class SleepersCmd extends ExperimentCommand {
        @Option(names = "--virtual", split = ",", defaultValue = "100000,1000000", description = "virtual-thread counts (" + VirtualThreads.VIRTUAL_RANGE + " each; default ${DEFAULT-VALUE})")
        int[] virtual;
        @Option(names = "--platform", split = ",", description = "platform-thread counts instead (1.." + VirtualThreads.MAX_PLATFORM + " each; capped by a safe bound)")
        int[] platform;
        @Option(names = "--sleep", description = "seconds each thread sleeps (" + VirtualThreads.SLEEP_SECONDS_RANGE + ")")
        Double sleep;

        @Override
        protected Result run() {
            VirtualThreads v = platform != null ? VirtualThreads.platform(platform) : VirtualThreads.virtual(virtual);
            ifGiven(sleep, v::sleep);
            return v.run();
        }
    }

    @Command(name = "pinning", description = "Virtual threads sleeping inside synchronized vs ReentrantLock, on this JDK (and other JDKs 21+ found).")
    static final class PinningCmd extends ExperimentCommand {
        @Option(names = "--other-jdks", description = "also measure on every other JDK 21+ in the usual folders")
        boolean others;

        @Override
        protected Result run() {
            return others ? Pinning.onOtherJdks() : Pinning.run();
        }
    }

    @Command(name = "guarded-by", description = "Compile a class with Error Prone's @GuardedBy check (or plain javac).")
    static final class GuardedByCmd extends ExperimentCommand {
        @Option(names = "--source", defaultValue = "unguarded",
                description = "racy, unguarded, guarded, or a path to a .java file (default: ${DEFAULT-VALUE})")
        String source;
        @Option(names = "--javac", description = "plain javac, without Error Prone")
        boolean plain;

        @Override
        protected Result run() {
            String code = switch (source) {
                case "racy" -> ErrorProne.RACY;
                case "unguarded" -> ErrorProne.UNGUARDED;
                case "guarded" -> ErrorProne.GUARDED;
                default -> {
                    Path p = Path.of(source);
                    if (!Files.isRegularFile(p)) {
                        throw new IllegalArgumentException("source must be racy, unguarded, guarded or an existing .java file (got " + source + ")");
                    }
                    try {
                        yield Files.readString(p);
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
                    }
                }
            };
            return plain ? ErrorProne.javac(code) : ErrorProne.compile(code);
        }
    }

    @Command(name = "throttle", description = "N requests from virtual threads at a loopback server that answers 429 above 10 in flight: no cap vs Semaphore.")
    static final class ThrottleCmd extends ExperimentCommand {
        @Option(names = "--requests", defaultValue = "200", description = "requests (" + Throttle.REQUESTS_RANGE + "; default ${DEFAULT-VALUE})")
        int requests;
        @Option(names = "--limit", description = "server limit and semaphore permits (" + Throttle.LIMIT_RANGE + "; default 10)")
        Integer limit;
        @Option(names = "--service-ms", description = "server time per request in ms (" + Throttle.SERVICE_MILLIS_RANGE + "; default 50)")
        Integer service;

        @Override
        protected Result run() {
            Throttle t = Throttle.of(requests);
            ifGiven(limit, t::limit);
            ifGiven(service, t::serviceMillis);
            return t.run();
        }
    }

    @Command(name = "start-cost", description = "Time to start one thread, virtual vs platform: start() alone and start()+join().")
    static final class StartCostCmd extends ExperimentCommand {
        @Option(names = "--samples", description = "samples per kind and way (" + StartCost.SAMPLES_RANGE + "; default from the profile)")
        Integer samples;
        @Option(names = "--seconds", description = "time budget in seconds (" + StartCost.SECONDS_RANGE + ")")
        Double seconds;

        @Override
        protected Result run() {
            StartCost c = StartCost.of();
            ifGiven(samples, c::samples);
            ifGiven(seconds, c::seconds);
            return c.run();
        }
    }

    @Command(name = "race-tools", description = "Rust refuses a data race and compiles a lost update; Go's -race reports data races (where installed).")
    static final class RaceToolsCmd extends ExperimentCommand {
        @Option(names = "--language", defaultValue = "rust", completionCandidates = Languages.class,
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        String language;
        @Option(names = "--runs", description = "runs of each compiled program (" + RaceTools.RUNS_RANGE + "; default from the profile)")
        Integer runs;

        @Override
        protected Result run() {
            RaceTools t = switch (new Languages().check("--language", language)) {
                case "rust" -> RaceTools.rust();
                case "go" -> RaceTools.go();
                default -> throw new AssertionError(language);
            };
            ifGiven(runs, t::runs);
            return t.run();
        }
    }
}
