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
