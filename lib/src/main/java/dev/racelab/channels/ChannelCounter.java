package dev.racelab.channels;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.locks.Throughput;
import dev.racelab.notebook.Progress;
import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The counter of notebook 02 with no shared variable: workers send "+1" messages into a channel and one owner
 * thread, the only one that ever touches the count, applies them in order ("share memory by communicating").
 * Measured next to the same counts done with the counters of notebooks 03 and 04 ({@code synchronized},
 * {@code ReentrantLock}, {@code AtomicInteger}, {@code LongAdder}).
 * {@code ChannelCounter.of().run()}
 */
public final class ChannelCounter {
    public static final String CHANNEL = "channel, +1 per message";
    public static final String BATCHED = "channel, +100 per message";

    private int threads = 4;
    private int increments;
    private int capacity = 1_024;
    private int repeats;
    private Duration time;
    private int sharedRepeats;
    private int sharedMillis;

    private ChannelCounter() {
        increments = Profile.quickOrFull(100_000, 2_000_000);
        repeats = Profile.quickOrFull(3, 7);
        time = Duration.ofSeconds(Profile.quickOrFull(6, 120));
        sharedRepeats = Profile.quickOrFull(5, 7);
        sharedMillis = Profile.quickOrFull(60, 500);
    }

    public static ChannelCounter of() {
        return new ChannelCounter();
    }

    public ChannelCounter threads(int n) {
        this.threads = Require.inRange("threads", n, 1, Budget.MAX_THREADS);
        return this;
    }

    /** Increments per worker thread (100..100,000,000). */
    public ChannelCounter increments(int n) {
        this.increments = Require.inRange("increments", n, 100, Budget.MAX_INCREMENTS);
        return this;
    }

    /** A range {@code capacity} checks; its terminal option's help names the same constant. */
    public static final String CAPACITY_RANGE = "1..1000000";

    /** Capacity of the channel ({@value #CAPACITY_RANGE}). */
    public ChannelCounter capacity(int n) {
        this.capacity = Require.inRange("channel capacity", n, CAPACITY_RANGE);
        return this;
    }

    /** A range {@code repeats} checks; its terminal option's help names the same constant. */
    public static final String REPEATS_RANGE = "1..100";

    public ChannelCounter repeats(int n) {
        this.repeats = Require.inRange("repeats", n, REPEATS_RANGE);
        return this;
    }

    /** The shared-memory counters' points: repeats (1..20) of {@code millis} (10..60,000) ms each. */
    public ChannelCounter shared(int repeats, int millis) {
        this.sharedRepeats = Require.inRange("repeats of the shared counters", repeats, 1, 20);
        this.sharedMillis = Require.inRange("milliseconds per point", millis, 10, 60_000);
        return this;
    }

