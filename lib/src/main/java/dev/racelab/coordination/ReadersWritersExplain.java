package dev.racelab.coordination;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import dev.racelab.coordination.ReadersWriters.Kind;

/**
 * What the readers/writers run supports, one read share at a time: the torn-read count first, because a fast lock
 * that tears a record is no lock; then each pair's ratio with its interval and one rule for reading it (which pairs
 * separated changed from run to run, so no sentence depends on it).
 * {@code ReadersWriters.of().run().explain()}
 */
final class ReadersWritersExplain {
    private ReadersWritersExplain() {}

    static final String FMT = "%,.2f M/s";
    static final String RATIO = "%.2f×";

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
        // one form: with a few interleaved repeats a point, which pairs' intervals separated ("did more", "within the
        // noise") changed from run to run on the same machine, and with it the closing paragraph; each pair's ratio with
        // its interval is the finding, and one reading rule says what each side of 1× means
        for (String m : mixes) {
            int mix = Integer.parseInt(m.strip());
            Interval sy = r.interval("synchronized_" + m + "_mops"), rw = r.interval("read_write_lock_" + m + "_mops"),
                    st = r.interval("stamped_optimistic_" + m + "_mops");
            p.set("m" + m, m + " %").set("sy" + m, sy, FMT).set("rw" + m, rw, FMT).set("st" + m, st, FMT)
                    .set("q" + m, r.interval(ReadersWriters.ratioKey(Kind.STAMPED_OPTIMISTIC, Kind.READ_WRITE_LOCK, mix)), RATIO)
                    .set("k" + m, r.interval(ReadersWriters.ratioKey(Kind.READ_WRITE_LOCK, Kind.SYNCHRONIZED, mix)), RATIO);
            p.add("At {m" + m + "} reads: `synchronized` {sy" + m + "}, read-write lock {rw" + m + "}, optimistic stamped "
                    + "{st" + m + "}; optimistic over the read-write lock {q" + m + "}, the read-write lock over "
                    + "`synchronized` {k" + m + "}.");
        }
        p.add("\n\nEach ratio is the median, over the repeats, of one guard's operations over the other's in the same "
                + "repeat, where the two ran back to back, so a busy moment weighs on both. An interval above 1× shows the "
                + "first did more; one that contains 1× cannot tell the two apart in this run; one below 1× shows the "
                + "first did less.");
        p.add("Optimistic reads can pull ahead because a reader writes nothing shared: it reads a stamp, the fields, and "
                + "the stamp again. A read lock, even shared, updates its reader count with an atomic instruction at every "
                + "lock and unlock — and when readers run on several cores, that one cache line must move from core to "
                + "core. With threads taking turns on the cores, the lock's bookkeeping is not the bottleneck, and the "
                + "advantage can vanish.");
        String c = r.conditions().sentence();
        if (!c.isEmpty()) p.addLoad(c); // the moment's load, not a conclusion
        return p;
    }
}
