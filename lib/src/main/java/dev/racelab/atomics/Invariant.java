package dev.racelab.atomics;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Prose;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Two fields that must change together: a range with {@code lower <= upper}. Alpha sets lower = 5 if 5 <= upper;
 * Beta sets upper = 4 if 4 >= lower. Either may win, never both — unless check and act are separate steps.
 * Each setter does a little work between check and act (real setters validate, log, look things up).
 * {@code Invariant.atomicFields().run()}, {@code Invariant.locked().run()}, {@code Invariant.oneAtomicReference().run()}
 */
public final class Invariant {
    /** A range implementation under test. */
    public interface Range {
        void reset();
        void setLower(int v);
        void setUpper(int v);
        int lower();
        int upper();
    }

    static final int WORK_NANOS = 300;
    /** The implementations, by the names the terminal uses ({@code ./course exp invariant --impl …}). */
    static final String ATOMIC_FIELDS = "atomic-fields", LOCKED = "locked", ATOMIC_REFERENCE = "atomic-reference";

    private final String key;
    private final String label;
    private final Range range;
    private int trials = Profile.quickOrFull(5_000, 50_000);

    private Invariant(String key, String label, Range range) {
        this.key = key;
        this.label = label;
        this.range = range;
    }

    /** Two {@code AtomicInteger}s, each setter checks the other field, then acts. */
    public static Invariant atomicFields() {
        return new Invariant(ATOMIC_FIELDS, "two AtomicIntegers, check then act", new AtomicFields());
    }

    /** The same check-then-act, inside one lock. */
    public static Invariant locked() {
        return new Invariant(LOCKED, "check and act under one lock", new Locked());
    }

    /** One immutable pair in an {@code AtomicReference}, replaced by compare-and-set. */
    public static Invariant oneAtomicReference() {
        return new Invariant(ATOMIC_REFERENCE, "one AtomicReference<Pair>, compare-and-set", new Swapped());
    }

    public Invariant trials(int n) {
        this.trials = Require.inRange("trials", n, 1, Budget.MAX_TRIALS);
        return this;
    }

    public Result run() {
        DataTable t = new DataTable("outcome", "trials", "share");
        long alphaWon = 0, betaWon = 0, broken = 0;
        Budget.Meter meter = Budget.of(trials, Duration.ofSeconds(Profile.quickOrFull(3, 60))).start();
        int[] gen = {0};
        java.util.concurrent.atomic.AtomicInteger generation = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try (Crew crew = Crew.platform("invariant")) {
            // The calling thread acts at once after opening the gate; the helper arrives a little later. So the two
            // swap roles every trial: in even trials the helper is Beta, in odd ones Alpha, and neither side is
            // always the late one (with fixed roles, Beta could almost never win).
            crew.start(() -> {
                int seen = 0;
                while (!crew.stopping()) {
                    int spins = 0;
                    while (generation.get() == seen) {
                        if (crew.stopping()) return;
                        if (++spins > 10_000) LockSupport.parkNanos(10_000); else Thread.onSpinWait();
                    }
                    seen = generation.get();
                    if ((seen & 1) == 0) range.setUpper(4); else range.setLower(5);
                    done.incrementAndGet();
                }
            });
            while (meter.more()) {
                range.reset();
                done.set(0);
                int g = generation.incrementAndGet();
                if ((g & 1) == 0) range.setLower(5); else range.setUpper(4);
                while (done.get() == 0) {
                    Thread.onSpinWait();
                    Budget.checkInterrupt();
                }
                int lo = range.lower(), hi = range.upper();
                if (lo == 5 && hi == 10) alphaWon++;
                else if (lo == 0 && hi == 4) betaWon++;
                else if (lo > hi) broken++;
                meter.count();
            }
            gen[0] = generation.get();
        }
        long n = meter.done();
        t.add("Alpha won: [5, 10]", alphaWon, n == 0 ? Double.NaN : (double) alphaWon / n);
        t.add("Beta won: [0, 4]", betaWon, n == 0 ? Double.NaN : (double) betaWon / n);
        t.add("both won: [5, 4], lower > upper", broken, n == 0 ? Double.NaN : (double) broken / n);
        return Result.builder("invariant", "Range with lower <= upper: " + label)
                .param("implementation", label).param("impl", key).param("trials", trials).param("work_between_check_and_act_ns", WORK_NANOS)
                .param("roles", "swapped every trial: the calling thread is Alpha in half of them, Beta in the other half")
                .samples(t).showSamples().ended(meter)
                // counts stay counts (0 broken is 0, also when no trial ran); shares carry their Wilson interval
                // and are empty, not NaN-as-a-finding, when no trial finished
                .figure("trials", n, "").figure("broken", broken, "trials").figure("alpha_won", alphaWon, "trials")
                .figure("beta_won", betaWon, "trials")
                .figure("share_broken", Interval.wilson(broken, n), "")
                .figure("share_alpha_won", Interval.wilson(alphaWon, n), "")
                .figure("share_beta_won", Interval.wilson(betaWon, n), "")
                .explainer(InvariantExplain::explain)
                .build();
    }

    /**
     * One explanation for the broken version and its fixes, in the order given (notebook 04 §5):
     * {@code broken.explained(Invariant.compare(broken, locked, swapped))}.
     */
    public static Prose compare(Result... runs) {
        return InvariantExplain.compare(java.util.List.of(runs));
    }

    static void work() {
        long end = System.nanoTime() + WORK_NANOS;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    static final class AtomicFields implements Range {
        final AtomicInteger lower = new AtomicInteger(), upper = new AtomicInteger(10);
        public void reset() { lower.set(0); upper.set(10); }
        public void setLower(int v) { if (v <= upper.get()) { work(); lower.set(v); } }
        public void setUpper(int v) { if (v >= lower.get()) { work(); upper.set(v); } }
        public int lower() { return lower.get(); }
        public int upper() { return upper.get(); }
    }

    static final class Locked implements Range {
        int lower, upper = 10;
        public synchronized void reset() { lower = 0; upper = 10; }
        public synchronized void setLower(int v) { if (v <= upper) { work(); lower = v; } }
        public synchronized void setUpper(int v) { if (v >= lower) { work(); upper = v; } }
        public synchronized int lower() { return lower; }
        public synchronized int upper() { return upper; }
    }

    static final class Swapped implements Range {
        record Pair(int lower, int upper) {}
        final AtomicReference<Pair> pair = new AtomicReference<>(new Pair(0, 10));
        public void reset() { pair.set(new Pair(0, 10)); }
        public void setLower(int v) {
            while (true) {
                Pair p = pair.get();
                if (v > p.upper()) return;
                work();
                if (pair.compareAndSet(p, new Pair(v, p.upper()))) return;
            }
        }
        public void setUpper(int v) {
            while (true) {
                Pair p = pair.get();
                if (v < p.lower()) return;
                work();
                if (pair.compareAndSet(p, new Pair(p.lower(), v))) return;
            }
        }
        public int lower() { return pair.get().lower(); }
        public int upper() { return pair.get().upper(); }
    }
}
