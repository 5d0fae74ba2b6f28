package dev.racelab.coordination;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Readers and writers on one shared record of 8 fields (a write sets them all to the same new value, a read sums
 * them and checks they agree): {@code synchronized} against {@code ReentrantReadWriteLock} against
 * {@code StampedLock}'s optimistic reads, at several read shares. Operations per second with intervals over repeats,
 * and torn reads counted (every kind here must have none). {@code ReadersWriters.of().mixes(50, 90, 99).run()}
 */
public final class ReadersWriters {
    /** How the record is guarded. */
    public enum Kind {
        SYNCHRONIZED("synchronized"), READ_WRITE_LOCK("ReentrantReadWriteLock"), STAMPED_OPTIMISTIC("StampedLock (optimistic)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() { return label; }
        String key() { return name().toLowerCase(); }
    }

    static final int FIELDS = 8;

    /** The record, with the three ways to guard it. A read returns -1 when it saw a torn (half-written) record. */
    static final class Record {
        final long[] f = new long[FIELDS];
        final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        final StampedLock sl = new StampedLock();

        static long check(long a, long sum) {
            return sum == a * FIELDS ? sum : -1;
        }

        long sumPlain() {
            long s = 0;
            for (int i = 0; i < FIELDS; i++) s += f[i];
            return check(f[0], s);
        }

        void writePlain(long v) {
            for (int i = 0; i < FIELDS; i++) f[i] = v;
        }

        long read(Kind k) {
            switch (k) {
                case SYNCHRONIZED -> {
                    synchronized (this) {
                        return sumPlain();
                    }
                }
                case READ_WRITE_LOCK -> {
                    rw.readLock().lock();
                    try {
                        return sumPlain();
                    } finally {
                        rw.readLock().unlock();
                    }
                }
                default -> {
                    long stamp = sl.tryOptimisticRead();
                    long a = f[0], s = 0;
                    for (int i = 0; i < FIELDS; i++) s += f[i];
                    if (stamp != 0 && sl.validate(stamp)) return check(a, s);
                    stamp = sl.readLock(); // a writer came in between: read again under the lock
                    try {
                        return sumPlain();
                    } finally {
                        sl.unlockRead(stamp);
                    }
                }
            }
        }

        void write(Kind k, long v) {
            switch (k) {
                case SYNCHRONIZED -> {
                    synchronized (this) {
                        writePlain(v);
                    }
                }
                case READ_WRITE_LOCK -> {
                    rw.writeLock().lock();
                    try {
                        writePlain(v);
                    } finally {
                        rw.writeLock().unlock();
                    }
                }
                default -> {
                    long stamp = sl.writeLock();
                    try {
                        writePlain(v);
                    } finally {
                        sl.unlockWrite(stamp);
                    }
                }
            }
        }
    }

    private List<Kind> kinds = List.of(Kind.values());
    private int[] mixes = {50, 90, 99};
    private int threads = 2;
    private int repeats = Profile.quickOrFull(7, 15);
    private Duration perPoint = Duration.ofMillis(Profile.quickOrFull(25, 300));

    private ReadersWriters() {}

    public static ReadersWriters of(Kind... kinds) {
        ReadersWriters rw = new ReadersWriters();
        if (kinds.length > 0) rw.kinds = List.of(kinds);
        return rw;
    }

    /** Shares of reads to measure, in percent (0..100). */
    public ReadersWriters mixes(int... percentReads) {
        if (percentReads.length == 0) throw new IllegalArgumentException("name at least one read share");
        for (int m : percentReads) Require.inRange("read share (%)", m, 0, 100);
        this.mixes = percentReads.clone();
        return this;
    }

    public ReadersWriters threads(int n) {
        this.threads = Require.inRange("threads", n, 1, 64);
        return this;
    }

    public ReadersWriters repeats(int n) {
        this.repeats = Require.inRange("repeats", n, 2, 50);
        return this;
    }

    public ReadersWriters millisPerPoint(int ms) {
        this.perPoint = Duration.ofMillis(Require.inRange("milliseconds per point", ms, 10, 60_000));
        return this;
    }

