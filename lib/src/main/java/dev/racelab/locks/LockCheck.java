package dev.racelab.locks;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import dev.racelab.race.StartGate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The check of a lock, with how hard it was tested: the start gate of notebook 02 runs the real locked counter
 * (every lost update counted), then a copy of the same counter that also notes which thread holds the lock, to
 * count how often the lock really changed hands inside a trial. Zero losses from trials in which one thread ran its
 * whole loop while the other waited is a weak check; the result says which kind this run was.
 * {@code LockCheck.of(CounterKind.SYNCHRONIZED).run().explain()}
 *
 * <p>Samples: one row per trial of the real counter (trial, lost, skew_ns, loop_ns, overlap_ns, overlap_share: the
 * time both loops ran at once as a share of the longest loop, 0 when they never did).
 */
public final class LockCheck {
    private final CounterKind kind;
    private double seconds;

    private LockCheck(CounterKind kind) {
        this.kind = kind;
        this.seconds = Profile.quickOrFull(1.5, 30);
    }

    /** {@code SYNCHRONIZED} or {@code REENTRANT_LOCK}. */
    public static LockCheck of(CounterKind kind) {
        Require.notNull("counter kind", kind);
        if (kind != CounterKind.SYNCHRONIZED && kind != CounterKind.REENTRANT_LOCK) {
            throw new IllegalArgumentException("a lock check needs synchronized or reentrant_lock (got " + kind.label() + ")");
        }
        return new LockCheck(kind);
    }

    /** Time budget of each of the two start-gate runs (0.1..3600 s). */
    public LockCheck seconds(double s) {
        this.seconds = Budget.requireSeconds(s);
        return this;
    }

    public Result run() {
        Result gate = StartGate.of(kind).seconds(seconds).run();
        OwnerNoting twin = kind == CounterKind.SYNCHRONIZED ? new SynchronizedNoting() : new LockNoting();
        Result copy = StartGate.of(kind.label() + ", noting its owner", () -> twin).seconds(seconds).run();
        int warm = ((Number) copy.params().get("warmup_trials")).intValue();
        long[] changes = twin.changesPerTrial(warm, copy.samples().size());
        return summarize(gate, copy, changes);
    }

    Result summarize(Result gate, Result copy, long[] changes) {
        int threads = ((Number) gate.params().get("threads")).intValue();
        Result.Builder b = Result.builder("lock-check", "The lock's check and how hard it was tested: " + kind.label())
                .conditions(gate.conditions())
                .param("counter", kind.label()).param("threads", threads).param("increments", gate.params().get("increments"))
                .param("time_budget_s", seconds).param("loop_jit", gate.params().get("loop_jit"))
                .param("copy_loop_jit", copy.params().get("loop_jit"));
        DataTable g = gate.samples();
        DataTable t = new DataTable("trial", "lost", "skew_ns", "loop_ns", "overlap_ns", "overlap_share");
        long[] lost = g.longs("lost"), skew = g.longs("skew_ns"), loop = g.longs("loop_ns"), overlap = g.longs("overlap_ns");
        int n = g.size();
        double[] share = new double[n];
        long apart = 0, lossy = 0;
        for (int i = 0; i < n; i++) {
            share[i] = loop[i] <= 0 ? 0 : Math.max(0, Math.min(1, overlap[i] / (double) loop[i]));
            if (overlap[i] <= 0) apart++;
            if (lost[i] != 0) lossy++;
            t.add(i + 1, lost[i], skew[i], loop[i], overlap[i], share[i]);
        }
        b.samples(t).ended(gate.ended() + "; copy noting its owner: " + copy.ended());
        b.figure("trials", n, "");
        b.figure("trials_with_loss", lossy, "");
        b.figure("max_lost", n == 0 ? Double.NaN : Arrays.stream(lost).max().getAsLong(), "updates");
        b.figure("trials_together", gate.value("trials_together"), "");
        b.figure("share_together", gate.interval("share_together"), "");
        b.figure("median_overlap_share", Interval.median(share), "of a loop");
        b.figure("share_apart", Interval.wilson(apart, n), "");
        b.figure("median_skew_us", gate.interval("median_skew_us"), "µs");
        b.figure("median_loop_us", gate.interval("median_loop_us"), "µs");
        b.figure("ns_per_increment", gate.interval("ns_per_increment"), "ns");
        b.figure("copy_trials", changes.length, "");
        b.figure("median_owner_changes", Interval.median(changes), "per trial");
        long handedOften = Arrays.stream(changes).filter(c -> c > threads).count();
        b.figure("share_handed_often", Interval.wilson(handedOften, changes.length), "");
        b.figure("copy_ns_per_increment", copy.interval("ns_per_increment"), "ns");
        b.note(String.format(Locale.ROOT, "The copy is the same counter with one more step inside the lock: if the "
                + "thread taking it is not the last owner, it counts a change of owner. With %d threads, %d changes per "
                + "trial is the least possible (each thread runs once, one after the other).", threads, threads - 1));
        if (changes.length > 0) b.chart(r -> chart(kind.label(), changes, threads));
        b.explainer(LockExplain::check);
        return b.build();
    }

