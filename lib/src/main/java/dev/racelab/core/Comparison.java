package dev.racelab.core;

/**
 * How two measured figures compare, allowing for their noise: "more" or "less" only when their 95 % intervals
 * separate. {@code Comparison.of(atomic, lock) == Comparison.MORE}
 */
public enum Comparison {
    /** The first interval lies wholly above the second. */
    MORE,
    /** The first interval lies wholly below the second. */
    LESS,
    /** The intervals overlap: this run cannot tell them apart. */
    WITHIN_NOISE,
    /** One of them has no data. */
    NO_DATA;

    public static Comparison of(Interval a, Interval b) {
        Require.notNull("first interval", a);
        Require.notNull("second interval", b);
        if (a.isEmpty() || b.isEmpty()) return NO_DATA;
        if (a.above(b)) return MORE;
        if (a.below(b)) return LESS;
        return WITHIN_NOISE;
    }

    /** Picks the words for this comparison: {@code c.pick("more", "less", "about the same", "no data")}. */
    public String pick(String more, String less, String withinNoise, String noData) {
        return switch (this) {
            case MORE -> more;
            case LESS -> less;
            case WITHIN_NOISE -> withinNoise;
            case NO_DATA -> noData;
        };
    }

    public boolean separated() {
        return this == MORE || this == LESS;
    }
}
