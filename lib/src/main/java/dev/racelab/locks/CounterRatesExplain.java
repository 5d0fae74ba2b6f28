package dev.racelab.locks;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import dev.racelab.race.CounterKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a repeated throughput run says about lock versus atomic: medians with their range, and "beat" or "fell"
 * only when the ranges separate ({@link Comparison}); otherwise "within the noise of this run". Short wall-clock
 * points in one warm JVM move from run to run and between notebooks, and the sentences say so.
 * {@code Throughput.of(...).repeats(5).run().explain()}
 */
final class CounterRatesExplain {
    private CounterRatesExplain() {}

    static final String M = "%.0f M";

    static Interval at(Result r, CounterKind k, int n) {
        String f = Throughput.key(k.label()) + "_" + n + "t_mops";
        return r.hasInterval(f) ? r.interval(f) : Interval.empty();
    }

    static Prose explain(Result r) {
        List<CounterKind> kinds = new ArrayList<>();
        for (String k : String.valueOf(r.params().get("kinds")).split(",")) kinds.add(CounterKind.valueOf(k.trim()));
        int[] ns = Arrays.stream(String.valueOf(r.params().get("thread_counts")).split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        Object coresParam = r.params().get("cores");
        int cores = coresParam instanceof Number num ? num.intValue() : Runtime.getRuntime().availableProcessors();
        int n = 1;
        for (int t : ns) if (t <= Math.max(2, cores) && t > n) n = t;
        Prose p = new Prose().set("n", n, "%.0f").set("cores", cores, "%.0f")
                .set("reps", ((Number) r.params().get("repeats")).doubleValue(), "%.0f")
                .set("ms", ((Number) r.params().get("ms_per_point")).doubleValue(), "%.0f ms");
        StringBuilder list = new StringBuilder();
        StringBuilder alone = new StringBuilder();
        for (CounterKind k : kinds) {
            if (k == CounterKind.VOLATILE || k.name().startsWith("PLAIN")) continue; // not safe: it loses updates
            String name = Throughput.key(k.label());
            p.set(name + "N", at(r, k, n), M).set(name + "1", at(r, k, 1), M);
            if (list.length() > 0) { list.append(", "); alone.append(", "); }
            list.append('`').append(k.label()).append("` {").append(name).append("N}");
            alone.append('`').append(k.label()).append("` {").append(name).append("1}");
        }
        if (list.length() == 0) return p.add("No thread-safe counter in this run: nothing to compare.");
        p.add("With {n} threads on {cores} CPUs, in increments per second of all threads together (median of {reps} "
                + "repeats of {ms}; in brackets the 95 % interval, for so few repeats their whole range): " + list
                + ". One thread alone: " + alone + ".");
        Interval syncN = at(r, CounterKind.SYNCHRONIZED, n), atomN = at(r, CounterKind.ATOMIC_INTEGER, n),
                adderN = at(r, CounterKind.LONG_ADDER, n), atom1 = at(r, CounterKind.ATOMIC_INTEGER, 1);
        var regime = r.conditions().regime();
        if (regime == dev.racelab.core.Conditions.Regime.BUSY || regime == dev.racelab.core.Conditions.Regime.ONE_CORE) {
            // threads that cannot run at the same time cannot contend: which counter "won" would say which moments the
            // other programs left free, so no direction is read (and the sentence stays the same from run to run)
            p.add(r.conditions().sentence());
            p.add("With the threads this rarely on the cores together, the points measure the load's moments more than the "
                    + "counters, so no counter is read as faster or slower here; on free cores the same cell compares "
                    + "them.");
            p.add("These are short wall-clock points in one warm JVM: they move from run to run and between notebooks. "
                    + "With more cores, more threads hit one field at the same instant: the case `LongAdder` is built for.");
            return p;
        }
        if (!syncN.isEmpty() && !atomN.isEmpty()) {
            p.add(Comparison.of(syncN, atomN).pick(
                    "Here the lock beat the atomic. That happens when the lock's threads mostly take turns instead of "
                            + "fighting (a thread that holds the lock can do many increments in a row, and the JIT may "
                            + "merge consecutive increments under one lock); it is this run, not a law.",
                    "The atomic beat the lock.",
                    "`synchronized` and `AtomicInteger` are within the noise of each other in this run.",
                    "`synchronized` or `AtomicInteger` has no data in this run."));
        }
        if (!adderN.isEmpty() && !atomN.isEmpty()) {
            Comparison c = Comparison.of(adderN, atomN);
            if (c == Comparison.MORE) {
                p.set("ratio", Interval.ratio(adderN, atomN), "×%.1f")
                        .add("`LongAdder` did {ratio} the `AtomicInteger` rate: its threads add to separate cells "
                                + "instead of all fighting over one field.");
            } else {
                p.add("`LongAdder` did not beat `AtomicInteger` measurably here: its cells pay off only when threads "
                        + "really collide on one field.");
            }
        }
        if (!atom1.isEmpty() && !atomN.isEmpty() && n > 1) {
            p.add(Comparison.of(atomN, atom1).pick(
                    "`AtomicInteger` was even faster with {n} threads than alone: its threads rarely hit the field "
                            + "at the same instant.",
                    "Contention shows even on {cores} CPUs: with {n} threads on its one field, `AtomicInteger` fell "
                            + "from {atomicinteger1} (one thread) to {atomicintegerN}; each increment has to win the "
                            + "field's cache line from the other core.",
                    "`AtomicInteger` with {n} threads was within the noise of one thread alone: no contention "
                            + "measurable in this run.",
                    ""));
        }
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        p.add("These are short wall-clock points in one warm JVM: they move from run to run and between notebooks, so "
                + "only differences whose ranges do not overlap are read as differences. With more cores, more threads "
                + "hit one field at the same instant: the case `LongAdder` is built for.");
        return p;
    }
}
