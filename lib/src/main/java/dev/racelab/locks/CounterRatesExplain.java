package dev.racelab.locks;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import dev.racelab.race.CounterKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a repeated throughput run says about lock versus atomic: medians with their range, and each comparison as a
 * ratio with its interval, read by one rule (above ×1, containing ×1, below ×1), so the sentences keep their form
 * from run to run. Short wall-clock points in one warm JVM move from run to run and between notebooks, and the
 * sentences say so; the CPU conditions of the moment are said apart ({@link Prose#addLoad}).
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
        // Each comparison is one ratio with its interval and one reading rule, whatever the data: with five short
        // repeats a side, whether two ranges separated ("the atomic beat the lock" or "within the noise") flipped from
        // run to run on one machine.
        if (!syncN.isEmpty() && !atomN.isEmpty()) {
            p.set("atomLock", Interval.ratio(atomN, syncN), "×%.1f")
                    .add("The ratio of `AtomicInteger`'s rate to `synchronized`'s with {n} threads: {atomLock}. An "
                            + "interval above ×1 means the atomic was faster here; one that contains ×1 cannot tell them "
                            + "apart; one below ×1 means the lock was faster, which happens when the lock's threads mostly take turns instead "
                            + "of fighting (a thread that holds the lock can do many increments in a row, and the JIT may "
                            + "merge consecutive increments under one lock).");
        }
        if (!adderN.isEmpty() && !atomN.isEmpty()) {
            p.set("adderAtom", Interval.ratio(adderN, atomN), "×%.1f")
                    .add("The ratio of `LongAdder`'s rate to `AtomicInteger`'s with {n} threads: {adderAtom}. Its "
                            + "threads add to separate cells instead of all fighting over one field, which pays off only "
                            + "when threads really collide on that field: an interval above ×1 shows it paying off here; "
                            + "one that contains ×1 cannot tell them apart; one below ×1 means the cells cost more than "
                            + "they saved.");
        }
        if (!atom1.isEmpty() && !atomN.isEmpty() && n > 1) {
            p.set("atomScale", Interval.ratio(atomN, atom1), "×%.1f")
                    .add("The ratio of `AtomicInteger`'s rate with {n} threads to its rate alone: {atomScale}. An "
                            + "interval below ×1 shows contention, even on {cores} CPUs: each increment has to win the "
                            + "field's cache line from the other core; one that contains ×1 shows no contention measurable "
                            + "in this run; one above ×1 means its threads rarely hit the field at the same instant.");
        }
        var regime = r.conditions().regime();
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) {
            // the moment's load: threads that cannot run at the same time cannot contend, so on a busy machine or one
            // CPU the ratios say which moments the other programs left free (said apart, as the load, not a verdict)
            boolean turns = regime == dev.racelab.core.Conditions.Regime.BUSY
                    || regime == dev.racelab.core.Conditions.Regime.ONE_CORE;
            p.addLoad(cpu + (turns ? " Threads that cannot run at the same time cannot contend: these ratios say as much "
                    + "about which moments the other work left free as about the counters; on free cores the same cell "
                    + "compares the counters." : ""));
        }
        p.add("These are short wall-clock points in one warm JVM: they move from run to run and between notebooks, so "
                + "only a ratio whose interval leaves out ×1 is read as a difference. With more cores, more threads hit "
                + "one field at the same instant: the case `LongAdder` is built for.");
        return p;
    }
}
