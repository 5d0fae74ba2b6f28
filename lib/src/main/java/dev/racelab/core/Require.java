package dev.racelab.core;

/**
 * Parameter checks that fail fast with a message naming the allowed range.
 * {@code Require.inRange("threads", threads, 1, 256);}
 */
public final class Require {
    private Require() {}

    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be between " + fmt(min) + " and " + fmt(max) + " (got " + fmt(value) + ")");
        }
        return value;
    }

    public static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be between " + fmt(min) + " and " + fmt(max) + " (got " + fmt(value) + ")");
        }
        return value;
    }

    public static double inRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }

    /**
     * A value within {@code range}, written "min..max" as a help text shows it ({@code "1..10000"}): the one constant
     * an experiment's setter checks and its terminal option's help names ({@code "buffer (" + X_RANGE + ")"}), so
     * the two cannot drift apart. The message names the range as the other {@code inRange} methods do.
     */
    public static int inRange(String name, int value, String range) {
        double[] b = bounds(range);
        return inRange(name, value, (int) b[0], (int) b[1]);
    }

    public static long inRange(String name, long value, String range) {
        double[] b = bounds(range);
        return inRange(name, value, (long) b[0], (long) b[1]);
    }

    public static double inRange(String name, double value, String range) {
        double[] b = bounds(range);
        return inRange(name, value, b[0], b[1]);
    }

    /** "1..10000" -> {1, 10000}; a malformed range is a programming error. */
    static double[] bounds(String range) {
        int dots = range.indexOf("..");
        if (dots <= 0 || dots + 2 >= range.length()) throw new IllegalStateException("a range is written min..max (got " + range + ")");
        double lo = Double.parseDouble(range.substring(0, dots)), hi = Double.parseDouble(range.substring(dots + 2));
        if (!(lo <= hi)) throw new IllegalStateException("a range's minimum must not exceed its maximum (got " + range + ")");
        return new double[] {lo, hi};
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
        return value;
    }

    /** A value from a fixed set; the message lists the set. */
    public static String oneOf(String name, String value, java.util.Collection<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed)
                    + " (got " + value + ")");
        }
        return value;
    }

    private static String fmt(long v) {
        if (v == Long.MAX_VALUE) return "unbounded";
        return String.format(java.util.Locale.ROOT, "%,d", v);
    }
}
