package dev.racelab.atomics;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import java.util.List;

/**
 * What the two-field invariant runs say (notebook 04 §5): for each implementation, how many trials broke
 * {@code lower <= upper} with the share's Wilson interval (a count of 0 stays a count, with the upper bound it
 * allows), which side won with intervals; the CPU conditions where the two setters could not always overlap; and the
 * lesson only as far as the counts carry it. {@code Invariant.compare(broken, locked, swapped)}
 */
final class InvariantExplain {
    private InvariantExplain() {}

    static final String PCT = "%.1f %%";

    /** One run on its own ({@code Invariant.atomicFields().run().explain()}). */
    static Prose explain(Result r) {
        return compare(List.of(r));
    }

    static Prose compare(List<Result> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("name at least one invariant result");
        Prose p = new Prose();
        Result unsafe = null;
        boolean fixBroke = false, anyData = false;
        for (int i = 0; i < runs.size(); i++) {
            Result r = runs.get(i);
            String impl = String.valueOf(r.params().get("impl"));
            long n = (long) r.value("trials"), broken = (long) r.value("broken");
            String label = String.valueOf(r.params().get("implementation"));
            // each run's sentence starts with its label
            p.set("label" + i, label.isEmpty() ? label : Character.toUpperCase(label.charAt(0)) + label.substring(1))
                    .set("n" + i, n, "%,.0f")
                    .set("broken" + i, broken, "%,.0f");
            if (n == 0) {
                p.add("{label" + i + "}: no trial finished within the time budget — no data, neither broken nor safe.");
                continue;
            }
            anyData = true;
            p.set("share" + i, r.interval("share_broken").scaled(100), PCT)
                    .set("alpha" + i, r.interval("share_alpha_won").scaled(100), PCT)
                    .set("beta" + i, r.interval("share_beta_won").scaled(100), PCT);
            if (impl.equals(Invariant.ATOMIC_FIELDS)) {
                unsafe = r;
                // one form whatever the count, so runs on the same machine read alike
                p.add("{label" + i + "}: the invariant broke (lower > upper) in {broken" + i + "} of {n" + i
                        + "} trials ({share" + i + "}); Alpha won {alpha" + i + "}, Beta {beta" + i + "}.");
            } else if (broken == 0) {
                p.set("upper" + i, 100 * r.interval("share_broken").high(), PCT)
                        .add("{label" + i + "}: {broken" + i + "} broken of {n" + i + "} (with 95 % confidence fewer "
                                + "than {upper" + i + "} of such trials break it).");
            } else {
                fixBroke = true;
                p.add("{label" + i + "}: the invariant broke in {broken" + i + "} of {n" + i + "} trials ({share" + i
                        + "}) — this implementation does not hold it.");
            }
        }
        if (!anyData) return p;
        if (unsafe != null) {
            // one form whatever the count (a busy run broke it in 3 of 4,979 trials, a free one in 4,249 of 5,000)
            p.add("Only trials in which the two setters really overlap can break it: where the threads take turns, one "
                    + "checks and acts before the other checks — so a small share, or none, measures how rarely they "
                    + "overlapped, not a safer design; JCStress (§6) runs the same race without the added work.");
            String cpu = unsafe.conditions().sentence();
            if (!cpu.isEmpty()) p.addLoad(cpu); // the moment's load, not a conclusion
        }
        if (!fixBroke && runs.size() > 1 && unsafe != null) {
            p.add("Atomic *fields* protect one value each; an invariant over two needs one lock — or one atomic reference "
                    + "to both.");
        }
        return p;
    }
}
