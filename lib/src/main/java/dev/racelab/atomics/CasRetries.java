package dev.racelab.atomics;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The compare-and-set loop inside {@code incrementAndGet}, written out: read, compute, CAS; when another thread
 * got there first the CAS fails and the loop retries. Counts the retries of every increment.
 * {@code CasRetries.defaults().threads(2).run()}, {@code CasRetries.defaults().workNanos(200).run()}
 *
 * <p>{@code workNanos} spins between the read and the CAS, as a real update that computes its new value does
 * (a hash, a parse, a lookup): the wider that window, the more often another thread's CAS lands inside it. The
 * result also says for how much of the run the threads were incrementing at the same time, and how much of a
 * core each one got (its CPU time over its wall time) — on a busy 2-core machine they often take turns, and
 * then nothing can collide.
 */
public final class CasRetries {
    /** Retry counts at or above this share one bucket. */
    static final int CAP = 64;

    private int threads = 2;
    private int increments;
    private int workNanos;
    private Duration time = Duration.ofMillis(Profile.quickOrFull(500, 5_000));

    private CasRetries(int increments) {
        this.increments = increments;
    }

    /**
     * Every thread increments until the time budget (0.5 s quick, 5 s full) runs out: long enough to span several
     * of the scheduler's time slices, so the threads get the chance to run at the same time.
     */
    public static CasRetries defaults() {
        return new CasRetries(100_000_000);
    }

    /** A range {@code threads} checks; its terminal option's help names the same constant. */
    public static final String THREADS_RANGE = "1..64";

    public CasRetries threads(int n) {
        this.threads = Require.inRange("threads", n, THREADS_RANGE);
        return this;
    }

    public CasRetries increments(int n) {
        this.increments = Require.inRange("increments per thread", n, 1, Budget.MAX_INCREMENTS);
        return this;
    }

    /** A range {@code workNanos} checks; its terminal option's help names the same constant. */
    public static final String WORK_NANOS_RANGE = "0..1000000";

    /** Busy work between reading the value and the CAS, in nanoseconds (0 = the tight loop of incrementAndGet). */
    public CasRetries workNanos(int ns) {
        this.workNanos = Require.inRange("work between read and CAS (ns)", ns, WORK_NANOS_RANGE);
        return this;
    }

    /** Time budget: the workers stop when it runs out (the result says so). */
    public CasRetries seconds(double s) {
        Budget.requireSeconds(s);
        this.time = Duration.ofMillis((long) (s * 1000));
        return this;
    }

