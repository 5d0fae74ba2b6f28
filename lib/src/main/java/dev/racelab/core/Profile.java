package dev.racelab.core;

import java.util.Locale;

/**
 * How much each experiment measures: {@code quick} (CI and a first read, every cell in seconds) or
 * {@code full} (more trials, tighter numbers). Read from {@code RACELAB_PROFILE}; quick by default.
 * {@code int trials = Profile.current().pick(200, 5_000);}
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
