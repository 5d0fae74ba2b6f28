package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The exercise framework. A solution cell defines the learner's code; its student version keeps the declarations
 * and replaces each body between {@code // BEGIN SOLUTION} and {@code // END SOLUTION} with
 * {@code throw Exercise.notYet("...")}. A check cell runs a check, which stress-tests that code and shows a
 * {@link Verdict}: pass or fail with the evidence, or "not yet" while the stub is still there.
 * <pre>{@code
 * Exercise.check("03.1 A counter with a lock", () -> {
 *     long lost = ...;                       // run the learner's code under contention
 *     return lost == 0 ? Exercise.pass("0 updates lost in %,d trials", n)
 *                      : Exercise.fail("lost %,d updates in %,d of %,d trials", lost, bad, n);
 * })}</pre>
 * Ready-made checks for common exercises are in {@link Checks}.
 */
public final class Exercise {
    private Exercise() {}

    /** What a student stub throws: {@code throw Exercise.notYet("SafeCounter.add");}. */
    public static NotYet notYet(String what) {
        return new NotYet(what);
    }

    /** The body of a check: runs the learner's code and says what it found. */
    @FunctionalInterface
    public interface Body {
        Outcome run() throws Exception;
    }

    /** A check's finding before it gets its title. */
    public static final class Outcome {
        final Verdict.Status status;
        final String evidence;
        final List<String> details = new ArrayList<>();
        Result data;
        dev.racelab.modelcheck.Trace trace;

        Outcome(Verdict.Status status, String evidence) {
            this.status = status;
            this.evidence = evidence;
        }

        /** One more line of evidence under the verdict. */
        public Outcome detail(String format, Object... args) {
            details.add(fmt(format, args));
            return this;
        }

        /** Shows the model checker's failing interleaving of the learner's code under the verdict. */
        public Outcome trace(dev.racelab.modelcheck.Trace t) {
            this.trace = t;
            return this;
        }

        /** Keeps the stress test's result with the verdict. */
        public Outcome with(Result r) {
            this.data = r;
            return this;
        }
    }

    public static Outcome pass(String format, Object... args) {
        return new Outcome(Verdict.Status.PASS, fmt(format, args));
    }

    public static Outcome fail(String format, Object... args) {
        return new Outcome(Verdict.Status.FAIL, fmt(format, args));
    }

    /**
     * Runs a check. A {@link NotYet} anywhere (also thrown in a worker thread and wrapped) gives "not yet"; any other
     * exception of the learner's code is a fail naming it. An interrupt (the stop button) still stops the cell.
     */
    public static Verdict check(String title, Body body) {
        return graded(evaluate(title, body), grading());
    }

    /** The environment variable that turns on grading: {@code RACELAB_GRADING=1} (nbgrader's autograde sets it). */
    public static final String GRADING_ENV = "RACELAB_GRADING";

    /** True when checks are graded: a check that did not pass then fails its cell. */
    public static boolean grading() {
        return "1".equals(System.getenv(GRADING_ENV));
    }

    /**
     * Under grading (nbgrader's autograde gives a cell its points unless it raised an error), a verdict other than
     * PASS is shown and then thrown as a {@link GradedCheckFailed}, so the check cell fails; otherwise the verdict is
     * returned for the cell to show.
     */
    static Verdict graded(Verdict v, boolean grading) {
        if (!grading || v.passed()) return v;
        if (dev.racelab.notebook.Notebook.attached()) dev.racelab.notebook.Notebook.show(v);
        throw new GradedCheckFailed(v);
    }

    /** A graded check that did not pass: its message is the verdict's first line. */
    public static final class GradedCheckFailed extends RuntimeException {
        private final transient Verdict verdict;

        GradedCheckFailed(Verdict v) {
            super(v.line());
            this.verdict = v;
        }

        public Verdict verdict() { return verdict; }
    }

    static Verdict evaluate(String title, Body body) {
        try {
            Outcome o = body.run();
            if (o == null) throw new IllegalStateException("the check returned no outcome");
            return new Verdict(title, o.status, o.evidence, o.details, o.data, o.trace);
        } catch (Budget.Cancelled e) {
            throw e;
        } catch (Throwable e) {
            NotYet stub = notYetIn(e);
            if (stub != null) {
                return new Verdict(title, Verdict.Status.NOT_YET, "not yet: " + stub.what() + " is still the stub",
                        List.of("Write your code in the exercise cell above, in place of the TODO and the throw under it; run that cell, "
                                + "then run this check again."), null);
            }
            if (e instanceof InterruptedException) {
                throw Budget.interrupted();
            }
            if (e instanceof Error err && !(e instanceof StackOverflowError) && !(e instanceof AssertionError)) throw err;
            String msg = e.getMessage() == null ? "" : ": " + e.getMessage();
            String hint = msg.contains("did not stop") ? " (a thread got stuck: a lock never released, or a deadlock?)" : "";
            return new Verdict(title, Verdict.Status.FAIL, "your code threw " + e.getClass().getSimpleName() + msg + hint,
                    List.of(), null);
        }
    }

    /** The {@link NotYet} in {@code e}'s cause chain (or suppressed), or null. */
    static NotYet notYetIn(Throwable e) {
        for (int depth = 0; e != null && depth < 20; depth++, e = e.getCause()) {
            if (e instanceof NotYet n) return n;
            for (Throwable s : e.getSuppressed()) {
                NotYet n = notYetIn(s);
                if (n != null) return n;
            }
        }
        return null;
    }

    static String fmt(String format, Object... args) {
        return args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }

    /** Runs {@code work} in a virtual thread; interrupts it and fails after {@code limit}. */
    static <T> T runWithin(Callable<T> work, Duration limit) throws Exception {
        Object[] out = new Object[1];
        Exception[] err = new Exception[1];
        try (Crew crew = Crew.virtual("exercise-run")) {
            crew.start(() -> {
                try {
                    out[0] = work.call();
                } catch (Exception e) {
                    err[0] = e;
                }
            });
            if (!crew.joinAll(limit)) {
                throw new IllegalStateException("your code did not finish within " + limit.toSeconds() + " s");
            }
        }
        if (err[0] != null) throw err[0];
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