    public Result run() {
        AtomicInteger count = new AtomicInteger();
        long[][] hist = new long[threads][CAP + 1];
        long[] starts = new long[threads], ends = new long[threads];
        long[] done = new long[threads], cpu = new long[threads];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + time.toNanos();
        boolean completed;
        long t0;
        try (Crew crew = Crew.platform("cas")) {
            for (int w = 0; w < threads; w++) {
                int id = w;
                crew.start(() -> {
                    long[] h = hist[id];
                    ready.countDown();
                    try { go.await(); } catch (InterruptedException e) { return; }
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    starts[id] = System.nanoTime();
                    int i = 0;
                    for (; i < increments; i++) {
                        if ((i & 1023) == 0 && (crew.stopping() || System.nanoTime() - deadline > 0)) break;
                        int retries = 0;
                        while (true) {
                            int v = count.get();
                            if (workNanos > 0) work(workNanos);
                            if (count.compareAndSet(v, v + 1)) break;
                            retries++;
                        }
                        h[Math.min(retries, CAP)]++;
                    }
                    ends[id] = System.nanoTime();
                    cpu[id] = cpu0 < 0 ? -1 : mx.getCurrentThreadCpuTime() - cpu0;
                    done[id] = i;
                });
            }
            Budget.step(() -> ready.await());
            t0 = System.nanoTime();
            go.countDown();
            completed = crew.joinAll(time.plusSeconds(10));
            if (!completed) throw new IllegalStateException("CAS workers did not stop within the budget");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long total = 0;
        for (long d : done) total += d;
        boolean all = total == (long) threads * increments;
        Map<String, Long> bars = new LinkedHashMap<>(); // the chart groups 4-7, 8-15, ...; the samples keep every count
        DataTable t = new DataTable("retries", "increments", "share");
        long retried = 0, sumRetries = 0, maxRetries = 0;
        for (int r = 0; r <= CAP; r++) {
            long n = 0;
            for (long[] h : hist) n += h[r];
            if (n == 0) continue;
            String label = r == CAP ? CAP + "+" : Integer.toString(r);
            bars.merge(bucket(r), n, Long::sum);
            t.add(label, n, (double) n / total);
            if (r > 0) retried += n;
            sumRetries += (long) r * n;
            maxRetries = r;
        }
        String title = "CAS loop: retries per increment, " + threads + " threads"
                + (workNanos > 0 ? ", " + workNanos + " ns between read and CAS" : ", nothing between read and CAS");
        return Result.builder("cas-retries", title)
                .param("threads", threads).param("increments", increments).param("work_ns", workNanos)
                .param("time_budget_s", time.toMillis() / 1000.0)
                .param("load_average_1m", dev.racelab.locks.Throughput.loadAverage())
                .samples(t)
                .figure("final", count.get(), "").figure("expected", total, "")
                .figure("share_retried", dev.racelab.core.Interval.wilson(retried, total), "")
                .figure("retried", retried, "increments that retried at least once")
                .figure("retries_when_retried", retried == 0 ? Double.NaN : (double) sumRetries / retried,
                        "retries per increment that retried (mean; " + CAP + "+ counted as " + CAP + ")")
                .figure("starved", hist.length == 0 ? 0 : java.util.Arrays.stream(hist).mapToLong(h -> h[CAP]).sum(),
                        "increments that retried " + CAP + " times or more")
                .figure("mean_retries", (double) sumRetries / total, "")
                .figure("max_retries", maxRetries, maxRetries == CAP ? "or more" : "")
                .figure("share_time_together", together(starts, ends), "")
                .figure("cpu_share", cpuShare(cpu, starts, ends), "of a core per thread")
                .figure("increments_per_s", total / secs, "1/s")
                .ended(all ? "every increment ran" : String.format("%,d increments in the time budget of %.1f s", total, time.toMillis() / 1000.0))
                .chart(r -> Charts.bars("Retries per increment (CAS loop, " + threads + " threads"
                        + (workNanos > 0 ? ", " + workNanos + " ns work" : "") + ")", "retries before the CAS succeeded",
                        "increments (log scale)", Map.of("increments", bars), true))
                .build();
    }

    /**
     * The two runs of notebook 04 §2 side by side: nothing between read and CAS ({@code tight}), then work between
     * them ({@code wide}); the difference of the retried shares with its interval, read by one rule, and the count
     * of starved increments, each in one sentence form; the CPU the threads got is said apart, as the moment's load.
     * {@code wide.explained(CasRetries.compare(tight, wide))}
     */
    public static dev.racelab.core.Prose compare(Result tight, Result wide) {
        return CasExplain.compare(tight, wide);
    }

    /** 0, 1, 2, 3, then powers of two: "4–7", "8–15", "16–31", "32–63", and "64+". */
    static String bucket(int retries) {
        if (retries < 4) return Integer.toString(retries);
        if (retries >= CAP) return CAP + "+";
        int lo = Integer.highestOneBit(retries);
        return lo + "–" + (2 * lo - 1);
    }

    /** The time all threads were incrementing at once, as a share of the time any was. */
    static double together(long[] starts, long[] ends) {
        long firstStart = Long.MAX_VALUE, lastStart = Long.MIN_VALUE, firstEnd = Long.MAX_VALUE, lastEnd = Long.MIN_VALUE;
        for (int i = 0; i < starts.length; i++) {
            firstStart = Math.min(firstStart, starts[i]);
            lastStart = Math.max(lastStart, starts[i]);
            firstEnd = Math.min(firstEnd, ends[i]);
            lastEnd = Math.max(lastEnd, ends[i]);
        }
        long span = lastEnd - firstStart;
        return span <= 0 ? 0 : Math.max(0, firstEnd - lastStart) / (double) span;
    }

    /**
     * CPU time over wall time, averaged over the threads: near 1, each had a core to itself; far below, they queued
     * for the cores and mostly ran one after the other, which no timestamp can show.
     */
    static double cpuShare(long[] cpu, long[] starts, long[] ends) {
        double sum = 0;
        for (int i = 0; i < cpu.length; i++) {
            if (cpu[i] < 0) return Double.NaN;
            long wall = ends[i] - starts[i];
            sum += wall <= 0 ? 1 : Math.min(1, cpu[i] / (double) wall);
        }
        return sum / cpu.length;
    }

    static void work(int nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
