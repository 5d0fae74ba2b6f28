package dev.racelab.channels;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a fan-out run says (notebook 05 §4): whether every result came back once and every worker ended on its pill;
 * the wall times of the fewest and the most workers as medians of the rounds with 95 % intervals; "faster" only when
 * those intervals separate, and "past the core count" only when the speed-up's interval lies above it.
 * {@code ChannelPatterns.fanOut(64, 5, 1, 4, 16, 64).explain()}
 */
final class FanExplain {
    private FanExplain() {}

    static Prose explain(Result r) {
        long rounds = (long) r.value("rounds_done");
        int first = ((Number) r.params().get("first_workers")).intValue();
        int last = ((Number) r.params().get("last_workers")).intValue();
        int cores = ((Number) r.params().get("cores")).intValue();
        Prose p = new Prose().set("rounds", rounds, "%,.0f").set("first", first, "%,.0f").set("last", last, "%,.0f")
                .set("cores", cores, "%,.0f").set("coreWord", cores == 1 ? "core" : "cores")
                .set("firstWorkers", first == 1 ? "One worker" : first + " workers");
        if (rounds == 0) {
            return p.add("No round finished within the time budget: no data on fan-out.");
        }
        boolean once = ChannelPatterns.everyResultOnce(r), ended = ChannelPatterns.everyWorkerEnded(r);
        if (once && ended) {
            p.add("Every result arrived exactly once and every worker ended on its pill, in each of the {rounds} rounds "
                    + "(both checked).");
        } else {
            p.add((once ? "Every result arrived exactly once, but " : "A result was lost or delivered twice, and ")
                    + (ended ? "every worker ended on its pill." : "a worker did not end on its pill.")
                    + " The numbers below come from a broken run.");
        }
        Interval a = r.interval("first_wall_ms"), z = r.interval("last_wall_ms"), speedup = r.interval("speedup");
        p.set("a", a, "%,.0f ms").set("z", z, "%,.0f ms").set("speedup", speedup, "%.0f×")
                .set("ideal", r.value("ideal_speedup"), "%.0f×");
        p.add("{firstWorkers} needed {a} (the median of the rounds, with its 95 % interval); {last} workers {z}.");
        if (rounds < ChannelPatterns.FAN_ROUNDS) {
            long planned = ((Number) r.params().get("rounds")).longValue();
            p.set("planned", planned, "%,.0f");
            p.add((rounds < planned ? "Only {rounds} of {planned} rounds fitted the time budget, and a" : "A")
                    + " median of fewer than six runs has no 95 % interval: the brackets show the whole range of the "
                    + "rounds, and they are less sure than that.");
        }
        switch (Comparison.of(a, z)) {
            case MORE -> {
                p.add("{last} workers were {speedup} faster (each round's ratio, median; the ideal is {ideal}).");
                if (last > first && speedup.low() > cores) {
                    p.add("That is past the {cores} {coreWord}: waiting does not need a core, so blocking tasks scale far "
                            + "past the core count.");
                } else {
                    p.add("Not measurably past the {cores} {coreWord} in this run.");
                }
            }
            case LESS -> p.add("{last} workers were slower than {first}: the intervals separate the wrong way, so in this "
                    + "run something other than the waiting (starting threads, a busy machine) set the time.");
            case WITHIN_NOISE -> p.add("The two wall times are within the noise of this run: no speed-up shown.");
            case NO_DATA -> p.add("One of the two wall times has no data.");
        }
        p.set("imbalance", ChannelPatterns.maxImbalance(r), "%,.0f")
                .add("In every run the busiest and the idlest worker differed by at most {imbalance} task(s): the "
                        + "workers took their tasks from one shared channel.");
        return p;
    }
}
