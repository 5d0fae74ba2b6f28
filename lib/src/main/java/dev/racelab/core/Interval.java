package dev.racelab.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A measured figure with its 95 % interval: what the run can say about the quantity, not only one number.
 * {@code Interval.wilson(lostTrials, trials)}, {@code Interval.median(latencies)}, {@code a.above(b)}
 *
 * <p>An interval with {@code n == 0} is empty: no data, never a finding. Its estimate is NaN, and every comparison
 * with it says so ({@link Comparison#NO_DATA}) instead of reading it as more, less or zero.
 *
 * <p>Implementation notes: proportions use the Wilson score interval (honest near 0 and 1, where the normal
 * approximation collapses to a point). Medians and percentiles use order statistics (distribution-free): the ranks
 * that bracket the quantile with 95 % binomial coverage, exact below 1,000 samples and by the normal approximation
 * above. Means use a bootstrap (fixed seed, so a run is reproducible) below 1,000 samples and the normal
 * approximation above.
 */
public record Interval(double estimate, double low, double high, long n, String method) {
    /** The two-sided 95 % normal quantile. */
    public static final double Z95 = 1.959963984540054;
    private static final int BOOTSTRAP_RESAMPLES = 1_000;
    private static final int EXACT_RANKS_BELOW = 1_000;

    public Interval {
        if (n < 0) throw new IllegalArgumentException("an interval's sample count must be 0 or more (got " + n + ")");
        Require.notNull("interval method", method);
    }

    /** No data. */
    public static Interval empty() {
        return new Interval(Double.NaN, Double.NaN, Double.NaN, 0, "no data");
    }

    /** A value known exactly (a count, a parameter): low = high = estimate. */
    public static Interval exact(double value) {
        return new Interval(value, value, value, 1, "exact");
    }

    /** 95 % Wilson score interval of {@code successes} out of {@code trials}; empty when trials is 0. */
    public static Interval wilson(long successes, long trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("a proportion needs 0 <= successes <= trials (got " + successes
                    + " of " + trials + ")");
        }
        if (trials == 0) return empty();
        double n = trials, p = successes / n, z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // Exact ends: no success cannot have a lower bound above 0, all successes no upper bound below 1.
        double lo = successes == 0 ? 0 : Math.max(0, centre - half);
        double hi = successes == trials ? 1 : Math.min(1, centre + half);
        return new Interval(p, lo, hi, trials, "Wilson");
    }

    /** The median with its distribution-free 95 % interval. */
    public static Interval median(double[] samples) {
        return percentile(samples, 50);
    }

    public static Interval median(long[] samples) {
        return median(Arrays.stream(samples).asDoubleStream().toArray());
    }

    /** The {@code p}-th percentile (0..100) with a distribution-free 95 % interval from order statistics. */
    public static Interval percentile(double[] samples, double p) {
        Require.inRange("percentile", p, 0, 100);
        Require.notNull("samples", samples);
        int n = samples.length;
        if (n == 0) return empty();
        double[] s = samples.clone();
        Arrays.sort(s);
        double estimate = Stats.of(s).percentile(p);
        double q = p / 100;
        int lo, hi; // 0-based ranks
        if (n < EXACT_RANKS_BELOW) {
            int[] r = exactRanks(n, q);
            lo = r[0];
            hi = r[1];
        } else {
            double sd = Math.sqrt(n * q * (1 - q));
            lo = (int) Math.floor(n * q - Z95 * sd) - 1;
            hi = (int) Math.ceil(n * q + Z95 * sd);
        }
        lo = Math.max(0, Math.min(n - 1, lo));
        hi = Math.max(0, Math.min(n - 1, hi));
        // too few samples for 95 % coverage: the whole range, and the method says so
        String method = coverage(n, q, lo, hi) >= 0.95 ? "order statistics" : "order statistics (<95 % coverage: few samples)";
        return new Interval(estimate, Math.min(s[lo], estimate), Math.max(s[hi], estimate), n, method);
    }

    /** The mean with a 95 % interval (bootstrap below 1,000 samples, normal approximation above). */
    public static Interval mean(double[] samples) {
        Require.notNull("samples", samples);
        int n = samples.length;
        if (n == 0) return empty();
        Stats st = Stats.of(samples);
        double mean = st.mean();
        if (n == 1) return new Interval(mean, mean, mean, 1, "single sample");
        if (n >= EXACT_RANKS_BELOW) {
            double var = 0;
            for (double v : samples) var += (v - mean) * (v - mean);
            double se = Math.sqrt(var / (n - 1) / n);
            return new Interval(mean, mean - Z95 * se, mean + Z95 * se, n, "normal approximation");
        }
        SplittableRandom rnd = new SplittableRandom(0x5eed_ba5eL);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < means.length; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += samples[rnd.nextInt(n)];
            means[b] = sum / n;
        }
        Arrays.sort(means);
        return new Interval(mean, Math.min(mean, means[24]), Math.max(mean, means[974]), n, "bootstrap");
    }

    public static Interval mean(long[] samples) {
        return mean(Arrays.stream(samples).asDoubleStream().toArray());
    }

    /** a / b with a conservative interval (for positive quantities: low_a / high_b .. high_a / low_b). */
    public static Interval ratio(Interval a, Interval b) {
        if (a.isEmpty() || b.isEmpty() || b.estimate == 0) return empty();
        double est = a.estimate / b.estimate;
        if (a.low < 0 || b.low <= 0) {
            return new Interval(est, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Math.min(a.n, b.n), "ratio (unbounded)");
        }
        return new Interval(est, a.low / b.high, a.high / b.low, Math.min(a.n, b.n), "ratio of intervals");
    }

    /**
     * a − b for two proportions (or shares in any one unit) with Newcombe's hybrid score interval: each side's own
     * interval (Wilson for proportions) sets how far the difference can move; empty when either has no data.
     */
    public static Interval difference(Interval a, Interval b) {
        if (a.isEmpty() || b.isEmpty()) return empty();
        double d = a.estimate - b.estimate;
        double lo = d - Math.hypot(a.estimate - a.low, b.high - b.estimate);
        double hi = d + Math.hypot(a.high - a.estimate, b.estimate - b.low);
        return new Interval(d, lo, hi, Math.min(a.n, b.n), "Newcombe difference");
    }

    public boolean isEmpty() {
        return n == 0 || Double.isNaN(estimate);
    }

    /** True when both have data and this lies wholly above {@code o}. */
    public boolean above(Interval o) {
        return !isEmpty() && !o.isEmpty() && low > o.high;
    }

    public boolean below(Interval o) {
        return !isEmpty() && !o.isEmpty() && high < o.low;
    }

    public boolean overlaps(Interval o) {
        return !isEmpty() && !o.isEmpty() && !above(o) && !below(o);
    }

    /** Does the interval contain {@code v}? (False when empty.) */
    public boolean contains(double v) {
        return !isEmpty() && v >= low && v <= high;
    }

    public double width() {
        return high - low;
    }

    /** The same interval in other units, e.g. {@code share.scaled(100)} for percent. */
    public Interval scaled(double k) {
        if (isEmpty()) return this;
        double a = low * k, b = high * k;
        return new Interval(estimate * k, Math.min(a, b), Math.max(a, b), n, method);
    }

    /**
     * "63.7 % [58.1–69.0 %]": the estimate, then the interval, each in the number format {@code fmt} (e.g.
     * {@code "%.1f %%"}); "no data" when empty; only the estimate when the interval is a point.
     */
    public String format(String fmt) {
        if (isEmpty()) return "no data";
        String est = String.format(Locale.ROOT, fmt, estimate);
        if (low == high) return est;
        return est + " " + bracket(fmt);
    }

    /** Only the interval part of {@link #format}: "[58.1–69.0 %]", or "" for a point, "no data" when empty. */
    public String bracket(String fmt) {
        if (isEmpty()) return "no data";
        if (low == high) return "";
        String f = fmt;
        // an interval that rounds to one number is shown with more decimals (0 of 2,000 is [0.0–0.2 %], not [0–0 %])
        for (int extra = 0; extra < 3 && !Double.isInfinite(low) && !Double.isInfinite(high)
                && String.format(Locale.ROOT, f, low).equals(String.format(Locale.ROOT, f, high)); extra++) {
            f = moreDecimals(f);
        }
        String lo = Double.isInfinite(low) ? "−∞" : String.format(Locale.ROOT, f, low);
        String hi = Double.isInfinite(high) ? "∞" : String.format(Locale.ROOT, f, high);
        String unit = unitSuffix(hi);
        if (!unit.isEmpty() && lo.endsWith(unit)) lo = lo.substring(0, lo.length() - unit.length()).stripTrailing();
        return "[" + lo + "–" + hi + "]";
    }

    @Override
    public String toString() {
        return isEmpty() ? "no data" : String.format(Locale.ROOT, "%.4g [%.4g, %.4g] (n=%d, %s)", estimate, low, high, n, method);
    }

    /** "%.0f %%" -> "%.1f %%", "%,.2f" -> "%,.3f"; a format without a precision gets one decimal. */
    static String moreDecimals(String fmt) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%([,]?)\\.(\\d+)f").matcher(fmt);
        if (m.find()) {
            return fmt.substring(0, m.start()) + "%" + m.group(1) + "." + (Integer.parseInt(m.group(2)) + 1) + "f"
                    + fmt.substring(m.end());
        }
        return fmt.replaceFirst("%([,]?)f", "%$1.1f");
    }

    /** What follows the number in a formatted value, e.g. " %" in "69.0 %". */
    private static String unitSuffix(String formatted) {
        int i = formatted.length();
        while (i > 0 && !Character.isDigit(formatted.charAt(i - 1))) i--;
        return formatted.substring(i);
    }

    /**
     * Ranks (0-based) of the order statistics that bracket quantile q of n samples, equal-tailed: the interval
     * [x(lo), x(hi)] covers the quantile with probability F(hi) - F(lo), F the Bin(n, q) distribution function.
     */
    private static int[] exactRanks(int n, double q) {
        double[] cdf = binomialCdf(n, q);
        int lo = 0, hi = n - 1;
        for (int k = 0; k < n; k++) if (cdf[k] <= 0.025) lo = k;
        for (int k = n - 1; k >= 0; k--) if (cdf[k] >= 0.975) hi = k;
        return new int[] {lo, Math.max(lo, hi)};
    }

    private static double coverage(int n, double q, int lo, int hi) {
        if (n >= EXACT_RANKS_BELOW) return 0.95;
        double[] cdf = binomialCdf(n, q);
        return cdf[hi] - cdf[lo] + 1e-12;
    }

    private static double[] binomialCdf(int n, double q) {
        double[] pmf = binomialPmf(n, q);
        double[] cdf = new double[n + 1];
        double c = 0;
        for (int k = 0; k <= n; k++) cdf[k] = c += pmf[k];
        return cdf;
    }

    private static double[] binomialPmf(int n, double q) {
        double[] pmf = new double[n + 1];
        if (q <= 0) { pmf[0] = 1; return pmf; }
        if (q >= 1) { pmf[n] = 1; return pmf; }
        double logQ = Math.log(q), log1Q = Math.log1p(-q), logC = 0;
        for (int k = 0; k <= n; k++) {
            if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
            pmf[k] = Math.exp(logC + k * logQ + (n - k) * log1Q);
        }
        return pmf;
    }
}
