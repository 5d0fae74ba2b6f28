package dev.racelab.locks;

import dev.racelab.chart.Charts;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fair versus unfair {@code ReentrantLock}: how the acquisitions spread over the threads, and what fairness
 * costs in throughput. {@code Fairness.compare().threads(4).run()}
 */
public final class Fairness {
    private int threads = 4;
    private Duration duration = Duration.ofMillis(300);

    private Fairness() {}

    public static Fairness compare() {
        return new Fairness();
    }

    public Fairness threads(int n) {
        this.threads = Require.inRange("threads", n, 2, 64);
        return this;
    }

    public Fairness millis(int ms) {
        this.duration = Duration.ofMillis(Require.inRange("duration (ms)", ms, 20, 60_000));
        return this;
    }

    public Result run() {
        DataTable t = new DataTable("lock", "thread", "acquisitions", "share");
        Map<String, Map<String, Long>> bars = new LinkedHashMap<>();
        Result.Builder b = Result.builder("fairness", "Fair versus unfair ReentrantLock, " + threads + " threads")
                .param("threads", threads).param("ms", duration.toMillis());
        for (boolean fair : new boolean[] {false, true}) {
            long[] acq = measure(fair);
            long total = java.util.Arrays.stream(acq).sum();
            String name = fair ? "fair" : "unfair";
            Map<String, Long> row = new LinkedHashMap<>();
            for (int i = 0; i < acq.length; i++) {
                t.add(name, i, acq[i], (double) acq[i] / total);
                row.put("thread " + i, acq[i]);
            }
            bars.put(name, row);
            Stats s = Stats.of(acq);
            b.figure(name + "_acquisitions_per_s", total / (duration.toNanos() / 1e9), "1/s");
            b.figure(name + "_max_over_min", s.min() == 0 ? Double.POSITIVE_INFINITY : s.max() / s.min(), "×");
        }
        b.explainer(FairnessExplain::explain);
        return b.samples(t).chart(r -> Charts.bars("Lock acquisitions per thread in " + duration.toMillis() + " ms",
                "thread", "acquisitions", bars, false)).build();
    }

    private long[] measure(boolean fair) {
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
                        lock.lock();
                        try { n++; ThreadStates.spin(1); } finally { lock.unlock(); }
                    }
                    acq[id] = n;
                });
            }
            end[0] = System.nanoTime() + duration.toNanos();
            go.countDown();
            if (!crew.joinAll(duration.plusSeconds(30))) throw new IllegalStateException("fairness workers did not stop");
        }
        return acq;
    }
}
