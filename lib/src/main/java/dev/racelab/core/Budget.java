package dev.racelab.core;

import java.time.Duration;

/**
 * How much an experiment may do: at most {@code trials} trials and at most {@code time} of wall time,
 * whichever ends first. An interrupt (the notebook's stop button) ends it at once.
 * {@code Budget.of(1_000, Duration.ofSeconds(5))}
 */
public record Budget(int trials, Duration time) {
    public static final int MAX_TRIALS = 100_000_000;
    /** The usual time budget of one experiment, in seconds: what {@link #requireSeconds} accepts. */
    public static final double MIN_SECONDS = 0.1;
    public static final int MAX_SECONDS = 3600;
    public static final Duration MAX_TIME = Duration.ofSeconds(MAX_SECONDS);
    /** Threads racing for one counter, and increments per thread: the ranges the counter experiments accept. */
    public static final int MAX_THREADS = 256;
    public static final int MAX_INCREMENTS = 100_000_000;

    // The ranges as help texts ("0.1..3600"): constants, so the terminal's option descriptions (annotations) can
    // use them and say exactly what the checks above accept.
    public static final String SECONDS_RANGE = MIN_SECONDS + ".." + MAX_SECONDS;
    public static final String TRIALS_RANGE = "1.." + MAX_TRIALS;
    public static final String THREADS_RANGE = "1.." + MAX_THREADS;
    public static final String INCREMENTS_RANGE = "1.." + MAX_INCREMENTS;

    public Budget {
        Require.inRange("trials", trials, 1, MAX_TRIALS);
        Require.notNull("time budget", time);
        if (time.toMillis() < 1 || time.compareTo(MAX_TIME) > 0) {
            throw new IllegalArgumentException("time budget must be between 1 ms and " + MAX_SECONDS + " s (got "
                    + time.toMillis() + " ms)");
        }
    }

    public static Budget of(int trials, Duration time) {
        return new Budget(trials, time);
    }

    public static Budget ofSeconds(int trials, double seconds) {
        Require.inRange("time budget (s)", seconds, 0.001, MAX_TIME.toSeconds());
        return new Budget(trials, Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** A time budget in seconds within the usual range ({@link #SECONDS_RANGE}), or a message naming it. */
    public static double requireSeconds(double seconds) {
        return Require.inRange("time budget (s)", seconds, MIN_SECONDS, MAX_SECONDS);
    }

    /** Starts the clock. */
    public Meter start() {
        return new Meter(this, System.nanoTime());
    }

    /** Why an experiment stopped. */
    public enum Stop { COMPLETED, TIME_BUDGET, PRECISION }

    /** The running budget of one experiment. Not thread-safe: one experiment thread asks it. */
    public static final class Meter {
        private final Budget budget;
        private final long startNanos;
        private final long deadlineNanos;
        private int done;
        private Stop stop = Stop.COMPLETED;
        private String reason = "";

        Meter(Budget budget, long startNanos) {
            this.budget = budget;
            this.startNanos = startNanos;
            this.deadlineNanos = startNanos + budget.time().toNanos();
        }

        /** The {@link System#nanoTime()} reading when this meter started. */
        public long startNanos() {
            return startNanos;
        }

        /**
         * True while trials remain and time is left; throws {@link Cancelled} if the thread was interrupted.
         * Call once before each trial, then {@link #count()} after it.
         */
        public boolean more() {
            checkInterrupt();
            if (stop == Stop.PRECISION) return false;
            if (done >= budget.trials()) return false;
            if (System.nanoTime() - deadlineNanos >= 0) {
                stop = Stop.TIME_BUDGET;
                return false;
            }
            return true;
        }

        public void count() {
            done++;
        }

        /**
         * Ends the experiment early because it has measured enough (e.g. an interval is as narrow as asked):
         * {@link #more()} returns false from now on, and {@link #describe()} gives the reason.
         */
        public void reached(String why) {
            stop = Stop.PRECISION;
            reason = why;
        }

        public int done() {
            return done;
        }

        public Stop stop() {
            return stop;
        }

        public long deadlineNanos() {
            return deadlineNanos;
        }

        public long remainingNanos() {
            return Math.max(0, deadlineNanos - System.nanoTime());
        }

        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        public Budget budget() {
            return budget;
        }

        /** "200 of 200 trials" or "143 of 1,000 trials (time budget of 5.0 s reached)". */
        public String describe() {
            String s = String.format(java.util.Locale.ROOT, "%,d of %,d trials", done, budget.trials());
            if (stop == Stop.TIME_BUDGET) {
                s += String.format(java.util.Locale.ROOT, " (time budget of %.1f s reached)",
                        budget.time().toMillis() / 1000.0);
            } else if (stop == Stop.PRECISION) {
                s += " (stopped early: " + reason + ")";
            }
            return s;
        }
    }

    /** Throws {@link Cancelled} when the current thread was interrupted, keeping the interrupt flag set. */
    public static void checkInterrupt() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Cancelled();
        }
    }

    /**
     * Keeps the interrupt flag set and returns the {@link Cancelled} to throw: where a catch block must do more than
     * {@link #call}/{@link #step} can (clean up first, or catch an {@code InterruptedIOException}),
     * {@code catch (InterruptedException e) { kids.close(); throw Budget.interrupted(); }}
     */
    public static Cancelled interrupted() {
        Thread.currentThread().interrupt();
        return new Cancelled();
    }

    /** A call that may block and be interrupted, e.g. {@code queue::take}. */
    @FunctionalInterface
    public interface Blocking<T> {
        T call() throws InterruptedException;
    }

    /** A blocking step without a result, e.g. {@code () -> latch.await()}. */
    @FunctionalInterface
    public interface BlockingStep {
        void run() throws InterruptedException;
    }

    /**
     * Runs a blocking call; an interrupt (the stop button) keeps the interrupt flag set and ends the experiment with
     * {@link Cancelled} — the one place the course turns {@link InterruptedException} into a stop.
     * {@code Message m = Budget.call(queue::take);}
     */
    public static <T> T call(Blocking<T> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** {@link #call} for a step without a result: {@code Budget.step(() -> done.await());} */
    public static void step(BlockingStep step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Sleeps; an interrupt ends the experiment ({@link Cancelled}). */
    public static void sleep(Duration d) {
        step(() -> Thread.sleep(d));
    }

    /** Waits for a thread to end; an interrupt ends the experiment ({@link Cancelled}). */
    public static void join(Thread t) {
        step(t::join);
    }

    /** An experiment stopped by an interrupt; every thread and process it started is already ended. */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("experiment interrupted; its threads and processes were stopped");
        }
    }
}
