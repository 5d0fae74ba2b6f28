package dev.racelab.core;

import java.util.Locale;

/**
 * How much each experiment measures: {@code quick} (CI and a first read, every cell in seconds) or
 * {@code full} (more trials, tighter numbers). Read from {@code RACELAB_PROFILE}; quick by default.
 * An experiment sizes each default in one call, {@code this.trials = Profile.quickOrFull(200, 5_000);}, instead of
 * reading the profile itself; code that hands the profile on (a check's model half) takes {@link #current()}.
 */
public enum Profile {
    QUICK, FULL;

    public static final String ENV = "RACELAB_PROFILE";

    public static Profile current() {
        return parse(System.getenv(ENV));
    }

    static Profile parse(String raw) {
        if (raw == null || raw.isBlank()) return QUICK;
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException(
                    ENV + " must be one of quick, full (got " + raw.trim() + ")");
        };
    }

    /** The quick value in the quick profile, the full one in the full profile: one default, sized by the profile. */
    public static int quickOrFull(int quick, int full) {
        return current().pick(quick, full);
    }

    /** {@link #quickOrFull(int, int)} for a long. */
    public static long quickOrFull(long quick, long full) {
        return current().pick(quick, full);
    }

    /** {@link #quickOrFull(int, int)} for a double. */
    public static double quickOrFull(double quick, double full) {
        return current().pick(quick, full);
    }

    /** {@link #quickOrFull(int, int)} for anything else: an array of counts, a duration. */
    public static <T> T quickOrFull(T quick, T full) {
        return current() == QUICK ? quick : full;
    }

    public int pick(int quick, int full) {
        return this == QUICK ? quick : full;
    }

    public double pick(double quick, double full) {
        return this == QUICK ? quick : full;
    }

    public long pick(long quick, long full) {
        return this == QUICK ? quick : full;
    }

    public java.time.Duration pick(java.time.Duration quick, java.time.Duration full) {
        return this == QUICK ? quick : full;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