    public ChannelCounter seconds(double s) {
        Budget.requireSeconds(s);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    /** The channel counters this class times itself; the shared-memory counters come from {@link Throughput}. */
    static List<String> kinds() {
        return List.of(CHANNEL, BATCHED);
    }

    /** The counters of notebooks 03 and 04, measured by the same code as notebook 04 §4. */
    static final List<CounterKind> SHARED = List.of(CounterKind.SYNCHRONIZED, CounterKind.REENTRANT_LOCK,
            CounterKind.ATOMIC_INTEGER, CounterKind.LONG_ADDER);

    public CounterResult run() {
        long expected = (long) threads * increments;
        Result.Builder b = Result.builder("channel-counter", String.format(Locale.ROOT,
                        "%d threads × %,d increments: a channel with one owner versus a lock and an atomic", threads, increments))
                .param("threads", threads).param("increments", increments).param("capacity", capacity)
                .param("repeats", repeats).param("time_budget_s", time.toMillis() / 1000.0);
        DataTable t = new DataTable("counter", "repeat", "final", "lost", "wall_ms", "m_increments_s");
        List<String> kinds = kinds();
        Budget.Meter meter = Budget.of(kinds.size() * repeats, time).start();
        try (Progress progress = Progress.start("counters", (long) kinds.size() * repeats)) {
            once(CHANNEL, Math.min(increments, 5_000)); // warm-up of the code paths, not recorded
            once(BATCHED, Math.min(increments, 5_000));
            outer:
            for (int r = 0; r < repeats; r++) {
                for (String k : kinds) {
                    if (!meter.more()) break outer;
                    long[] out = once(k, increments);
                    double wallMs = out[1] / 1e6;
                    t.add(k, r, out[0], expected - out[0], wallMs, expected / (wallMs * 1e3));
                    meter.count();
                    progress.set(meter.done());
                }
            }
        }
        // the shared-memory counters: the same code, threads and repeats as notebook 04 §4 (Throughput), every kind
        // warmed up before any timed point
        Result shared = Throughput.of(SHARED.toArray(CounterKind[]::new)).threads(threads).repeats(sharedRepeats)
                .millisPerPoint(sharedMillis).run();
        for (Object[] row : shared.samples().rows()) {
            long made = ((Number) row[5]).longValue(), fin = ((Number) row[4]).longValue();
            t.add(row[0], -1 - ((Number) row[7]).intValue(), fin, made - fin, sharedMillis, ((Number) row[3]).doubleValue() / 1e6);
        }
        b.samples(t).ended(meter);
        for (String k : kinds) {
            DataTable rows = t.where("counter", k);
            Names n = Names.of(k);
            b.figure(n.mPerS(), Interval.median(rows.doubles("m_increments_s")), "million increments/s (median of repeats)");
            b.figure(n.lost(), rows.size() == 0 ? Double.NaN : Stats.of(rows.longs("lost")).max(), "updates lost (worst repeat)");
        }
        for (CounterKind k : SHARED) {
            DataTable rows = t.where("counter", k.label());
            Names n = Names.of(k.label());
            b.figure(n.mPerS(), Interval.median(rows.doubles("m_increments_s")),
                    "million increments/s (median of repeats, Throughput as in notebook 04)");
            b.figure(n.lost(), rows.size() == 0 ? Double.NaN : Stats.of(rows.longs("lost")).max(), "updates lost (worst repeat)");
        }
        b.figure("expected", expected, "per repeat");
        b.param("shared_repeats", sharedRepeats).param("shared_ms_per_point", sharedMillis);
        b.note("Channels: each repeat starts all threads at a gate and stops the clock when the owner has applied the "
                + "last message (a fixed job, so thread start and wake-ups are in it). The shared-memory counters: "
                + "Throughput, as in notebook 04 §4 (" + threads + " threads calling add(1) for " + sharedMillis
                + " ms, " + sharedRepeats + " repeats, every kind warmed up first); their rows have repeat < 0 and "
                + "wall_ms = the point's length.");
        b.explainer(ChannelCounterExplain::explain);
        b.chart(r -> {
            List<String> names = new ArrayList<>();
            List<double[]> ivs = new ArrayList<>();
            for (String k : new String[] {CHANNEL, CounterKind.SYNCHRONIZED.label(), CounterKind.REENTRANT_LOCK.label(),
                    CounterKind.ATOMIC_INTEGER.label(), CounterKind.LONG_ADDER.label()}) {
                Interval iv = r.interval(key(k) + "_m_per_s");
                names.add(k);
                ivs.add(new double[] {iv.isEmpty() ? Double.NaN : iv.estimate(), iv.low(), iv.high()});
            }
            var c = Charts.intervalDots("Increments per second, " + threads + " threads (median and range of repeats; log scale)",
                    "million increments/s", names, ivs.stream().mapToDouble(x -> x[0]).toArray(),
                    ivs.stream().mapToDouble(x -> x[1]).toArray(), ivs.stream().mapToDouble(x -> x[2]).toArray());
            org.jfree.chart.axis.LogAxis log = new org.jfree.chart.axis.LogAxis("million increments/s (log scale)");
            log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
            log.setSmallestValue(0.01);
            c.jfree().getXYPlot().setRangeAxis(log);
            return c;
        });
        return new CounterResult(b);
    }

    static String key(String kind) {
        if (kind.equals(CHANNEL)) return "channel";
        if (kind.equals(BATCHED)) return "channel_batched";
        return CounterKind.parse(kind).name().toLowerCase(Locale.ROOT);
    }

    /**
     * The figure names of the counters this experiment measures ({@link #kinds()} and {@link #SHARED}), spelled out
     * so that a search for a name a notebook reads finds this line.
     */
    record Names(String mPerS, String lost) {
        static Names of(String kind) {
            if (kind.equals(CHANNEL)) return new Names("channel_m_per_s", "channel_lost");
            if (kind.equals(BATCHED)) return new Names("channel_batched_m_per_s", "channel_batched_lost");
            return switch (CounterKind.parse(kind)) {
                case SYNCHRONIZED -> new Names("synchronized_m_per_s", "synchronized_lost");
                case REENTRANT_LOCK -> new Names("reentrant_lock_m_per_s", "reentrant_lock_lost");
                case ATOMIC_INTEGER -> new Names("atomic_integer_m_per_s", "atomic_integer_lost");
                case LONG_ADDER -> new Names("long_adder_m_per_s", "long_adder_lost");
                default -> throw new IllegalArgumentException("not measured here: " + kind);
            };
        }
    }

    /** One repeat: {final count, wall nanos}. */
    private long[] once(String kind, int perThread) {
        if (kind.equals(CHANNEL) || kind.equals(BATCHED)) return channel(perThread, kind.equals(BATCHED) ? 100 : 1);
        Counter c = CounterKind.parse(kind).create();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try (Crew crew = Crew.platform("counter")) {
            for (int i = 0; i < threads; i++) {
                crew.start(() -> {
                    ready.countDown();
                    await(go);
                    c.add(perThread);
                });
            }
            await(ready);
            long t0 = System.nanoTime();
            go.countDown();
            if (!crew.joinAll(Duration.ofSeconds(60))) throw new IllegalStateException(kind + ": threads did not finish within 60 s");
            return new long[] {c.get(), System.nanoTime() - t0};
        }
    }

    /** Workers send {@code perThread / batch} messages of {@code +batch}; the calling thread is the owner. */
    private long[] channel(int perThread, int batch) {
        BlockingQueue<Integer> ch = new ArrayBlockingQueue<>(capacity);
        int full = perThread / batch;
        int rest = perThread % batch; // sent as one last, smaller message
        long expectedMessages = (long) threads * (full + (rest > 0 ? 1 : 0));
        Integer message = batch; // boxed once; Integer caches small values anyway
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try (Crew crew = Crew.platform("sender")) {
            for (int i = 0; i < threads; i++) {
                crew.start(() -> {
                    ready.countDown();
                    await(go);
                    try {
                        for (int m = 0; m < full; m++) ch.put(message);
                        if (rest > 0) ch.put(rest);
                    } catch (InterruptedException e) {
                        // closing
                    }
                });
            }
            await(ready);
            long count = 0; // only this thread ever reads or writes it
            long t0 = System.nanoTime();
            go.countDown();
            try {
                for (long m = 0; m < expectedMessages; m++) {
                    Integer v = ch.poll(10, TimeUnit.SECONDS);
                    if (v == null) throw new IllegalStateException("no message for 10 s after " + m + " of " + expectedMessages);
                    count += v;
                }
            } catch (InterruptedException e) {
                throw Budget.interrupted();
            }
            long wall = System.nanoTime() - t0;
            crew.joinAll(Duration.ofSeconds(10));
            return new long[] {count, wall};
        }
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("threads did not reach the gate within 60 s");
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        }
    }

    /** The comparison with typed access. */
    public static final class CounterResult extends Result {
        CounterResult(Result.Builder b) {
            super(b);
        }

        /** Updates lost in the worst repeat of {@code counter} (one of the labels in the samples). */
        public long lost(String counter) {
            return (long) Stats.of(samples().where("counter", counter).longs("lost")).max();
        }

        /** Median throughput, million increments per second. */
        public double throughput(String counter) {
            return interval(key(counter) + "_m_per_s").estimate();
        }

        /** Repeats that ran for {@code counter}. */
        public int repeats(String counter) {
            return samples().where("counter", counter).size();
        }

        public List<String> counters() {
            return new ArrayList<>(new java.util.LinkedHashSet<>(samples().strings("counter")));
        }
    }
}
