package dev.racelab.race;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.JitState;
import dev.racelab.core.Machine;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A fair race: worker threads stay alive between trials, wait at a gate, and are released together, so
 * their loops really overlap; thousands of trials run in one JVM. Reports lost updates per trial.
 * {@code StartGate.of(CounterKind.PLAIN_STATIC).threads(2).increments(10_000).run()}
 * {@code StartGate.of("LongAdder", MyLongAdderCounter::new).run()} — any {@link Counter}, e.g. from notebooks 03–05.
 *
 * <p>Samples (one row per trial): value, lost, span_ns (first loop start to last loop end), skew_ns (spread of
 * the loop starts), overlap_ns (time all loops ran at once; negative: they never did), trial_ns (wall time of
 * the trial), busy_ns (time at least one loop ran), loop_ns (longest single loop), late_ns (how long after the
 * agreed start the latest worker saw the gate open; above 0: it came late and started at once).
 *
 * <p>Implementation note: the calling thread is worker 0. It resets the counter, publishes a start time
 * {@link #LEAD_NANOS} ahead and opens the gate (a volatile generation number the others spin on, then yield,
 * then park briefly); every thread spins until the start time and enters its loop. A plain "go" flag would let
 * worker 0 start a cache-line transfer (~0.1 µs) before the others — longer than a JIT-compiled 10,000-increment
 * loop. One trial costs one hand-off per worker plus the lead, and no thread start. Workers stamp
 * {@code nanoTime} just before and after their loop; the stamps are published by the {@code done} counter each
 * worker increments afterwards. Loops above {@link #CHUNK} increments run in chunks of that size, so the
 * budget and an interrupt can stop them between chunks (up to 2^20 = 1,048,576 increments run in one piece, so
 * the course's sweeps, up to 1,000,000, are never chunked).
 */
public final class StartGate {
    // the time budget's range: a trial takes microseconds, so a hundredth of a second still runs many
    private static final double MIN_SECONDS = 0.01;
    /** The range {@link #seconds(double)} accepts, as a help text. */
    public static final String SECONDS_RANGE = MIN_SECONDS + ".." + Budget.MAX_SECONDS;
    /** Trials run before recording starts: class loading and the first JIT compilations. */
    static final int WARMUP_TRIALS = 50;
    /** How far ahead of "now" worker 0 sets the common start time; a worker that sees the gate later starts at once. */
    static final long LEAD_NANOS = 1_000;
    /** Loops longer than this run as several calls of {@link Counter#add}, checking for a stop between them. */
    static final int CHUNK = 1 << 20;
    /** A waiting worker spins this long, then yields until {@link #YIELD_NANOS}, then naps 20 µs at a time. */
    static final long SPIN_NANOS = 50_000, YIELD_NANOS = 1_000_000;
    /** How often the workers may be replaced by new threads when they keep missing the start (see run()). */
    static final int MAX_RESEATS = 3;
    /** An adaptive run never stops for precision before this many trials. */
    public static final int MIN_TRIALS_FOR_PRECISION = 300;
    /** ... and never before this many of them really raced. */
    static final int MIN_RACED_FOR_PRECISION = 100;
    /**
     * Nor before this many raced trials lost: a narrow interval around a rare loss (0.7 % of 300 trials is two) said
     * "lost" in one run and "lost nothing" in the next; a counter that loses rarely or never runs to its trial count
     * or time budget instead, and its zero, if zero it is, rests on every trial the budget allowed.
     */
    static final int MIN_LOSSES_FOR_PRECISION = 10;
    /** Fewer trials than this that really raced (all threads at the gate in time) say nothing about a counter. */
    public static final int MIN_RACED = 30;

    private final Supplier<Counter> factory;
    private final String label;
    private int threads = 2;
    private int increments = 10_000;
    private int trials;
    private Duration time;
    private boolean untilLoss;
    private double precision;
    private boolean precisionSet;
    private String loopJit = "not measured";

    private StartGate(Supplier<Counter> factory, String label) {
        this.factory = factory;
        this.label = label;
        this.trials = Profile.quickOrFull(2_000, 20_000);
        this.time = Duration.ofSeconds(Profile.quickOrFull(3, 30));
        this.precision = Profile.quickOrFull(0.04, 0.01);
    }

    public static StartGate of(CounterKind kind) {
        return new StartGate(kind::create, kind.label());
    }

    /** Any counter, e.g. a learner's own: {@code StartGate.of("mine", MyCounter::new)}. */
    public static StartGate of(String label, Supplier<Counter> factory) {
        Require.notNull("counter factory", factory);
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a counter needs a label (got '" + label + "')");
        return new StartGate(factory, label);
    }

    public StartGate threads(int n) {
        this.threads = Require.inRange("threads", n, 1, Budget.MAX_THREADS);
        return this;
    }

    public StartGate increments(int n) {
        this.increments = Require.inRange("increments", n, 1, Budget.MAX_INCREMENTS);
        return this;
    }

    /** Runs exactly this many trials (unless the time budget ends first): the precision rule is off unless set. */
    public StartGate trials(int n) {
        this.trials = Require.inRange("trials", n, 1, Budget.MAX_TRIALS);
        if (!precisionSet) this.precision = 1;
        return this;
    }

    public StartGate seconds(double s) {
        Require.inRange("time budget (s)", s, MIN_SECONDS, Budget.MAX_SECONDS);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    /**
     * Stop once the 95 % interval of the share of trials that lost updates is at most {@code width} wide (0.005–1;
     * default 0.04 quick, 0.01 full), after at least {@value #MIN_TRIALS_FOR_PRECISION} trials of which {@value #MIN_LOSSES_FOR_PRECISION}
     * raced and lost; 1 turns it off.
     */
    public StartGate precision(double width) {
        this.precision = Require.inRange("interval width", width, 0.005, 1.0);
        this.precisionSet = true;
        return this;
    }

    /**
     * Stop at the first trial that loses an update (still bounded by the trials and the time budget): the way to
     * prove "this counter can lose" without flaking — give it a configuration that loses often and a generous budget.
     */
    public StartGate untilLoss() {
        this.untilLoss = true;
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
                .param("trials", trials).param("time_budget_s", time.toMillis() / 1000.0)
                .param("min_raced", MIN_RACED); // carried, so a check of the words reads the threshold, not a copy of it
        if (untilLoss) b.param("until", "first loss");
        double uptime = Machine.uptimeSeconds();
        Counter counter = factory.get();
        DataTable t = new DataTable("trial", "value", "lost", "span_ns", "skew_ns", "overlap_ns", "trial_ns",
                "busy_ns", "loop_ns", "late_ns");
        Budget.Meter meter = Budget.of(trials, time).start();
        long wallNanos;
        int warmed = 0, reseats = 0;
        // Re-seating only makes sense when every thread could have a core of its own.
        boolean canReseat = threads > 1 && threads <= Runtime.getRuntime().availableProcessors();
        Gate gate = null;
        Crew crew = null;
        try (Progress progress = Progress.start("start-gate trials", trials)) {
            // Warm-up: at most WARMUP_TRIALS trials per seating, within a tenth of the time budget in all — its own
            // share: a warm-up trial that a descheduled worker drags past that share ends the warm-up, not the run.
            long warmDeadline = System.nanoTime() + time.toNanos() / 10;
            while (true) {
                Gate g = gate = new Gate(counter, threads, increments);
                Crew c = crew = Crew.platform("gate");
                for (int w = 1; w < threads; w++) {
                    int id = w;
                    c.start(() -> g.worker(id, c));
                }
                int n = 0, onTime = 0;
                boolean clean = true;
                while (n < Math.min(WARMUP_TRIALS, trials) && System.nanoTime() - warmDeadline < 0) {
                    n++;
                    if (!g.trial(warmDeadline)) {
                        clean = false; // a worker is still inside that trial: this gate cannot be reused
                        break;
                    }
                    if (g.late() <= 0) onTime++;
                }
                warmed += n;
                // Workers that miss the start in most warm-up trials share a core with this thread (a busy
                // machine: the scheduler put them there and will not move them). New threads get a new place.
                boolean reseat = !clean || canReseat && reseats < MAX_RESEATS && n > 0 && 2 * onTime < n
                        && System.nanoTime() - warmDeadline < 0;
                if (!reseat) break;
                g.stop();
                c.close();
                gate = null;
                crew = null;
                reseats++;
            }
            long w0 = System.nanoTime();
            long lossy = 0, raced = 0, racedLost = 0;
            while (meter.more()) {
                long t0 = System.nanoTime();
                if (!gate.trial(meter.deadlineNanos())) break; // budget ran out while a worker was descheduled
                long t1 = System.nanoTime();
                t.add(meter.done(), gate.value, (long) threads * increments - gate.value, gate.span(), gate.skew(),
                        gate.overlap(), t1 - t0, gate.busy(), gate.longestLoop(), gate.late());
                boolean lost = gate.value != (long) threads * increments;
                if (lost) lossy++;
                if (gate.late() <= 0) {
                    raced++;
                    if (lost) racedLost++;
                }
                meter.count();
                progress.set(meter.done());
                if (untilLoss && gate.value != (long) threads * increments) break;
                // Enough when the loss share of the trials that really raced is known well enough: trials in which
                // the threads took turns say nothing about the counter, so a busy machine runs to its time budget.
                if (!untilLoss && precision < 1 && meter.done() >= MIN_TRIALS_FOR_PRECISION && raced >= MIN_RACED_FOR_PRECISION
                        && racedLost >= MIN_LOSSES_FOR_PRECISION
                        && Interval.wilson(racedLost, raced).width() <= precision) {
                    meter.reached(String.format(Locale.ROOT, "95 %% interval of the loss share of raced trials narrower than %.2f", precision));
                }
            }
            loopJit = JitState.of(counter.getClass(), "add", Gate.class, "race");
            wallNanos = System.nanoTime() - w0;
        } finally {
            if (gate != null) gate.stop();
            if (crew != null) crew.close();
        }
        if (reseats > 0) {
            b.param("reseats", reseats);
            b.note(String.format(Locale.ROOT, "The worker threads were started anew %d time(s) during warm-up: they kept "
                    + "missing the start, as threads do that share a core on a busy machine.", reseats));
        }
        return summarize(b, t, meter, wallNanos, uptime, warmed);
    }

    private Result summarize(Result.Builder b, DataTable t, Budget.Meter meter, long wallNanos, double uptime, int warmed) {
        long[] lost = t.longs("lost");
        long[] late = t.longs("late_ns");
        int n = t.size();
        long expected = (long) threads * increments;
        long lossy = 0, whole = 0, together = 0, togetherLost = 0, overlapping = 0, lateStart = 0;
        long[] overlap = t.longs("overlap_ns");
        for (int i = 0; i < n; i++) {
            if (lost[i] != 0) lossy++;
            if (lost[i] > 0 && lost[i] % increments == 0) whole++;
            if (late[i] <= 0) {
                together++;
                if (lost[i] != 0) togetherLost++;
            } else {
                lateStart++;
            }
            if (overlap[i] > 0) overlapping++;
        }
        b.samples(t).ended(meter);
        if (untilLoss && lossy > 0) b.ended(meter.describe() + ", stopped at the first loss");
        b.param("loop_jit", loopJit).param("warmup_trials", warmed).param("jvm_uptime_s", Math.round(uptime * 10) / 10.0);
        b.figure("trials", n, "");
        b.figure("expected", expected, "");
        b.figure("trials_with_loss", lossy, "");
        b.figure("share_with_loss", Interval.wilson(lossy, n), "");
        b.figure("trials_together", together, "");
        b.figure("share_together", Interval.wilson(together, n), "");
        b.figure("together_with_loss", togetherLost, "");
        b.figure("share_loss_when_together", Interval.wilson(togetherLost, together), "");
        b.figure("mean_lost", Interval.mean(lost), "updates");
        b.figure("median_lost", Interval.median(lost), "updates");
        b.figure("p99_lost", Interval.percentile(Arrays.stream(lost).asDoubleStream().toArray(), 99), "updates");
        b.figure("max_lost", n == 0 ? Double.NaN : Stats.of(lost).max(), "updates");
        double[] lossyOnly = Arrays.stream(lost).filter(v -> v > 0).asDoubleStream().toArray();
        b.figure("median_lost_when_lost", Interval.median(lossyOnly), "updates");
        b.figure("p99_lost_when_lost", Interval.percentile(lossyOnly, 99), "updates");
        b.figure("mean_fraction_lost", Interval.mean(lost).scaled(1.0 / expected), "");
        // a compiled loop that keeps count in a register writes once: it loses whole loops, not single updates
        b.figure("trials_whole_loops_lost", whole, "");
        b.figure("share_whole_loops_lost", Interval.wilson(whole, n), "");
        b.figure("share_overlapping", Interval.wilson(overlapping, n), "");
        b.figure("median_skew_us", Interval.median(t.longs("skew_ns")).scaled(1e-3), "µs");
        b.figure("median_span_us", Interval.median(t.longs("span_ns")).scaled(1e-3), "µs");
        b.figure("median_loop_us", Interval.median(t.longs("loop_ns")).scaled(1e-3), "µs");
        b.figure("ns_per_increment", Interval.median(t.longs("loop_ns")).scaled(1.0 / increments), "ns");
        b.figure("share_late_start", Interval.wilson(lateStart, n), "");
        b.figure("trials_per_s", n == 0 ? 0 : n / (wallNanos / 1e9), "1/s");
        double sumBusy = Stats.of(t.longs("busy_ns")).sum();
        b.figure("overhead", sumBusy > 0 ? wallNanos / sumBusy : Double.NaN, "× loop time");
        b.note(String.format(Locale.ROOT, "In-process: the JVM had been running %.1f s; %d warm-up trials ran first "
                + "and are not counted. The loop's machine code: %s.", uptime, warmed, loopJit));
        if (n > 0) {
            b.chart(r -> Charts.binnedHistogram("Lost updates per trial (" + label + ", " + threads + " threads × "
                    + String.format(Locale.ROOT, "%,d", increments) + ")", "lost updates in one trial", "updates", lost, 50));
        }
        b.explainer(GateExplain::explain);
        return b.build();
    }

    /** The shared state of one gate: the counter, the generation number, per-worker stamps. */
    static final class Gate {
        final Counter counter;
        final int threads;
        final int increments;
        final long[] starts;
        final long[] ends;
        final long[] arrivals;
        final AtomicInteger done = new AtomicInteger();
        volatile int generation;
        volatile long startAt; // written before generation, read after it
        volatile boolean stopped;
        long value;

        Gate(Counter counter, int threads, int increments) {
            this.counter = counter;
            this.threads = threads;
            this.increments = increments;
            this.starts = new long[threads];
            this.ends = new long[threads];
            this.arrivals = new long[threads];
        }

        /** One trial; false if the deadline passed (or the gate was stopped) before every worker finished. */
        boolean trial(long deadlineNanos) {
            counter.reset();
            done.set(0);
            long at = System.nanoTime() + LEAD_NANOS;
            startAt = at;
            generation++; // opens the gate: the volatile write publishes the reset and the start time
            arrivals[0] = System.nanoTime();
            race(0, at, deadlineNanos);
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
            return !stopped;
        }

        /** Waits for the common start time, then runs this thread's loop between two nanoTime stamps. */
        private void race(int id, long at, long deadlineNanos) {
            while (System.nanoTime() - at < 0) Thread.onSpinWait();
            starts[id] = System.nanoTime();
            if (increments <= CHUNK) {
                counter.add(increments);
            } else {
                for (int left = increments; left > 0 && !stopped; left -= CHUNK) {
                    counter.add(Math.min(CHUNK, left));
                    if (id == 0) {
                        if (Thread.currentThread().isInterrupted()) { stopped = true; Budget.checkInterrupt(); }
                        if (System.nanoTime() - deadlineNanos > 0) stopped = true;
                    }
                }
            }
            ends[id] = System.nanoTime();
        }

        void worker(int id, Crew crew) {
            int seen = 0; // not `generation`: the first trial may open the gate before this thread runs
            while (true) {
                // Wait by the clock, not by a spin count (a pause instruction lasts 10 to 150 cycles, by CPU):
                // spin 50 µs (the gap between trials is a few µs), then yield up to 1 ms, then nap.
                long waitingSince = System.nanoTime();
                while (generation == seen) {
                    if (stopped || crew.stopping()) return;
                    long waited = System.nanoTime() - waitingSince;
                    if (waited < SPIN_NANOS) Thread.onSpinWait();
                    else if (waited < YIELD_NANOS) Thread.yield();
                    else LockSupport.parkNanos(20_000);
                }
                seen = generation;
                arrivals[id] = System.nanoTime();
                if (stopped) return;
                race(id, startAt, Long.MAX_VALUE);
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

        /** Time during which at least one loop ran (the union of the loop intervals). */
        long busy() {
            long[][] iv = new long[threads][];
            for (int i = 0; i < threads; i++) iv[i] = new long[] {starts[i], ends[i]};
            java.util.Arrays.sort(iv, (a, c) -> Long.compare(a[0], c[0]));
            long sum = 0, from = iv[0][0], to = iv[0][1];
            for (int i = 1; i < threads; i++) {
                if (iv[i][0] > to) { sum += to - from; from = iv[i][0]; to = iv[i][1]; }
                else to = Math.max(to, iv[i][1]);
            }
            return sum + (to - from);
        }

        long longestLoop() {
            long max = 0;
            for (int i = 0; i < threads; i++) max = Math.max(max, ends[i] - starts[i]);
            return max;
        }

        /** How long after the agreed start the latest thread saw the gate open (negative: all were in time). */
        long late() {
            long max = Long.MIN_VALUE;
            for (int i = 0; i < threads; i++) max = Math.max(max, arrivals[i]);
            return max - startAt;
        }

        /** How long every worker was inside its loop at the same time; negative: they never all overlapped. */
        long overlap() {
            long lastStart = Long.MIN_VALUE, firstEnd = Long.MAX_VALUE;
            for (int i = 0; i < threads; i++) { lastStart = Math.max(lastStart, starts[i]); firstEnd = Math.min(firstEnd, ends[i]); }
            return firstEnd - lastStart;
        }
    }
}
