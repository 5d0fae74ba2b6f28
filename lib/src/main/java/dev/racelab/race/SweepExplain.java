package dev.racelab.race;

import dev.racelab.core.Check;
import dev.racelab.core.Comparison;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a start-gate sweep says: per counter, how the losses moved with loop length or thread count — "more" or
 * "less" only where the 95 % intervals separate — and the zero-loss claims, checked on counts (no data is never a
 * pass). {@code Sweep.gate().run().explain()}, {@code sweep.verifyNoLoss(CounterKind.SYNCHRONIZED)}
 */
final class SweepExplain {
    private SweepExplain() {}

    /** A C2 loop faster than this per increment was collapsed by the JIT (about one read and one write in all). */
    static final double COLLAPSED_NS = 0.2;

    static Prose explain(dev.racelab.core.Result r) {
        DataTable t = r.samples();
        Prose p = new Prose();
        Set<Long> threads = new LinkedHashSet<>();
        for (long th : t.longs("threads")) threads.add(th);
        long empty = java.util.Arrays.stream(t.longs("trials")).filter(x -> x == 0).count();
        if (threads.size() > 1) byThreads(t, p, r.conditions().cores());
        else byIncrements(t, p);
        if (empty > 0) {
            p.set("empty", empty, "%,.0f").set("points", t.size(), "%,.0f")
                    .add("{empty} of {points} points finished no trial within their time (no data, not a result).");
        }
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }

    /** Loop length: where each unsafe counter lost least and most, and whether longer loops lost more often. */
    private static void byIncrements(DataTable t, Prose p) {
        int k = 0;
        boolean compared = false;
        for (String counter : counters(t)) {
            DataTable c = t.where("counter", counter);
            if (CounterKind.isSafeLabel(counter)) continue;
            List<Integer> rows = withData(c);
            if (rows.isEmpty()) continue;
            String a = "a" + k, b = "b" + k, l = "l" + k, n0 = "n0" + k, n1 = "n1" + k;
            // compare the shortest and the longest loop that each have enough raced trials: a busy moment can leave one
            // length with almost none (11 of 300 in one CI run), and the longest length often has under ten in its
            // budget; the two ends with data, whichever raced, flipped between "too few" and a comparison
            long[] together = c.longs("trials_together");
            List<Integer> raced = rows.stream().filter(i -> together[i] >= StartGate.MIN_RACED).toList();
            if (raced.size() < 2) {
                p.set(l, counter).set("min", StartGate.MIN_RACED, "%.0f")
                        .add("Too few trials of the {" + l + "} counter really raced (every thread at the gate in time) to "
                                + "compare loop lengths: fewer than two lengths had {min} or more.");
                k++;
                continue;
            }
            int first = raced.get(0), last = raced.get(raced.size() - 1);
            p.set(l, counter).set(a, share(c, first).scaled(100), "%.0f %%").set(b, share(c, last).scaled(100), "%.0f %%")
                    .set(n0, c.longs("increments")[first], "%,.0f").set(n1, c.longs("increments")[last], "%,.0f");
            double ns = c.doubles("ns_per_increment")[last];
            boolean collapsed = !Double.isNaN(ns) && ns < COLLAPSED_NS && "C2".equals(String.valueOf(c.get(last, "loop_jit")));
            if (collapsed) {
                // A collapsed loop is a different program, not a longer one: no direction is claimed (it flipped from
                // run to run when it was), only the two shares and why they do not compare.
                String nsKey = "ns" + k;
                p.set(nsKey, ns < 0.001 ? "less than **0.001 ns**" : String.format(java.util.Locale.ROOT, "**%.3f ns**", ns))
                        .add("The {" + l + "} counter lost updates in {" + a + "} of trials at {" + n0 + "} increments and in {"
                                + b + "} at {" + n1 + "}, but these two do not compare loop lengths: its C2-compiled loop of {"
                                + n1 + "} took {" + nsKey + "} per increment — the JIT collapsed it into about one read and one "
                                + "write, leaving almost no window to race in, however long the loop.");
                k++;
                continue;
            }
            // One form with the difference's interval: "more often" where the intervals separated and "not measurably
            // more" where they did not flipped from run to run (the longest length has few trials in its budget).
            String d = "d" + k;
            p.setDifference(d, Interval.difference(share(c, last), share(c, first)).scaled(100), "%+.0f")
                    .add("The {" + l + "} counter lost updates in {" + a + "} of trials at {" + n0 + "} increments and in {"
                            + b + "} at {" + n1 + "}: the longer loop minus the shorter, {" + d + "} percentage points, "
                            + "95 % interval {" + d + "Lo} to {" + d + "Hi}.");
            compared = true;
            k++;
        }
        if (compared) {
            p.add("A longer loop leaves more room to race, but only while both threads really run at once for all of it. "
                    + "An interval above 0 shows that here; one that contains 0 cannot tell the lengths apart; one below 0 "
                    + "means the longer loop lost less often: a short loop that already loses in nearly every raced trial "
                    + "leaves no room for more, and over a long loop the threads may not run at once all along (see the "
                    + "CPU line).");
        }
        if (k == 0) p.add("No unsafe counter in this sweep finished a trial.");
    }

