package dev.racelab.atomics;

import dev.racelab.chart.Charts;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compare-and-set loop inside {@code incrementAndGet}, written out: read, compute, CAS; when another thread
 * got there first the CAS fails and the loop retries. Counts the retries of every increment.
 * {@code CasRetries.threads(2).increments(100_000).run()}
 */
public final class CasRetries {
    private int threads = 2;
    private int increments;

    private CasRetries(int increments) {
        this.increments = increments;
    }

    public static CasRetries defaults() {
        return new CasRetries(Profile.current().pick(200_000, 2_000_000));
    }

    public CasRetries threads(int n) {
        this.threads = Require.inRange("threads", n, 1, 64);
        return this;
    }

    public CasRetries increments(int n) {
        this.increments = Require.inRange("increments per thread", n, 1, 100_000_000);
        return this;
    }

    public Result run() {
        AtomicInteger count = new AtomicInteger();
        long[][] hist = new long[threads][65];
        CountDownLatch go = new CountDownLatch(1);
        long t0;
        try (Crew crew = Crew.platform("cas")) {
            for (int w = 0; w < threads; w++) {
                long[] h = hist[w];
                crew.start(() -> {
                    try { go.await(); } catch (InterruptedException e) { return; }
                    for (int i = 0; i < increments && !crew.stopping(); i++) {
                        int retries = 0;
                        while (true) {
                            int v = count.get();
                            if (count.compareAndSet(v, v + 1)) break;
                            retries++;
                        }
                        h[Math.min(retries, 64)]++;
                    }
                });
            }
            t0 = System.nanoTime();
            go.countDown();
            if (!crew.joinAll(Duration.ofMinutes(2))) throw new IllegalStateException("CAS workers did not finish");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<Long, Long> counts = new TreeMap<>();
        DataTable t = new DataTable("retries", "increments", "share");
        long total = (long) threads * increments, retried = 0, sumRetries = 0;
        for (int r = 0; r <= 64; r++) {
            long n = 0;
            for (long[] h : hist) n += h[r];
            if (n == 0) continue;
            counts.put((long) r, n);
            t.add(r == 64 ? "64+" : Integer.toString(r), n, (double) n / total);
            if (r > 0) retried += n;
            sumRetries += (long) r * n;
        }
        return Result.builder("cas-retries", "CAS loop: retries per increment, " + threads + " threads × " + increments)
                .param("threads", threads).param("increments", increments)
                .samples(t).showSamples()
                .figure("final", count.get(), "").figure("expected", total, "")
                .figure("share_retried", (double) retried / total, "")
                .figure("mean_retries", (double) sumRetries / total, "")
                .figure("increments_per_s", total / secs, "1/s")
                .chart(r -> Charts.histogram("Retries per increment (CAS loop, " + threads + " threads)", "retries before the CAS succeeded",
                        "increments", counts))
                .build();
    }
}
