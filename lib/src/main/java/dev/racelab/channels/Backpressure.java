package dev.racelab.channels;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure: a fast producer and a slow consumer joined by an unbounded channel, then by a bounded one. The
 * unbounded channel swallows everything the producer makes and holds it in memory; the bounded one makes the
 * producer wait, so its depth and its memory stay flat. A sampler records depth and heap use every few ms.
 * {@code Backpressure.of().run()}
 */
public final class Backpressure {
    public static final String UNBOUNDED = "unbounded (LinkedBlockingQueue)";
    public static final String BOUNDED = "bounded (ArrayBlockingQueue)";

    private int messages;
    private int payloadBytes = 1_024;
    private int capacity = 100;
    private long consumerMicros = 20;
    private long sampleMillis = 5;

    private Backpressure() {
        messages = Profile.current().pick(15_000, 100_000);
    }

    public static Backpressure of() {
        return new Backpressure();
    }

    public Backpressure messages(int n) {
        this.messages = Require.inRange("messages", n, 100, 1_000_000);
        return this;
    }

    /** Bytes carried by each message (0..65,536). */
    public Backpressure payloadBytes(int n) {
        this.payloadBytes = Require.inRange("payload bytes", n, 0, 65_536);
        return this;
    }

    /** Capacity of the bounded channel (1..100,000). */
    public Backpressure capacity(int n) {
        this.capacity = Require.inRange("capacity", n, 1, 100_000);
        return this;
    }

    /** The consumer's work per message in µs (1..10,000). */
    public Backpressure consumerMicros(long us) {
        this.consumerMicros = Require.inRange("consumer work (µs)", us, 1, 10_000);
        return this;
    }

    public PressureResult run() {
        Result.Builder b = Result.builder("backpressure", String.format(Locale.ROOT,
                        "Fast producer, slow consumer: %,d messages of %,d bytes; consumer %d µs per message", messages,
                        payloadBytes, consumerMicros))
                .param("messages", messages).param("payload_bytes", payloadBytes).param("capacity", capacity)
                .param("consumer_us", consumerMicros);
        DataTable t = new DataTable("channel", "t_ms", "depth", "held_mb", "heap_mb", "produced", "consumed");
        DataTable totals = new DataTable("channel", "producer_ms", "total_ms");
        double bytesPerMessage = footprint(payloadBytes);
        try (Progress progress = Progress.start("backpressure", 2L * messages)) {
            once(UNBOUNDED, new LinkedBlockingQueue<>(), t, totals, progress, 0, bytesPerMessage);
            once(BOUNDED, new ArrayBlockingQueue<>(capacity), t, totals, progress, messages, bytesPerMessage);
        }
        b.samples(t);
        b.figure("bytes_per_message", bytesPerMessage, "bytes held per queued message (measured)");
        for (String ch : List.of(UNBOUNDED, BOUNDED)) {
            String k = ch.equals(UNBOUNDED) ? "unbounded" : "bounded";
            DataTable rows = t.where("channel", ch);
            Object[] tot = totals.where("channel", ch).rows().get(0);
            b.figure(k + "_max_depth", Stats.of(rows.doubles("depth")).max(), "messages");
            b.figure(k + "_max_held_mb", Stats.of(rows.doubles("held_mb")).max(), "MB held by queued messages");
            b.figure(k + "_producer_done_ms", (Double) tot[1], "ms");
            b.figure(k + "_total_ms", (Double) tot[2], "ms (last message consumed)");
        }
        b.figure("capacity", capacity, "messages");
        b.note("Depth is exact: the channel's size() at each sample. Memory held = depth × the bytes one queued message "
                + "occupies, measured before the runs (heap after a GC with and without 10,000 queued messages). The raw "
                + "heap in use (heap_mb, heapChart()) also counts garbage not yet collected, so it says little by itself.");
        b.chart(r -> ((PressureResult) r).depthChart());
        return new PressureResult(b);
    }

    /** Heap bytes one queued message occupies (payload, array header, queue node), measured around two GCs. */
    static double footprint(int payloadBytes) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        int n = 10_000;
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        LinkedBlockingQueue<byte[]> q = new LinkedBlockingQueue<>();
        for (int i = 0; i < n; i++) q.add(new byte[payloadBytes]);
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        double per = (after - before) / (double) n;
        if (q.size() != n) throw new IllegalStateException("lost a message while measuring");
        // a collector that did not run leaves garbage in the difference; never report less than the payload itself
        return Math.max(per, payloadBytes);
    }

    private void once(String name, BlockingQueue<byte[]> ch, DataTable t, DataTable totals, Progress progress, int offset,
                      double bytesPerMessage) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heap0 = mem.getHeapMemoryUsage().getUsed();
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        long t0 = System.nanoTime();
        long[] producerDone = {-1};
        try (Crew crew = Crew.platform("pressure")) {
            crew.start(() -> { // producer: as fast as it can
                try {
                    for (int i = 0; i < messages; i++) {
                        ch.put(new byte[payloadBytes]);
                        produced.set(i + 1);
                    }
                    producerDone[0] = System.nanoTime() - t0;
                } catch (InterruptedException e) {
                    // closing
                }
            });
            crew.start(() -> { // consumer: slow
                try {
                    for (int i = 0; i < messages; i++) {
                        byte[] m = ch.poll(10, TimeUnit.SECONDS);
                        if (m == null) return;
                        ChannelKinds.spin(consumerMicros);
                        consumed.set(i + 1);
                    }
                } catch (InterruptedException e) {
                    // closing
                }
            });
            // the calling thread samples until both are done
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                double ms = (System.nanoTime() - t0) / 1e6;
                int c = consumed.get();
                int depth = ch.size();
                t.add(name, ms, depth, depth * bytesPerMessage / 1048576.0, (mem.getHeapMemoryUsage().getUsed() - heap0) / 1048576.0,
                        produced.get(), c);
                progress.set(offset + c);
                if (crew.joinAll(Duration.ofMillis(sampleMillis))) break;
                if (System.nanoTime() - deadline > 0) throw new IllegalStateException("backpressure run did not finish within 120 s");
                Budget.checkInterrupt();
            }
        }
        double total = (System.nanoTime() - t0) / 1e6;
        t.add(name, total, ch.size(), ch.size() * bytesPerMessage / 1048576.0, (mem.getHeapMemoryUsage().getUsed() - heap0) / 1048576.0,
                produced.get(), consumed.get());
        totals.add(name, producerDone[0] / 1e6, total);
    }

    /** The run with its charts. */
    public static final class PressureResult extends Result {
        PressureResult(Result.Builder b) {
            super(b);
        }

        private Chart over(String column, String title, String yLabel) {
            List<Series> series = new ArrayList<>();
            for (String ch : List.of(UNBOUNDED, BOUNDED)) {
                DataTable rows = samples().where("channel", ch);
                series.add(new Series(ch, rows.doubles("t_ms"), rows.doubles(column)));
            }
            return Charts.lines(title, "time (ms)", yLabel, series, false, false);
        }

        public Chart depthChart() {
            return over("depth", "Messages waiting in the channel", "queue depth (messages)");
        }

        /** Memory held by the messages waiting in the channel. */
        public Chart memoryChart() {
            return over("held_mb", "Memory held by the waiting messages", "MB (depth × bytes per message)");
        }

        /** The JVM's heap in use above the start of each run: waiting messages and garbage not yet collected. */
        public Chart heapChart() {
            return over("heap_mb", "Heap in use above the start of the run (live data and garbage)", "heap (MB)");
        }
    }
}
