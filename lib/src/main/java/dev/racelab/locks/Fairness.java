package dev.racelab.locks;

import dev.racelab.chart.Charts;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fair versus unfair {@code ReentrantLock}: how the acquisitions spread over the threads, what fairness costs in
 * throughput, and what it buys: how long one thread keeps re-taking the lock (runs of consecutive acquisitions by
 * the same thread) and how long the unluckiest acquisitions wait (99th percentile and maximum).
 * {@code Fairness.compare().threads(4).run().explain()}
 */
public final class Fairness {
    private int threads = 4;
    private Duration duration = Duration.ofMillis(300);

    private Fairness() {}

    public static Fairness compare() {
        return new Fairness();
    }

    /** A range {@code threads} checks; its terminal option's help names the same constant. */
    public static final String THREADS_RANGE = "2..64";

    public Fairness threads(int n) {
        this.threads = Require.inRange("threads", n, THREADS_RANGE);
        return this;
    }

    public Fairness millis(int ms) {
        this.duration = Duration.ofMillis(Require.inRange("duration (ms)", ms, 20, 60_000));
        return this;
    }

    /** Rounds per lock, interleaved unfair/fair, each a share of the duration (a rate per round gives an interval). */
    static final int ROUNDS = 5;

    public Result run() {
        DataTable t = new DataTable("lock", "thread", "acquisitions", "share");
        Map<String, Map<String, Long>> bars = new LinkedHashMap<>();
        int rounds = (int) Math.max(1, Math.min(ROUNDS, duration.toMillis() / 20));
        Duration slice = duration.dividedBy(rounds);
        Result.Builder b = Result.builder("fairness", "Fair versus unfair ReentrantLock, " + threads + " threads")
                .param("threads", threads).param("ms", duration.toMillis()).param("rounds", rounds);
        // interleaved, so a busy moment of the machine falls on both locks rather than on one
        Tally[] tallies = {new Tally(), new Tally()};
        long[][] acq = new long[2][threads];
        double[][] rates = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                long[] a = measure(k == 1, tallies[k], slice);
                long sum = 0;
                for (int i = 0; i < threads; i++) { acq[k][i] += a[i]; sum += a[i]; }
                rates[k][round] = sum / (slice.toNanos() / 1e9);
            }
        }
        for (int k = 0; k < 2; k++) {
            boolean fair = k == 1;
            long total = java.util.Arrays.stream(acq[k]).sum();
            String name = fair ? "fair" : "unfair";
            Map<String, Long> row = new LinkedHashMap<>();
            for (int i = 0; i < threads; i++) {
                t.add(name, i, acq[k][i], (double) acq[k][i] / total);
                row.put("thread " + i, acq[k][i]);
            }
            bars.put(name, row);
            Stats s = Stats.of(acq[k]);
            Names names = Names.of(fair);
            b.figure(names.acquisitionsPerS(), Interval.median(rates[k]), "1/s");
            b.figure(names.maxOverMin(), s.min() == 0 ? Double.POSITIVE_INFINITY : s.max() / s.min(), "×");
            double[] runs = tallies[k].runs(), waits = tallies[k].waitsMicros();
            b.figure(names.medianRun(), Interval.median(runs), "acquisitions in a row");
            b.figure(names.p99Run(), Interval.percentile(runs, 99), "acquisitions in a row");
            b.figure(names.medianHandoffWaitUs(), Interval.median(waits), "µs");
            b.figure(names.p99WaitUs(), Interval.percentile(waits, 99), "µs");
            b.figure(names.maxWaitUs(), waits.length == 0 ? Double.NaN : Stats.of(waits).max(), "µs");
        }
        b.explainer(FairnessExplain::explain);
        return b.samples(t).chart(r -> Charts.bars("Lock acquisitions per thread in " + duration.toMillis() + " ms",
                "thread", "acquisitions", bars, false)).build();
    }

    /** One lock's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String acquisitionsPerS, String maxOverMin, String medianRun, String p99Run, String medianHandoffWaitUs,
            String p99WaitUs, String maxWaitUs) {
        static final Names FAIR = new Names("fair_acquisitions_per_s", "fair_max_over_min", "fair_median_run", "fair_p99_run",
                "fair_median_handoff_wait_us", "fair_p99_wait_us", "fair_max_wait_us");
        static final Names UNFAIR = new Names("unfair_acquisitions_per_s", "unfair_max_over_min", "unfair_median_run",
                "unfair_p99_run", "unfair_median_handoff_wait_us", "unfair_p99_wait_us", "unfair_max_wait_us");

        static Names of(boolean fair) {
            return fair ? FAIR : UNFAIR;
        }
    }

    /**
     * Runs of consecutive acquisitions by one thread, and the wait of every acquisition that took the lock over from
     * another thread (a hand-off: what fairness is about; a thread re-taking its own lock waits for nobody). Written
     * with the lock held; read after the threads were joined.
     */
    static final class Tally {
        int owner = -1, run;
        int[] runs = new int[1024];
        int nRuns;
        double[] handoffWaits = new double[1024];
        int nWaits;

        /** Called with the lock held, after waiting {@code waitNanos} for it. */
        void acquired(int id, long waitNanos) {
            if (id == owner) { run++; return; }
            if (owner >= 0) {
                addRun();
                if (nWaits == handoffWaits.length) handoffWaits = java.util.Arrays.copyOf(handoffWaits, 2 * nWaits);
                handoffWaits[nWaits++] = waitNanos / 1e3;
            }
            owner = id;
            run = 1;
        }

        private void addRun() {
            if (nRuns == runs.length) runs = java.util.Arrays.copyOf(runs, 2 * runs.length);
            runs[nRuns++] = run;
        }

        /** Ends the current run: the next acquisition, in a later round with a new lock, is no hand-off. */
        void close() {
            if (owner >= 0) { addRun(); owner = -1; }
        }

        double[] runs() {
            close();
            return java.util.Arrays.stream(runs, 0, nRuns).asDoubleStream().toArray();
        }

        double[] waitsMicros() {
            return java.util.Arrays.copyOf(handoffWaits, nWaits);
        }
    }

    private long[] measure(boolean fair, Tally tally, Duration slice) {
        ReentrantLock lock = new ReentrantLock(fair);
        long[] acq = new long[threads];
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[1];
        try (Crew crew = Crew.platform(fair ? "fair" : "unfair")) {
            for (int i = 0; i < threads; i++) {
                int id = i;
                crew.start(() -> {
                    try { go.await(); } catch (InterruptedException e) { return; }
                    long n = 0;
                    while (System.nanoTime() < end[0] && !crew.stopping()) {
                        long t0 = System.nanoTime();
                        lock.lock();
                        try {
                            tally.acquired(id, System.nanoTime() - t0);
                            n++;
                            ThreadStates.spin(1);
                        } finally {
                            lock.unlock();
                        }
                    }
                    acq[id] = n;
                });
            }
            end[0] = System.nanoTime() + slice.toNanos();
            go.countDown();
            if (!crew.joinAll(slice.plusSeconds(30))) throw new IllegalStateException("fairness workers did not stop");
        }
        // rounds share one tally per lock: a run must not continue into the next round, nor its first taker count
        // as taking the lock over from the last owner of the previous round's lock
        tally.close();
        return acq;
    }
}