    /** Thread count: the loss fraction with the fewest and the most threads, at 10,000 increments (or the longest). */
    private static void byThreads(DataTable t, Prose p, int cores) {
        long[] incs = t.longs("increments");
        long inc = java.util.Arrays.stream(incs).anyMatch(x -> x == 10_000) ? 10_000 : java.util.Arrays.stream(incs).max().orElse(0);
        int k = 0;
        for (String counter : counters(t)) {
            DataTable c = t.where("counter", counter).where("increments", inc);
            if (c.size() < 2 || CounterKind.isSafeLabel(counter)) continue;
            List<Integer> rows = withData(c);
            if (rows.size() < 2) continue;
            int few = rows.get(0), many = rows.get(rows.size() - 1);
            Interval fFew = fraction(c, few), fMany = fraction(c, many);
            String s = "" + k;
            long racedFew = c.longs("trials_together")[few], racedMany = c.longs("trials_together")[many];
            if (racedFew < StartGate.MIN_RACED || racedMany < StartGate.MIN_RACED) {
                p.set("l" + s, counter).set("inc" + s, inc, "%,.0f").set("rf" + s, racedFew, "%,.0f")
                        .set("rm" + s, racedMany, "%,.0f").set("tf" + s, c.longs("threads")[few], "%.0f")
                        .set("tm" + s, c.longs("threads")[many], "%.0f")
                        .add("At {inc" + s + "} increments, only {rf" + s + "} trials with {tf" + s + "} threads and {rm" + s
                                + "} with {tm" + s + "} really raced (every thread at the gate in time): too few to compare "
                                + "the {l" + s + "} counter's losses by thread count.");
                k++;
                continue;
            }
            p.set("l" + s, counter).set("inc" + s, inc, "%,.0f")
                    .set("few" + s, fFew.scaled(100), "%.0f %%").set("many" + s, fMany.scaled(100), "%.0f %%")
                    .set("tf" + s, c.longs("threads")[few], "%.0f").set("tm" + s, c.longs("threads")[many], "%.0f")
                    .set("cores", cores, "%.0f")
                    .add("At {inc" + s + "} increments the {l" + s + "} counter lost {few" + s + "} of its updates with {tf"
                            + s + "} threads and {many" + s + "} with {tm" + s + "} ({cores} cores).");
            p.add(switch (Comparison.of(fMany, fFew)) {
                case MORE -> "More threads lost more: more writers overtook each other's reads.";
                case LESS -> "More threads lost *less*: with more threads than free cores they mostly took turns, and a "
                        + "thread the scheduler pauses rarely stops exactly between its read and its write.";
                case WITHIN_NOISE -> "The difference is within this run's noise: the thread count made no measurable difference.";
                case NO_DATA -> "";
            });
            long trials = c.longs("trials")[many], raced = c.longs("trials_together")[many];
            if (trials > 0 && raced * 2 < trials) {
                p.set("raced" + s, Interval.wilson(raced, trials).scaled(100), "%.0f %%")
                        .add("With {tm" + s + "} threads, every thread was at the gate in time in only {raced" + s
                                + "} of trials.");
            }
            k++;
        }
        if (k == 0) p.add("No unsafe counter in this sweep has two thread counts with data.");
    }

    static Prose verifyNoLoss(Sweep.SweepResult sweep, CounterKind... kinds) {
        return verifyNoLoss(sweep, java.util.Arrays.stream(kinds).map(CounterKind::label).toArray(String[]::new));
    }

    static Prose verifyNoLoss(Sweep.SweepResult sweep, String... labels) {
        if (labels.length == 0) throw new IllegalArgumentException("name the counters that must not lose");
        Prose p = new Prose();
        int k = 0;
        for (String label : labels) {
            long[] tot = sweep.totals(label);
            long trials = tot[0], lossy = tot[1], raced = tot[2], points = tot[3], empty = tot[4];
            if (points == 0) throw new IllegalArgumentException("the sweep has no counter '" + label + "'");
            Check.that(lossy == 0, "%s lost or gained updates in %,d of %,d trials", label, lossy, trials);
            String s = "" + k++;
            p.set("k" + s, "`" + label + "`").set("t" + s, trials, "%,.0f").set("r" + s, raced, "%,.0f");
            if (trials == 0) {
                p.add("{k" + s + "}: no trial finished — no data, so the claim could not be checked in this run.");
                continue;
            }
            p.add("{k" + s + "} lost no update in {t" + s + "} trials ({r" + s + "} of them really raced)"
                    + (empty > 0 ? "; " + empty + " of its " + points + " points finished no trial (no data)." : "."));
        }
        return p;
    }

    private static List<String> counters(DataTable t) {
        return new ArrayList<>(new LinkedHashSet<>(t.strings("counter")));
    }

    private static List<Integer> withData(DataTable c) {
        List<Integer> rows = new ArrayList<>();
        long[] trials = c.longs("trials");
        for (int i = 0; i < trials.length; i++) if (trials[i] > 0) rows.add(i);
        return rows;
    }

    private static Interval share(DataTable c, int row) {
        long n = c.longs("trials")[row];
        return Interval.wilson(c.longs("trials_with_loss")[row], n);
    }

    private static Interval fraction(DataTable c, int row) {
        double est = c.doubles("mean_fraction_lost")[row];
        return Double.isNaN(est) ? Interval.empty()
                : new Interval(est, c.doubles("fraction_low")[row], c.doubles("fraction_high")[row], c.longs("trials")[row], "mean");
    }
}
