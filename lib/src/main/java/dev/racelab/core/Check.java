package dev.racelab.core;

/**
 * A claim a notebook makes, checked on the spot: when the measurement contradicts it the cell fails, and CI
 * with it. {@code Check.that(lost == 0, "synchronized lost %d updates", lost)}
 */
public final class Check {
    private Check() {}

    public static void that(boolean holds, String format, Object... args) {
        if (!holds) {
            throw new ClaimFailed(args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
        }
    }

    /** A notebook's claim that the measurement did not support. */
    public static final class ClaimFailed extends RuntimeException {
        public ClaimFailed(String message) {
            super("claim failed: " + message);
        }
    }
}
