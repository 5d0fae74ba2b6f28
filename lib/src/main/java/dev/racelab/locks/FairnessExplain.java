package dev.racelab.locks;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What one fair-versus-unfair run can say, and what it cannot: totals per thread over a run even out the long runs
 * of re-acquisition that make an unfair lock unfair, so the spread is reported, not read as a verdict.
 * {@code Fairness.compare().threads(4).run().explain()}
 */
final class FairnessExplain {
    private FairnessExplain() {}

    static Prose explain(Result r) {
        Interval unfair = r.interval("unfair_acquisitions_per_s"), fair = r.interval("fair_acquisitions_per_s");
        Prose p = new Prose().set("unfair", unfair, "%,.0f").set("fair", fair, "%,.0f")
                .set("us", r.value("unfair_max_over_min"), "%.2f×").set("fs", r.value("fair_max_over_min"), "%.2f×")
                .set("ratio", Interval.ratio(unfair, fair), "×%.1f")
                .set("ms", ((Number) r.params().get("ms")).doubleValue(), "%,.0f")
                .set("rounds", ((Number) r.params().getOrDefault("rounds", 1)).doubleValue(), "%.0f");
        // the ratio with its interval in one form, whichever way it came out (a verdict would follow the noise)
        p.add("Unfair: {unfair} acquisitions/s, the busiest thread got {us} as many as the least busy. Fair: {fair}/s "
                + "and {fs} (rates: medians of {rounds} rounds, the two locks taking turns). A fair lock hands over to "
                + "the longest waiter, which is usually parked, so every hand-off waits for a wake-up, which usually "
                + "costs throughput; here the unfair lock managed {ratio} the acquisitions of the fair one.");
        p.add("Totals over {ms} ms are a weak measure of fairness: what an unfair lock does is let one thread take it "
                + "again and again while others wait, and over many time slices those runs even out.");
        Interval ur = r.interval("unfair_median_run"), fr = r.interval("fair_median_run");
        Interval uw = r.interval("unfair_p99_wait_us"), fw = r.interval("fair_p99_wait_us");
        if (ur.isEmpty() || fr.isEmpty() || uw.isEmpty() || fw.isEmpty()) {
            return p.add("The runs and waits were not recorded: no data on them.");
        }
        p.set("ur", ur, "%,.0f").set("fr", fr, "%,.0f").set("ur99", r.interval("unfair_p99_run"), "%,.0f")
                .set("fr99", r.interval("fair_p99_run"), "%,.0f").set("uw", uw, micros(uw.estimate())).set("fw", fw, micros(fw.estimate()))
                .set("umax", r.value("unfair_max_wait_us"), micros(r.value("unfair_max_wait_us")))
                .set("fmax", r.value("fair_max_wait_us"), micros(r.value("fair_max_wait_us")));
        p.add("So look at each acquisition instead. Unfair: a thread took the lock {ur:value} times in a row (median "
                + "run; 99th percentile {ur99:value}); fair: {fr:value} (99th percentile {fr99:value}; intervals in the table).");
        p.add("An unfair lock allows *barging*: the thread that just released it may take it straight back, which "
                + "shows as runs longer than 1; a fair lock hands it to the longest waiter, so while others wait its "
                + "runs are 1 long.");
        p.add("A thread that took the lock over from another had waited {uw} or more in the slowest 1 % of those "
                + "hand-offs with the unfair lock, {fw} with the fair one (longest {umax} and {fmax}).");
        p.add(Comparison.of(uw, fw).pick(
                "The unfair lock's unlucky waiters waited longer: that is what fairness buys.",
                "Even the tail of the hand-off waits was shorter with the unfair lock here: on a shared machine a "
                        + "fair lock also waits for the next waiter to get a core.",
                "The tails of the hand-off waits were the same within the noise of this run.", "No data."));
        return p;
    }

    /** One decimal below 10 µs, none above: "0.4 µs", "36 µs", "199,512 µs". */
    static String micros(double us) {
        return us < 10 ? "%.1f µs" : "%,.0f µs";
    }
}
