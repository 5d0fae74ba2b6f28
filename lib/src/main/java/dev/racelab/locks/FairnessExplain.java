package dev.racelab.locks;

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
        double unfair = r.value("unfair_acquisitions_per_s"), fair = r.value("fair_acquisitions_per_s");
        Prose p = new Prose().set("unfair", unfair, "%,.0f").set("fair", fair, "%,.0f")
                .set("us", r.value("unfair_max_over_min"), "%.2f×").set("fs", r.value("fair_max_over_min"), "%.2f×")
                .set("ratio", fair > 0 ? unfair / fair : Double.NaN, "×%.1f")
                .set("ms", ((Number) r.params().get("ms")).doubleValue(), "%,.0f");
        p.add("Unfair: {unfair} acquisitions/s, the busiest thread got {us} as many as the least busy. Fair: {fair}/s "
                + "and {fs}. The unfair lock managed {ratio} the acquisitions of the fair one in this single run: a "
                + "fair lock hands over to the longest waiter, which is parked, so every hand-off waits for a wake-up.");
        p.add("Totals over {ms} ms are a weak measure of fairness: what an unfair lock does is let one thread take it "
                + "again and again while others wait (long runs, long worst-case waits), and over many time slices "
                + "those runs even out. To see unfairness, measure each acquisition's wait and look at its tail.");
        return p;
    }
}
