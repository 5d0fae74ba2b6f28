package dev.racelab.core;

import java.util.Arrays;

/**
 * Order statistics over raw samples. {@code Stats.of(samples).median()}
 */
public final class Stats {
    private final double[] sorted;
    private final double sum;

    private Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
        double s = 0;
        for (double v : sorted) s += v;
        this.sum = s;
    }

    public static Stats of(double... values) {
        return new Stats(values);
    }

    public static Stats of(long... values) {
        return new Stats(Arrays.stream(values).asDoubleStream().toArray());
    }

    public int count() {
        return sorted.length;
    }

    public double mean() {
        return sorted.length == 0 ? Double.NaN : sum / sorted.length;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public double median() {
        return percentile(50);
    }

    /** Linear interpolation between closest ranks; {@code p} from 0 to 100. */
    public double percentile(double p) {
        Require.inRange("percentile", p, 0, 100);
        if (sorted.length == 0) return Double.NaN;
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /** Share of samples for which the predicate holds, 0..1. */
    public double share(java.util.function.DoublePredicate p) {
        if (sorted.length == 0) return Double.NaN;
        long n = Arrays.stream(sorted).filter(p).count();
        return (double) n / sorted.length;
    }

    public double[] sorted() {
        return sorted.clone();
    }
}
