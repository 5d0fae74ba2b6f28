package dev.racelab.race;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Machine;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A fair race: worker threads stay alive between trials, wait at a gate, and are released together, so
 * their loops really overlap; thousands of trials run in one JVM. Reports lost updates per trial.
 * {@code StartGate.of(CounterKind.PLAIN_STATIC).threads(2).increments(10_000).run()}
 *
 * <p>Implementation note: the calling thread is worker 0. It resets the counter, opens the gate (a volatile
 * generation number the others spin on, then yield, then park briefly) and runs its own loop at once, so one
 * trial costs one hand-off per worker and no thread start. Workers stamp {@code nanoTime} just before and
 * after their loop; the stamps are published by the {@code done} counter each worker increments afterwards.
 */
public final class StartGate {
    /** Trials run before recording starts: class loading and the first JIT compilations. */
    static final int WARMUP_TRIALS = 50;

    private final Supplier<Counter> factory;
    private final String label;
    private int threads = 2;
    private int increments = 10_000;
    private int trials;
    private Duration time;

    private StartGate(Supplier<Counter> factory, String label) {
        this.factory = factory;
        this.label = label;
        Profile p = Profile.current();
        this.trials = p.pick(2_000, 20_000);
        this.time = Duration.ofSeconds(p.pick(3, 30));
    }

    public static StartGate of(CounterKind kind) {
        return new StartGate(kind::create, kind.label());
    }

    /** Any counter, e.g. a learner's own: {@code StartGate.of("mine", MyCounter::new)}. */
    public static StartGate of(String label, Supplier<Counter> factory) {
        Require.notNull("counter factory", factory);
        return new StartGate(factory, label);
    }

    public StartGate threads(int n) {
        this.threads = Require.inRange("threads", n, 1, 256);
        return this;
    }

    public StartGate increments(int n) {
        this.increments = Require.inRange("increments", n, 1, 100_000_000);
        return this;
    }

    public StartGate trials(int n) {
        this.trials = Require.inRange("trials", n, 1, Budget.MAX_TRIALS);
        return this;
    }

