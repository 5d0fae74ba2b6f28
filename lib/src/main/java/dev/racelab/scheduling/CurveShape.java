package dev.racelab.scheduling;

import java.util.Locale;

/**
 * What shape a measured curve has past a point: flat (within the noise), growing linearly, growing exponentially,
 * falling, or too noisy to tell (neither fit explains half the variation). Fits a line and an exponential by least squares and compares them; the verdict comes from the data.
 * {@code CurveShape.of(threads, wallMs, 2, noise).describe("wall time", "thread")}
 *
 * <p>Implementation note: the exponential is fitted as a line through (x, ln y), then judged by its error in y, so
 * the two fits are compared on the same scale. "Flat" means the whole change from the first to the last point is
 * within the larger of 5 % and the measured noise.
 */
public record CurveShape(String verdict, double fromX, double toX, double relativeChange, double noise,
                         double slope, double r2Linear, double growthPerX, double r2Exponential, double maxGrowthPerX) {

    /**
     * Fits the estimates of {@code y} against {@code x} for the points with {@code x >= fromX}; "flat" only when the
     * 95 % intervals of the first and the last of those points overlap (the noise figure is then the larger relative
     * half-width of those two intervals).
     */
    public static CurveShape of(double[] x, dev.racelab.core.Interval[] y, double fromX) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y must have the same length");
        double[] est = new double[y.length];
        int first = -1, last = -1;
        for (int i = 0; i < y.length; i++) {
            est[i] = y[i].estimate();
            if (x[i] >= fromX && !y[i].isEmpty()) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) throw new IllegalArgumentException("no point from x = " + fromX + " on");
        double noise = Math.max(halfWidth(y[first]), halfWidth(y[last]));
        CurveShape c = of(x, est, fromX, noise, y[first].overlaps(y[last]));
        // the most growth per step of x the intervals allow: from the first point's low end to the last point's high end
        double maxGrowth = Math.pow(y[last].high() / y[first].low(), 1.0 / (x[last] - x[first]));
        String verdict = c.verdict.equals("flat") && noise > 0.05 ? "inconclusive" : c.verdict;
        return new CurveShape(verdict, c.fromX, c.toX, c.relativeChange, c.noise, c.slope, c.r2Linear, c.growthPerX,
                c.r2Exponential, maxGrowth);
    }

    private static double halfWidth(dev.racelab.core.Interval iv) {
        return (iv.high() - iv.low()) / 2 / Math.abs(iv.estimate());
    }

    /** Fits {@code y} against {@code x} for the points with {@code x >= fromX}. {@code noise} is a relative spread (0.05 = 5 %). */
    public static CurveShape of(double[] x, double[] y, double fromX, double noise) {
        return of(x, y, fromX, noise, null);
    }

    private static CurveShape of(double[] x, double[] y, double fromX, double noise, Boolean overlap) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y must have the same length");
        int n = 0;
        for (double v : x) if (v >= fromX) n++;
        if (n < 3) throw new IllegalArgumentException("need at least 3 points from x = " + fromX + " on (got " + n + ")");
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= fromX) {
                if (!(y[i] > 0)) throw new IllegalArgumentException("y must be positive (got " + y[i] + " at x = " + x[i] + ")");
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        double[] lin = fit(xs, ys);
        double[] logY = new double[n];
        for (int i = 0; i < n; i++) logY[i] = Math.log(ys[i]);
        double[] exp = fit(xs, logY);
        double[] linPred = new double[n];
        double[] expPred = new double[n];
        for (int i = 0; i < n; i++) {
            linPred[i] = lin[0] + lin[1] * xs[i];
            expPred[i] = Math.exp(exp[0] + exp[1] * xs[i]);
        }
        double r2Lin = r2(ys, linPred);
        double r2Exp = r2(ys, expPred);
        double first = ys[0];
        double last = ys[n - 1];
        double change = last / first - 1;
        double tolerance = Math.max(0.05, noise);
        String verdict;
        if (overlap != null ? overlap : Math.abs(change) <= tolerance) verdict = "flat";
        else if (Math.max(r2Lin, r2Exp) < 0.5) verdict = "noisy";
        else if (change < 0) verdict = "falling";
        else if (r2Exp > r2Lin + 0.05 && exp[1] > 0) verdict = "exponential";
        else verdict = "linear";
        return new CurveShape(verdict, xs[0], xs[n - 1], change, noise, lin[1], r2Lin, Math.exp(exp[1]), r2Exp, Double.NaN);
    }

    /** How many more x it takes for an exponential with this growth to double (infinite if it does not grow). */
    public double doublingX() {
        return growthPerX > 1 ? Math.log(2) / Math.log(growthPerX) : Double.POSITIVE_INFINITY;
    }

    /** One sentence, e.g. "From 2 to 64 threads the wall time changed by +3.1 % (noise ±4.0 %): flat …". */
    public String describe(String quantity, String unitOfY, String unitOfX) {
        String head = String.format(Locale.ROOT, "From %s to %s %ss the %s changed by **%+.1f %%** (95 %% intervals ±%.1f %%)",
                num(fromX), num(toX), unitOfX, quantity, relativeChange * 100, noise * 100);
        String growth = Double.isInfinite(doublingX()) ? "the best exponential fit does not grow at all"
                : String.format(Locale.ROOT, "the best exponential fit grows ×%.4f per %s, so it would take %s more %ss to double",
                        growthPerX, unitOfX, num(Math.round(doublingX())), unitOfX);
        return switch (verdict) {
            case "flat" -> head + ": **flat** — no change beyond the noise of this run, let alone exponential growth.";
            case "inconclusive" -> head + String.format(Locale.ROOT, ": the intervals of the first and the last point overlap, "
                    + "but they are wide, so **this run cannot tell** flat from a modest change. What it does bound: even "
                    + "from the low end of the first interval to the high end of the last, the %s grew at most ×%.3f per %s; "
                    + "\"exponentially harder\" managing would mean a constant factor with every %s (×2 would double the cost "
                    + "with each one).", quantity, maxGrowthPerX, unitOfX, unitOfX);
            case "falling" -> head + ": it **fell** — more " + unitOfX + "s made it smaller, not larger.";
            case "noisy" -> head + String.format(Locale.ROOT, ": **no clear shape** — neither a line (R² %.2f) nor an exponential "
                    + "(R² %.2f) explains even half of the variation, so the noise decides.", r2Linear, r2Exponential)
                    + (growthPerX > 1 ? " Even taken at face value, " + growth + "." : "");
            case "linear" -> head + String.format(Locale.ROOT, ": roughly **linear**, %+.3g %s per extra %s (R² %.2f; an exponential fits %s, R² %.2f); ",
                    slope, unitOfY, unitOfX, r2Linear, r2Exponential > r2Linear ? "slightly better" : "no better", r2Exponential) + growth + ".";
            default -> head + String.format(Locale.ROOT, ": it grows **exponentially** here, ×%.3f per %s (R² %.2f against %.2f for a line).",
                    growthPerX, unitOfX, r2Exponential, r2Linear);
        };
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Least squares line: {intercept, slope}. */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {my - slope * mx, slope};
    }

    /** Coefficient of determination of predictions against observations (1 = perfect, 0 = no better than the mean). */
    static double r2(double[] y, double[] pred) {
        double m = 0;
        for (double v : y) m += v;
        m /= y.length;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < y.length; i++) {
            ssRes += (y[i] - pred[i]) * (y[i] - pred[i]);
            ssTot += (y[i] - m) * (y[i] - m);
        }
        return ssTot == 0 ? 1 : 1 - ssRes / ssTot;
    }
}
