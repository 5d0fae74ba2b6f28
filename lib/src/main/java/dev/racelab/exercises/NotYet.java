package dev.racelab.exercises;

/**
 * Thrown by an exercise stub the learner has not written yet. A check that meets it reports "not yet" instead of
 * failing. {@code throw Exercise.notYet("SafeCounter.add");}
 */
public final class NotYet extends RuntimeException {
    private final String what;

    public NotYet(String what) {
        super("not implemented yet: " + what + " — replace the stub with your code, run its cell, then run the check again");
        this.what = what;
    }

    /** The piece still to write, e.g. "SafeCounter.add". */
    public String what() {
        return what;
    }
}
