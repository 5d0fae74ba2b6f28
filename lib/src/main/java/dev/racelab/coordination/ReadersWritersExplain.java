package dev.racelab.coordination;

import dev.racelab.core.Comparison;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the readers/writers run supports, one read share at a time: "faster" only where the intervals separate, and
 * the torn-read count first, because a fast lock that tears a record is no lock.
 * {@code ReadersWriters.of().run().explain()}
 */
final class ReadersWritersExplain {
    private ReadersWritersExplain() {}

    static final String FMT = "%,.2f M/s";

    static Prose explain(Result r) {
        long torn = (long) r.value("torn_reads");
        Prose p = new Prose().set("torn", torn, "%,.0f").set("threads", ((Number) r.params().get("threads")).doubleValue(), "%.0f");
        if (torn > 0) {
            p.add("{torn} reads saw a half-written record: one of the guards is broken — report it with this output.");
        } else {
            p.add("No read ever saw a half-written record ({threads} threads, every kind, every mix).");
        }
        String[] mixes = String.valueOf(r.params().get("mixes")).split(",");
        boolean all = String.valueOf(r.params().get("kinds")).split(",").length == 3;
        if (!all) return p.add("Compare all three kinds to read what this run supports.");
        boolean stampedAhead = false;
        for (String m : mixes) {
            Interval sy = r.interval("synchronized_" + m + "_mops"), rw = r.interval("read_write_lock_" + m + "_mops"),
                    st = r.interval("stamped_optimistic_" + m + "_mops");
            p.set("m" + m, m + " %").set("sy" + m, sy, FMT).set("rw" + m, rw, FMT).set("st" + m, st, FMT);
            Comparison stRw = Comparison.of(st, rw), rwSy = Comparison.of(rw, sy);
            if (stRw == Comparison.MORE) stampedAhead = true;
            p.add("At {m" + m + "} reads: `synchronized` {sy" + m + "}, read-write lock {rw" + m + "}, optimistic stamped "
                    + "{st" + m + "}. " + stRw.pick("Optimistic reads did more than the read-write lock",
                    "Optimistic reads did less than the read-write lock",
                    "Optimistic reads and the read-write lock were within the noise of this run",
                    "No data on optimistic reads against the read-write lock")
                    + "; " + rwSy.pick("the read-write lock did more than `synchronized`.",
                    "the read-write lock did less than `synchronized`.",
                    "the read-write lock and `synchronized` were within the noise of each other.", "no data on the rest."));
        }
        if (stampedAhead) {
            p.add("\n\nWhere optimistic reads pull ahead, it is because a reader writes nothing shared: it reads a stamp, "
                    + "the fields, and the stamp again. A read lock, even shared, updates its reader count with an atomic "
                    + "instruction at every lock and unlock — and when readers run on several cores, that one cache line "
                    + "must move from core to core.");
        } else {
            p.add("\n\nOptimistic reads never pulled ahead of the read-write lock in this run. Their textbook advantage "
                    + "(a reader writes nothing shared) pays off when readers really run on several cores at once; "
                    + "with threads taking turns on the cores, the lock's bookkeeping is not the bottleneck.");
        }
        String c = r.conditions().sentence();
        return p.addIf(!c.isEmpty(), c);
    }
}