    /**
     * Trials by how often the lock changed owner, in buckets a decade wide (a few trials with thousands of changes
     * would squeeze exact-value bars into one corner).
     */
    static dev.racelab.chart.Chart chart(String label, long[] changes, int threads) {
        long[] bounds = {0, threads - 1L, 10, 100, 1_000, Long.MAX_VALUE};
        String[] names = {"0 (one thread)", (threads - 1) + " (in turn)", threads + "–10", "11–100", "101–1,000", "over 1,000"};
        long[] count = new long[names.length];
        for (long c : changes) {
            for (int i = 0; i < bounds.length; i++) {
                if (c <= bounds[i]) { count[i]++; break; }
            }
        }
        java.util.Map<String, Long> bars = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (i == 0 && count[0] == 0) continue;
            bars.put(names[i], count[i]);
        }
        return Charts.bars("Trials by changes of owner of the lock (" + label + ", noted by a copy)", "trials", bars, false);
    }

    /** A locked counter that also counts how often its lock passes from one thread to another. */
    abstract static class OwnerNoting implements Counter {
        private final List<Long> perTrial = new ArrayList<>();
        int count;
        Thread owner;
        long changes;

        /** Called with the lock held. */
        final void step() {
            Thread me = Thread.currentThread();
            if (owner != me) {
                if (owner != null) changes++;
                owner = me;
            }
            count++;
        }

        /** Called with the lock held: the previous trial ends where the next one resets. */
        final void endTrial() {
            if (count != 0) perTrial.add(changes);
            count = 0;
            changes = 0;
            owner = null;
        }

        /** Changes per recorded trial: skips the warm-up trials, keeps the next {@code n}. */
        synchronized long[] changesPerTrial(int warm, int n) {
            List<Long> all = new ArrayList<>(perTrial);
            all.add(changes); // the last trial, never reset
            int from = Math.min(warm, all.size()), to = Math.min(all.size(), from + n);
            return all.subList(from, to).stream().mapToLong(Long::longValue).toArray();
        }
    }

    static final class SynchronizedNoting extends OwnerNoting {
        @Override public void add(int times) { for (int i = 0; i < times; i++) inc(); }
        private synchronized void inc() { step(); }
        @Override public synchronized long get() { return count; }
        @Override public synchronized void reset() { endTrial(); }
    }

    static final class LockNoting extends OwnerNoting {
        private final ReentrantLock lock = new ReentrantLock();

        @Override public void add(int times) {
            for (int i = 0; i < times; i++) {
                lock.lock();
                try { step(); } finally { lock.unlock(); }
            }
        }
        @Override public long get() { lock.lock(); try { return count; } finally { lock.unlock(); } }
        @Override public void reset() { lock.lock(); try { endTrial(); } finally { lock.unlock(); } }

        @Override synchronized long[] changesPerTrial(int warm, int n) {
            lock.lock();
            try { return super.changesPerTrial(warm, n); } finally { lock.unlock(); }
        }
    }
}
