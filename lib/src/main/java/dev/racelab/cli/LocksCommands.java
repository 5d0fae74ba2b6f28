package dev.racelab.cli;

import dev.racelab.atomics.CasRetries;
import dev.racelab.atomics.Invariant;
import dev.racelab.core.Budget;
import dev.racelab.core.Result;
import dev.racelab.db.PageViews;
import dev.racelab.jcstress.JcStress;
import dev.racelab.locks.Coarsening;
import dev.racelab.locks.Deadlock;
import dev.racelab.locks.Fairness;
import dev.racelab.locks.LockCheck;
import dev.racelab.locks.ThreadStates;
import dev.racelab.locks.Throughput;
import dev.racelab.race.CounterKind;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Notebooks 03 and 04 from the terminal, and the JCStress suite. */
final class LocksCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(ThroughputCmd.class, LockCheckCmd.class, CoarseningCmd.class, StatesCmd.class, FairnessCmd.class, DeadlockCmd.class, PageViewsCmd.class, CasCmd.class, InvariantCmd.class, JcStressCmd.class);
    private LocksCommands() {}

    static final class Locks extends Words {
        Locks() {
            super("synchronized", "reentrant_lock");
        }
    }

    static final class Kinds extends Words {
        Kinds() {
            super("synchronized", "reentrant");
        }
    }

    static final class Fixes extends Words {
        Fixes() {
            super("none", "order", "trylock");
        }
    }

    static final class Impls extends Words {
        Impls() {
            super("atomic-fields", "locked", "atomic-reference");
        }
    }

    static final class Modes extends Words {
        Modes() {
            super("quick", "sanity");
        }
    }

    @Command(name = "throughput", description = "Increments per second by counter kind and thread count.")
    static final class ThroughputCmd extends ExperimentCommand {
        @Option(names = "--counters", split = ",", defaultValue = "volatile,synchronized,reentrant_lock,atomic_integer,long_adder",
                completionCandidates = RaceCommands.Counters.class, description = "comma-separated, from: ${COMPLETION-CANDIDATES}")
        List<String> counters;
        @Mixin
        CommonOptions.ThreadCounts threads;
        @Option(names = "--uncontended", description = "also measure each thread on its own counter")
        boolean uncontended;
        @Option(names = "--ms", description = "milliseconds per point (" + Throughput.MILLIS_PER_POINT_RANGE + ")")
        Integer ms;
        @Option(names = "--repeats", description = "runs per point, interleaved; 2 or more give medians with intervals (" + Throughput.REPEATS_RANGE + ")")
        Integer repeats;

        @Override
        protected Result run() {
            Throughput t = Throughput.of(counters.stream().map(CounterKind::parse).toArray(CounterKind[]::new));
            threads.to(t::threads);
            if (uncontended) t.withUncontended();
            ifGiven(ms, t::millisPerPoint);
            ifGiven(repeats, t::repeats);
            return t.run();
        }
    }

    @Command(name = "lock-check", description = "A lock's start-gate check, and how often the lock really changed hands.")
    static final class LockCheckCmd extends ExperimentCommand {
        @Option(names = "--counter", defaultValue = "synchronized", completionCandidates = Locks.class,
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        String counter;
        @Option(names = "--seconds", description = "time budget of each of its two runs (" + Budget.SECONDS_RANGE + ")")
        Double seconds;

        @Override
        protected Result run() {
            LockCheck c = LockCheck.of(CounterKind.parse(new Locks().check("--counter", counter)));
            ifGiven(seconds, c::seconds);
            return c.run();
        }
    }

    @Command(name = "lock-coarsening", description = "synchronized count++ alone, with the JIT's lock coarsening on and off.")
    static final class CoarseningCmd extends ExperimentCommand {
        @Override
        protected Result run() {
            return Coarsening.measure();
        }
    }

    @Command(name = "thread-states", description = "Sample the states of workers fighting for one lock.")
    static final class StatesCmd extends ExperimentCommand {
        @Option(names = "--lock", defaultValue = "synchronized", completionCandidates = Kinds.class,
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        String lock;
        @Option(names = "--workers", defaultValue = "6", description = "workers (" + ThreadStates.WORKERS_RANGE + ")")
        int workers;
        @Option(names = "--hold-us", description = "microseconds of work inside the lock per turn (" + ThreadStates.HOLD_MICROS_RANGE + ")")
        Integer holdUs;
        @Option(names = "--sleep-us", description = "microseconds asleep outside the lock per turn (" + ThreadStates.SLEEP_MICROS_RANGE + ")")
        Integer sleepUs;

        @Override
        protected Result run() {
            ThreadStates s = switch (new Kinds().check("--lock", lock)) {
                case "synchronized" -> ThreadStates.synchronizedLock();
                case "reentrant" -> ThreadStates.reentrantLock();
                default -> throw new AssertionError(lock);
            };
            ifGiven(holdUs, s::holdMicros);
            ifGiven(sleepUs, s::sleepMicros);
            return s.workers(workers).run();
        }
    }

    @Command(name = "fairness", description = "Fair versus unfair ReentrantLock: acquisitions per thread.")
    static final class FairnessCmd extends ExperimentCommand {
        @Option(names = "--threads", defaultValue = "4", description = "threads (" + Fairness.THREADS_RANGE + ")")
        int threads;

        @Override
        protected Result run() {
            return Fairness.compare().threads(threads).run();
        }
    }

    @Command(name = "deadlock", description = "Provoke a deadlock, detect it, break it; or run a fix (--fix order|trylock).")
    static final class DeadlockCmd extends ExperimentCommand {
        @Option(names = "--fix", completionCandidates = Fixes.class,
                description = "${COMPLETION-CANDIDATES} (none: the same workload without a fix)")
        String fix;
        @Option(names = "--rounds", defaultValue = "10000", description = "rounds per thread for a fix (" + Deadlock.ROUNDS_RANGE + ")")
        int rounds;

        @Override
        protected Result run() {
            if (fix == null) return Deadlock.provoke();
            return switch (new Fixes().check("--fix", fix)) {
                case "none" -> Deadlock.naive(rounds);
                case "order" -> Deadlock.fixedByLockOrder(rounds);
                case "trylock" -> Deadlock.fixedByTryLock(rounds);
                default -> throw new AssertionError(fix);
            };
        }
    }

    @Command(name = "page-views", description = "Lost page views in H2 (read then write) and three fixes.")
    static final class PageViewsCmd extends ExperimentCommand {
        @Option(names = "--requests", description = "requests (" + PageViews.REQUESTS_RANGE + "; default from the profile)")
        Integer requests;
        @Option(names = "--workers", defaultValue = "4", description = "concurrent workers (" + PageViews.WORKERS_RANGE + ")")
        int workers;

        @Override
        protected Result run() {
            PageViews p = requests == null ? PageViews.defaults() : PageViews.requests(requests);
            return p.workers(workers).compare();
        }
    }

    @Command(name = "cas-retries", description = "A hand-written CAS loop: retries per increment.")
    static final class CasCmd extends ExperimentCommand {
        @Option(names = "--threads", defaultValue = "2", description = "threads (" + CasRetries.THREADS_RANGE + ")")
        int threads;
        @Option(names = "--work-ns", defaultValue = "0", description = "busy work between read and CAS, ns (" + CasRetries.WORK_NANOS_RANGE + ")")
        int workNs;
        @Option(names = "--increments", description = "at most this many increments per thread (" + Budget.INCREMENTS_RANGE + ")")
        Integer increments;
        @Option(names = "--seconds", description = "time budget (" + Budget.SECONDS_RANGE + "; default 0.5 quick, 5 full)")
        Double seconds;

        @Override
        protected Result run() {
            CasRetries c = CasRetries.defaults().threads(threads).workNanos(workNs);
            ifGiven(increments, c::increments);
            ifGiven(seconds, c::seconds);
            return c.run();
        }
    }

    @Command(name = "invariant", description = "Two fields that must change together: atomics, a lock, one AtomicReference.")
    static final class InvariantCmd extends ExperimentCommand {
        @Option(names = "--impl", defaultValue = "atomic-fields", completionCandidates = Impls.class,
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        String impl;

        @Override
        protected Result run() {
            return switch (new Impls().check("--impl", impl)) {
                case "atomic-fields" -> Invariant.atomicFields().run();
                case "locked" -> Invariant.locked().run();
                case "atomic-reference" -> Invariant.oneAtomicReference().run();
                default -> throw new AssertionError(impl);
            };
        }
    }

    @Command(name = "jcstress", description = "Run one JCStress test of stress/ (--test NAME), or the whole suite; exit 1 on a FORBIDDEN outcome or an error.")
    static final class JcStressCmd extends ExperimentCommand {
        @Option(names = "--test", description = "test name, e.g. Counter_01_PlainIncrement (default: every test)")
        String test;
        @Option(names = "--mode", defaultValue = "quick", completionCandidates = Modes.class,
                description = "${COMPLETION-CANDIDATES} (quick: one JVM configuration, the fastest; default ${DEFAULT-VALUE})")
        String mode;

        @Override
        protected Result run() {
            JcStress j = test == null ? JcStress.suite() : JcStress.test(test);
            return j.mode(switch (new Modes().check("--mode", mode)) {
                case "sanity" -> JcStress.Mode.SANITY;
                case "quick" -> JcStress.Mode.QUICK;
                default -> throw new AssertionError(mode);
            }).run();
        }

        @Override
        public Integer call() {
            Result r = run();
            output.emit(r, System.out);
            return r.value("passed") == 1 ? 0 : 1;
        }
    }
}
