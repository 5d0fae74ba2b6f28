package dev.racelab.cli;

import static dev.racelab.cli.ExperimentCommand.ifGiven;

import dev.racelab.core.Budget;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Options many experiments share, as picocli mixins ({@code @Mixin CommonOptions.Seconds seconds;}). Each help text
 * takes its range from the constants in {@link Budget} that the experiment's setter checks against, so the text a
 * learner reads and the message a bad value gets ({@code time budget (s) must be between 0.1 and 3600.0}) cannot
 * drift apart. An option left out keeps the experiment's default (from the profile); {@code to(setter)} passes a
 * given value on, and the setter rejects it with one line naming the range.
 */
final class CommonOptions {
    private CommonOptions() {}

    /** {@code --seconds}: the time budget of the run, in the usual range. */
    static final class Seconds {
        @Option(names = "--seconds", description = "time budget in seconds (" + Budget.SECONDS_RANGE + ")")
        Double seconds;

        void to(Consumer<? super Double> setter) {
            ifGiven(seconds, setter);
        }
    }

    /** {@code --trials}: at most this many trials. */
    static final class Trials {
        @Option(names = "--trials", description = "trials (" + Budget.TRIALS_RANGE + "; default from the profile)")
        Integer trials;

        void to(Consumer<? super Integer> setter) {
            ifGiven(trials, setter);
        }
    }

    /** {@code --threads N}: threads racing for one counter. */
    static final class Threads {
        @Option(names = "--threads", description = "threads (" + Budget.THREADS_RANGE + "; default: the experiment's)")
        Integer threads;

        void to(Consumer<? super Integer> setter) {
            ifGiven(threads, setter);
        }
    }

    /** {@code --threads 1,2,4}: thread counts to sweep over. */
    static final class ThreadCounts {
        @Option(names = "--threads", split = ",", description = "comma-separated thread counts (" + Budget.THREADS_RANGE + ")")
        int[] threads;

        void to(Consumer<? super int[]> setter) {
            ifGiven(threads, setter);
        }
    }

    /** {@code --increments N}: {@code count++} per thread. */
    static final class Increments {
        @Option(names = "--increments", description = "increments per thread (" + Budget.INCREMENTS_RANGE + ")")
        Integer increments;

        void to(Consumer<? super Integer> setter) {
            ifGiven(increments, setter);
        }
    }
}