    /** One point: ops per second of all threads and torn reads seen. */
    static long[] measure(Kind k, int threads, int readPercent, Duration d) {
        Record rec = new Record();
        AtomicLong ops = new AtomicLong(), torn = new AtomicLong(), version = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        long[] end = new long[1];
        CountDownLatch go = new CountDownLatch(1);
        try (Crew crew = Crew.platform("readers-writers")) {
            for (int i = 0; i < threads; i++) {
                crew.start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    ready.countDown();
                    dev.racelab.core.Budget.step(go::await);
                    long n = 0, bad = 0, stop = end[0];
                    while (true) {
                        for (int j = 0; j < 64; j++) {
                            if (rnd.nextInt(100) < readPercent) {
                                if (rec.read(k) < 0) bad++;
                            } else {
                                rec.write(k, version.incrementAndGet());
                            }
                        }
                        n += 64;
                        if (System.nanoTime() - stop > 0 || crew.stopping()) break;
                    }
                    ops.addAndGet(n);
                    torn.addAndGet(bad);
                });
            }
            dev.racelab.core.Budget.step(ready::await);
            long t0 = System.nanoTime();
            end[0] = t0 + d.toNanos();
            go.countDown();
            if (!crew.joinAll(d.plusSeconds(10))) throw new IllegalStateException("readers and writers did not stop");
            double s = (System.nanoTime() - t0) / 1e9;
            return new long[] {Math.round(ops.get() / s), torn.get()};
        }
    }

    public Result run() {
        DataTable t = new DataTable("kind", "read_percent", "repeat", "ops_per_s", "torn");
        try (Progress progress = Progress.start("readers/writers points", (long) repeats * kinds.size() * mixes.length)) {
            for (Kind k : kinds) measure(k, threads, 90, perPoint.dividedBy(2)); // untimed warm-up: compile each kind first
            int done = 0;
            for (int rep = 1; rep <= repeats; rep++) {
                for (int m : mixes) {
                    for (Kind k : kinds) { // interleaved, so a busy moment does not fall on one kind only
                        long[] r = measure(k, threads, m, perPoint);
                        t.add(k.label(), m, rep, r[0], r[1]);
                        progress.set(++done);
                    }
                }
            }
        }
        Result.Builder b = Result.builder("readers-writers", "Readers and writers: operations per second by read share")
                .samples(t).param("kinds", String.join(",", kinds.stream().map(Kind::name).toList()))
                .param("mixes", String.join(",", Arrays.stream(mixes).mapToObj(String::valueOf).toList()))
                .param("threads", threads).param("repeats", repeats).param("ms_per_point", perPoint.toMillis());
        long torn = 0;
        for (Object[] row : t.rows()) torn += ((Number) row[4]).longValue();
        b.figure("torn_reads", torn, "reads");
        for (int m : mixes) {
            for (Kind k : kinds) b.figure(k.key() + "_" + m + "_mops", Interval.median(column(t, k, m)), "M ops/s");
            // each pair's ratio repeat by repeat: the kinds of one repeat ran back to back, so a busy moment falls on
            // both, where a ratio of the two medians' intervals spans every moment of the run
            pair(b, t, kinds, Kind.STAMPED_OPTIMISTIC, Kind.READ_WRITE_LOCK, m);
            pair(b, t, kinds, Kind.READ_WRITE_LOCK, Kind.SYNCHRONIZED, m);
        }
        b.note(threads + " threads, each picking read or write at random per operation; " + perPoint.toMillis()
                + " ms per point, " + repeats + " interleaved repeats; a read sums " + FIELDS + " fields.");
        b.explainer(ReadersWritersExplain::explain);
        return b.chart(r -> chart(t, kinds, mixes)).build();
    }

    /** The figure "ratio_A_over_B_M": the median of A's operations over B's per repeat, when both kinds ran. */
    static void pair(Result.Builder b, DataTable t, List<Kind> kinds, Kind a, Kind over, int mix) {
        if (kinds.contains(a) && kinds.contains(over)) {
            b.figure(ratioKey(a, over, mix), Interval.median(pairedRatios(t, a, over, mix)), "×");
        }
    }

    static String ratioKey(Kind a, Kind over, int mix) {
        return "ratio_" + a.key() + "_over_" + over.key() + "_" + mix;
    }

    /** Per repeat (where both measured operations), a's operations per second over b's at one read share. */
    static double[] pairedRatios(DataTable t, Kind a, Kind b, int mix) {
        java.util.Map<Integer, double[]> byRepeat = new java.util.TreeMap<>();
        for (Object[] r : t.rows()) {
            if (((Number) r[1]).intValue() != mix) continue;
            int side = r[0].equals(a.label()) ? 0 : r[0].equals(b.label()) ? 1 : -1;
            if (side >= 0) byRepeat.computeIfAbsent(((Number) r[2]).intValue(), k -> new double[] {Double.NaN, Double.NaN})[side]
                    = ((Number) r[3]).doubleValue();
        }
        return byRepeat.values().stream().filter(v -> v[0] >= 0 && v[1] > 0).mapToDouble(v -> v[0] / v[1]).toArray();
    }

    static double[] column(DataTable t, Kind k, int mix) {
        return t.rows().stream().filter(r -> r[0].equals(k.label()) && ((Number) r[1]).intValue() == mix)
                .mapToDouble(r -> ((Number) r[3]).doubleValue() / 1e6).toArray();
    }

    static dev.racelab.chart.Chart chart(DataTable t, List<Kind> kinds, int[] mixes) {
        List<Series> series = new ArrayList<>();
        List<double[][]> bands = new ArrayList<>();
        for (Kind k : kinds) {
            double[] x = new double[mixes.length], y = new double[mixes.length], lo = new double[mixes.length], hi = new double[mixes.length];
            for (int i = 0; i < mixes.length; i++) {
                Interval iv = Interval.median(column(t, k, mixes[i]));
                x[i] = mixes[i];
                y[i] = iv.estimate();
                lo[i] = iv.low();
                hi[i] = iv.high();
            }
            series.add(new Series(k.label(), x, y));
            bands.add(new double[][] {lo, hi});
        }
        return Charts.linesWithBands("Operations per second (all threads; median, 95 % band)", "reads (% of operations)",
                "million operations per second", series, bands, false);
    }
}
