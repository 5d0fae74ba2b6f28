package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What starting one thread costs, virtual against platform, timed two ways in the same run: {@code start()} alone
 * (the thread then waits, so nobody waits for it), and {@code start()} + {@code join()} one thread at a time (the
 * figure notebook 01 shows, where waking the joining thread is part of every sample).
 * {@code StartCost.run()}
 *
 * <p>Implementation note: the kinds and ways alternate sample by sample, so a machine whose load drifts blurs all
 * four alike. Started-only threads wait on a latch that is opened when the samples are taken; every thread is joined
 * before the result is built, also on error.
 */
public final class StartCost {
    private static final double MIN_SECONDS = 0.05;
    private static final int MAX_SECONDS = 600;
    /** The range {@link #seconds(double)} accepts, as a help text. */
    public static final String SECONDS_RANGE = MIN_SECONDS + ".." + MAX_SECONDS;
    private int samples;
    private Duration time;

    private StartCost() {
        samples = Profile.quickOrFull(300, 2_000);
        time = Duration.ofSeconds(Profile.quickOrFull(2, 10));
    }

    public static StartCost of() {
        return new StartCost();
    }

    /** A range {@code samples} checks; its terminal option's help names the same constant. */
    public static final String SAMPLES_RANGE = "10..100000";

    /** Samples per kind and way ({@value #SAMPLES_RANGE}). */
    public StartCost samples(int n) {
        this.samples = Require.inRange("samples", n, SAMPLES_RANGE);
        return this;
    }

    public StartCost seconds(double s) {
        Require.inRange("time budget (s)", s, MIN_SECONDS, MAX_SECONDS);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public Result run() {
        Result.Builder b = Result.builder("start-cost", "Starting one thread: virtual vs platform, start alone and start + join")
                .param("samples", samples).param("time_budget_s", time.toMillis() / 1000.0);
        DataTable t = new DataTable("kind", "way", "us");
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> waiting = new ArrayList<>();
        Runnable wait = () -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                // asked to stop
            }
        };
        Runnable nothing = () -> { };
        Budget.Meter meter = Budget.of(samples, time).start();
        try (Progress progress = Progress.start("start-cost samples", samples)) {
            for (int i = 0; i < 100; i++) { // warm-up: class loading and the JIT of both paths
                for (boolean virtual : new boolean[] {true, false}) {
                    Thread th = factory(virtual).newThread(nothing);
                    th.start();
                    th.join();
                }
            }
            while (meter.more()) {
                Budget.checkInterrupt();
                for (boolean virtual : new boolean[] {true, false}) {
                    String kind = virtual ? "virtual" : "platform";
                    Thread th = factory(virtual).newThread(wait);
                    long t0 = System.nanoTime();
                    th.start();
                    long t1 = System.nanoTime();
                    waiting.add(th);
                    t.add(kind, "start", (t1 - t0) / 1e3);
                    Thread j = factory(virtual).newThread(nothing);
                    long t2 = System.nanoTime();
                    j.start();
                    j.join();
                    long t3 = System.nanoTime();
                    t.add(kind, "start+join", (t3 - t2) / 1e3);
                }
                meter.count();
                progress.set(meter.done());
            }
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } finally {
            gate.countDown();
            VirtualThreads.stopAll(waiting.toArray(new Thread[0]), waiting.size());
        }
        b.samples(t).ended(meter);
        b.figure("samples", meter.done(), "per kind and way");
        // way, then its figure names spelled out, so that a search for a name a notebook reads finds this line
        for (String[] w : List.of(new String[] {"start", "virtual_start_us", "platform_start_us", "start_ratio"},
                new String[] {"start+join", "virtual_start_join_us", "platform_start_join_us", "start_join_ratio"})) {
            Interval v = Interval.median(t.where("kind", "virtual").where("way", w[0]).doubles("us"));
            Interval p = Interval.median(t.where("kind", "platform").where("way", w[0]).doubles("us"));
            b.figure(w[1], v, "µs");
            b.figure(w[2], p, "µs");
            b.figure(w[3], Interval.ratio(p, v), "×");
        }
        b.note("Medians of the samples with their 95 % intervals; 'start' times Thread.start() of a thread that then "
                + "waits; 'start+join' starts a thread that does nothing and joins it, one at a time, from this thread.");
        b.explainer(StartCostExplain::explain);
        b.chart(r -> {
            List<String> cats = List.of("virtual, start()", "platform, start()", "virtual, start() + join()", "platform, start() + join()");
            String[] keys = {"virtual_start_us", "platform_start_us", "virtual_start_join_us", "platform_start_join_us"};
            double[] est = new double[4], lo = new double[4], hi = new double[4];
            for (int i = 0; i < 4; i++) {
                Interval iv = r.interval(keys[i]);
                est[i] = iv.estimate();
                lo[i] = iv.low();
                hi[i] = iv.high();
            }
            return Charts.intervalDots("Time to start one thread (median, 95 % interval)", "µs", cats, est, lo, hi);
        });
        return b.build();
    }

    private static java.util.concurrent.ThreadFactory factory(boolean virtual) {
        return VirtualThreads.sleeperFactory(virtual);
    }
}