    public StartGate seconds(double s) {
        Require.inRange("time budget (s)", s, 0.01, 3600);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    public int threads() { return threads; }
    public int increments() { return increments; }
    public String label() { return label; }

    /** Runs the trials and returns every trial's outcome. */
    public Result run() {
        Result.Builder b = Result.builder("race-gate", "Start gate: " + threads + " threads × "
                        + String.format(Locale.ROOT, "%,d", increments) + " increments, " + label)
                .param("counter", label).param("threads", threads).param("increments", increments)
                .param("trials", trials).param("time_budget_s", time.toMillis() / 1000.0);
        double uptime = Machine.uptimeSeconds();
        Gate gate = new Gate(factory.get(), threads, increments);
        DataTable t = new DataTable("trial", "value", "lost", "span_ns", "skew_ns", "overlap_ns", "trial_ns");
        Budget.Meter meter = Budget.of(trials, time).start();
        long wallNanos;
        int warmed = 0;
        try (Crew crew = Crew.platform("gate"); Progress progress = Progress.start("start-gate trials", trials)) {
            for (int w = 1; w < threads; w++) {
                int id = w;
                crew.start(() -> gate.worker(id, crew));
            }
            // warm-up: at most WARMUP_TRIALS trials and a tenth of the time budget
            long warmDeadline = System.nanoTime() + time.toNanos() / 10;
            for (int i = 0; i < Math.min(WARMUP_TRIALS, trials) && System.nanoTime() - warmDeadline < 0; i++) {
                warmed++;
                gate.trial(meter.deadlineNanos());
            }
            long w0 = System.nanoTime();
            while (meter.more()) {
                long t0 = System.nanoTime();
                if (!gate.trial(meter.deadlineNanos())) break; // budget ran out while a worker was descheduled
                long t1 = System.nanoTime();
                t.add(meter.done(), gate.value, (long) threads * increments - gate.value, gate.span(), gate.skew(),
                        gate.overlap(), t1 - t0);
                meter.count();
                progress.set(meter.done());
            }
            wallNanos = System.nanoTime() - w0;
            gate.stop();
        }
        return summarize(b, t, meter, wallNanos, uptime, warmed);
    }

    private Result summarize(Result.Builder b, DataTable t, Budget.Meter meter, long wallNanos, double uptime, int warmed) {
        long[] lost = t.longs("lost");
        Stats s = Stats.of(lost);
        double sumSpan = Stats.of(t.longs("span_ns")).sum();
        long expected = (long) threads * increments;
        b.samples(t).ended(meter);
        b.figure("trials", t.size(), "");
        b.figure("share_with_loss", s.share(v -> v > 0), "");
        b.figure("mean_lost", s.mean(), "updates");
        b.figure("median_lost", s.median(), "updates");
        b.figure("p99_lost", s.percentile(99), "updates");
        b.figure("max_lost", s.max(), "updates");
        b.figure("mean_fraction_lost", s.mean() / expected, "");
        b.figure("share_overlapping", Stats.of(t.longs("overlap_ns")).share(v -> v > 0), "");
        b.figure("median_skew_us", Stats.of(t.longs("skew_ns")).median() / 1000, "µs");
        b.figure("median_span_us", Stats.of(t.longs("span_ns")).median() / 1000, "µs");
        b.figure("trials_per_s", t.size() / (wallNanos / 1e9), "1/s");
        b.figure("overhead", sumSpan > 0 ? wallNanos / sumSpan : Double.NaN, "× loop time");
        b.note(String.format(Locale.ROOT, "In-process: the JVM had been running %.1f s; %d warm-up trials ran first "
                + "and are not counted.", uptime, warmed));
        if (!Double.isNaN(s.max())) {
            b.chart(r -> Charts.histogram("Lost updates per trial (" + label + ", " + threads + " threads × "
                    + String.format(Locale.ROOT, "%,d", increments) + ")", "lost updates in one trial", "trials", lost));
        }
        return b.build();
    }

    /** The shared state of one gate: the counter, the generation number, per-worker stamps. */
    static final class Gate {
        final Counter counter;
        final int threads;
        final int increments;
        final long[] starts;
        final long[] ends;
        final AtomicInteger done = new AtomicInteger();
        volatile int generation;
        volatile boolean stopped;
        long value;

        Gate(Counter counter, int threads, int increments) {
            this.counter = counter;
            this.threads = threads;
            this.increments = increments;
            this.starts = new long[threads];
            this.ends = new long[threads];
        }

        /** One trial; false if the deadline passed while waiting for a worker. */
        boolean trial(long deadlineNanos) {
            counter.reset();
            done.set(0);
            generation++; // opens the gate: the volatile write publishes the reset
            starts[0] = System.nanoTime();
            counter.add(increments);
            ends[0] = System.nanoTime();
            int spins = 0;
            while (done.get() < threads - 1) {
                if (++spins > 1_000) {
                    Budget.checkInterrupt();
                    if (System.nanoTime() - deadlineNanos > 0) return false;
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            value = counter.get();
            return true;
        }

        void worker(int id, Crew crew) {
            int seen = 0; // not `generation`: the first trial may open the gate before this thread runs
            while (true) {
                int spins = 0;
                while (generation == seen) {
                    if (stopped || crew.stopping()) return;
                    spins++;
                    // trials come microseconds apart: stay hot for ~1 ms before yielding, park only when idle
                    if (spins < 20_000) Thread.onSpinWait();
                    else if (spins < 40_000) Thread.yield();
                    else LockSupport.parkNanos(20_000);
                }
                seen = generation;
                if (stopped) return;
                starts[id] = System.nanoTime();
                counter.add(increments);
                ends[id] = System.nanoTime();
                done.incrementAndGet();
            }
        }

        void stop() {
            stopped = true;
            generation++;
        }

        long span() {
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            for (int i = 0; i < threads; i++) { min = Math.min(min, starts[i]); max = Math.max(max, ends[i]); }
            return max - min;
        }

        long skew() {
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            for (int i = 0; i < threads; i++) { min = Math.min(min, starts[i]); max = Math.max(max, starts[i]); }
            return max - min;
        }

        /** How long every worker was inside its loop at the same time; negative: they never all overlapped. */
        long overlap() {
            long lastStart = Long.MIN_VALUE, firstEnd = Long.MAX_VALUE;
            for (int i = 0; i < threads; i++) { lastStart = Math.max(lastStart, starts[i]); firstEnd = Math.min(firstEnd, ends[i]); }
            return firstEnd - lastStart;
        }
    }
}
