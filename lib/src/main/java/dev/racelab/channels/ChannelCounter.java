package dev.racelab.channels;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
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

    private ChannelCounter() {
        Profile p = Profile.current();
        increments = p.pick(100_000, 2_000_000);
        repeats = p.pick(3, 7);
        time = Duration.ofSeconds(p.pick(6, 120));
    }

    public static ChannelCounter of() {
        return new ChannelCounter();
    }

    public ChannelCounter threads(int n) {
        this.threads = Require.inRange("threads", n, 1, 256);
        return this;
    }

    /** Increments per worker thread (100..100,000,000). */
    public ChannelCounter increments(int n) {
        this.increments = Require.inRange("increments", n, 100, 100_000_000);
        return this;
    }

    /** Capacity of the channel (1..1,000,000). */
    public ChannelCounter capacity(int n) {
        this.capacity = Require.inRange("channel capacity", n, 1, 1_000_000);
        return this;
    }

    public ChannelCounter repeats(int n) {
        this.repeats = Require.inRange("repeats", n, 1, 100);
        return this;
    }

    public ChannelCounter seconds(double s) {
        Require.inRange("time budget (s)", s, 0.1, 3600);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    static List<String> kinds() {
        return List.of(CHANNEL, BATCHED, CounterKind.SYNCHRONIZED.label(), CounterKind.REENTRANT_LOCK.label(),
                CounterKind.ATOMIC_INTEGER.label(), CounterKind.LONG_ADDER.label());
    }

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
            once(CounterKind.ATOMIC_INTEGER.label(), Math.min(increments, 5_000));
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
        b.samples(t).ended(meter);
        for (String k : kinds) {
            DataTable rows = t.where("counter", k);
            if (rows.size() == 0) continue;
            b.figure(key(k) + "_m_per_s", Stats.of(rows.doubles("m_increments_s")).median(), "million increments/s (median)");
            b.figure(key(k) + "_lost", Stats.of(rows.longs("lost")).max(), "updates lost (worst repeat)");
        }
        b.figure("expected", expected, "per repeat");
        b.note("Each repeat starts all threads at a gate and stops the clock when the final count is known; "
                + "for the channels that is when the owner has applied the last message.");
        b.chart(r -> {
            Map<String, Number> v = new LinkedHashMap<>();
            for (String k : kinds) {
                double[] m = r.samples().where("counter", k).doubles("m_increments_s");
                if (m.length > 0) v.put(k, Stats.of(m).median());
            }
            return Charts.wrapCategoryLabels(Charts.bars("Throughput of a shared count (million increments/s, log scale)",
                    "million increments/s", v, true), 2);
        });
        return new CounterResult(b);
    }

    static String key(String kind) {
        if (kind.equals(CHANNEL)) return "channel";
        if (kind.equals(BATCHED)) return "channel_batched";
        return CounterKind.parse(kind).name().toLowerCase(Locale.ROOT);
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
                Thread.currentThread().interrupt();
                throw new Budget.Cancelled();
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
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
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
            return Stats.of(samples().where("counter", counter).doubles("m_increments_s")).median();
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
