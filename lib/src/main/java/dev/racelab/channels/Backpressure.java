package dev.racelab.channels;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
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
    public static final String DRAINED = "bounded, consumer drains in batches (drainTo)";
    static final List<String> RUNS = List.of(UNBOUNDED, BOUNDED, DRAINED);

    private int messages;
    private int payloadBytes = 1_024;
    private int capacity = 100;
    private long consumerMicros = 20;
    private long sampleMillis = 5;

    private Backpressure() {
        messages = Profile.quickOrFull(15_000, 100_000);
    }

    public static Backpressure of() {
        return new Backpressure();
    }

    /** A range {@code messages} checks; its terminal option's help names the same constant. */
    public static final String MESSAGES_RANGE = "100..1000000";

    public Backpressure messages(int n) {
        this.messages = Require.inRange("messages", n, MESSAGES_RANGE);
        return this;
    }

    /** A range {@code payloadBytes} checks; its terminal option's help names the same constant. */
    public static final String PAYLOAD_RANGE = "0..65536";

    /** Bytes carried by each message ({@value #PAYLOAD_RANGE}). */
    public Backpressure payloadBytes(int n) {
        this.payloadBytes = Require.inRange("payload bytes", n, PAYLOAD_RANGE);
        return this;
    }

    /** A range {@code capacity} checks; its terminal option's help names the same constant. */
    public static final String CAPACITY_RANGE = "1..100000";

    /** Capacity of the bounded channel ({@value #CAPACITY_RANGE}). */
    public Backpressure capacity(int n) {
        this.capacity = Require.inRange("capacity", n, CAPACITY_RANGE);
        return this;
    }

    /** A range {@code consumerMicros} checks; its terminal option's help names the same constant. */
    public static final String CONSUMER_MICROS_RANGE = "1..10000";

    /** The consumer's work per message in µs ({@value #CONSUMER_MICROS_RANGE}). */
    public Backpressure consumerMicros(long us) {
        this.consumerMicros = Require.inRange("consumer work (µs)", us, CONSUMER_MICROS_RANGE);
        return this;
    }

    public PressureResult run() {
        Result.Builder b = Result.builder("backpressure", String.format(Locale.ROOT,
                        "Fast producer, slow consumer: %,d messages of %,d bytes; consumer %d µs per message", messages,
                        payloadBytes, consumerMicros))
                .param("messages", messages).param("payload_bytes", payloadBytes).param("capacity", capacity)
                .param("consumer_us", consumerMicros);
        DataTable t = new DataTable("channel", "t_ms", "depth", "held_mib", "heap_mib", "produced", "consumed");
        DataTable totals = new DataTable("channel", "producer_ms", "total_ms", "producer_blocked", "consumer_wakeups");
        double bytesPerMessage = footprint(payloadBytes);
        List<double[]> perMessage = new ArrayList<>(), cpuPerMessage = new ArrayList<>();
        try (Progress progress = Progress.start("backpressure", 3L * messages)) {
            perMessage.add(once(UNBOUNDED, new LinkedBlockingQueue<>(), t, totals, progress, 0, bytesPerMessage, cpuPerMessage));
            perMessage.add(once(BOUNDED, new ArrayBlockingQueue<>(capacity), t, totals, progress, messages, bytesPerMessage, cpuPerMessage));
            perMessage.add(once(DRAINED, new ArrayBlockingQueue<>(capacity), t, totals, progress, 2 * messages, bytesPerMessage, cpuPerMessage));
        }
        b.samples(t);
        b.figure("bytes_per_message", bytesPerMessage, "bytes held per queued message (measured)");
        for (int i = 0; i < RUNS.size(); i++) {
            String ch = RUNS.get(i);
            Names k = Names.of(ch);
            DataTable rows = t.where("channel", ch);
            Object[] tot = totals.where("channel", ch).rows().get(0);
            b.figure(k.maxDepth(), Stats.of(rows.doubles("depth")).max(), "messages");
            b.figure(k.maxHeldMib(), Stats.of(rows.doubles("held_mib")).max(), "MiB held by queued messages");
            b.figure(k.producerDoneMs(), (Double) tot[1], "ms");
            b.figure(k.totalMs(), (Double) tot[2], "ms (last message consumed)");
            b.figure(k.producerBlocked(), ((Number) tot[3]).doubleValue(), "sends that found the channel full");
            b.figure(k.consumerWakeups(), ((Number) tot[4]).doubleValue(),
                    "takes or drains that found the producer blocked (each signals it)");
            // the consumer's own time per message: its whole loop (take or drain, and the work), per message
            b.figure(k.consumerUsPerMessage(), Interval.mean(perMessage.get(i)), "µs per message (consumer, wall, mean)");
            b.figure(k.consumerCpuUsPerMessage(), Interval.mean(cpuPerMessage.get(i)),
                    "µs of CPU per message (consumer, mean): what it did itself, not the time it waited for a core");
        }
        b.figure("capacity", capacity, "messages");
        b.figure("consumer_work_ms", messages * consumerMicros / 1000.0, "ms: the consumer's work alone (messages × work)");
        b.explainer(BackpressureExplain::explain);
        b.note("Depth is exact: the channel's size() at each sample. Memory held = depth × the bytes one queued message "
                + "occupies, measured before the runs (heap after a GC with and without 10,000 queued messages). The raw "
                + "heap in use (heap_mib, heapChart()) also counts garbage not yet collected, so it says little by itself.");
        b.note("Consumer time per message: the consumer's loop, timed per batch (one take and its work, or one "
                + "drainTo and the work of every message it took) and divided by the messages in it; mean with a 95 % "
                + "interval; in wall-clock time (it includes any time the consumer waited for a core) and in the "
                + "consumer thread's own CPU time (the work, the take and the signal to the producer: what another program cannot inflate). "
                + "A wake-up: a take or drain that found the producer blocked in put (counted by the producer: "
                + "a send that found the channel full).");
        b.chart(r -> ((PressureResult) r).depthChart());
        return new PressureResult(b);
    }

    /** One run's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String maxDepth, String maxHeldMib, String producerDoneMs, String totalMs, String producerBlocked,
            String consumerWakeups, String consumerUsPerMessage, String consumerCpuUsPerMessage) {
        static Names of(String channel) {
            return switch (channel) {
                case UNBOUNDED -> new Names("unbounded_max_depth", "unbounded_max_held_mib",
                        "unbounded_producer_done_ms", "unbounded_total_ms", "unbounded_producer_blocked",
                        "unbounded_consumer_wakeups", "unbounded_consumer_us_per_message",
                        "unbounded_consumer_cpu_us_per_message");
                case BOUNDED -> new Names("bounded_max_depth", "bounded_max_held_mib", "bounded_producer_done_ms",
                        "bounded_total_ms", "bounded_producer_blocked", "bounded_consumer_wakeups",
                        "bounded_consumer_us_per_message", "bounded_consumer_cpu_us_per_message");
                case DRAINED -> new Names("drained_max_depth", "drained_max_held_mib", "drained_producer_done_ms",
                        "drained_total_ms", "drained_producer_blocked", "drained_consumer_wakeups",
                        "drained_consumer_us_per_message", "drained_consumer_cpu_us_per_message");
                default -> throw new IllegalArgumentException("no channel '" + channel + "'");
            };
        }
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

    /** One run; returns the consumer's time per message (µs), one value per message. */
    private double[] once(String name, BlockingQueue<byte[]> ch, DataTable t, DataTable totals, Progress progress, int offset,
                          double bytesPerMessage, List<double[]> cpuOut) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heap0 = mem.getHeapMemoryUsage().getUsed();
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        // the producer sets it while it waits in put: the consumer's take that finds it set has to wake it
        java.util.concurrent.atomic.AtomicBoolean producerWaiting = new java.util.concurrent.atomic.AtomicBoolean();
        long[] blocked = {0}, wakeups = {0};
        double[] perMessage = new double[messages];
        double[] cpuPerMessage = new double[messages];
        boolean drain = name.equals(DRAINED);
        long t0 = System.nanoTime();
        long[] producerDone = {-1};
        try (Crew crew = Crew.platform("pressure")) {
            crew.start(() -> { // producer: as fast as it can
                try {
                    for (int i = 0; i < messages; i++) {
                        byte[] m = new byte[payloadBytes];
                        if (!ch.offer(m)) { // full: this send waits until a take wakes it
                            blocked[0]++;
                            producerWaiting.set(true);
                            ch.put(m);
                            producerWaiting.set(false);
                        }
                        produced.set(i + 1);
                    }
                    producerDone[0] = System.nanoTime() - t0;
                } catch (InterruptedException e) {
                    // closing
                }
            });
            crew.start(() -> { // consumer: slow
                List<byte[]> batch = new ArrayList<>(capacity);
                java.lang.management.ThreadMXBean mxb = ManagementFactory.getThreadMXBean();
                try {
                    int i = 0;
                    while (i < messages) {
                        long s0 = System.nanoTime(), c0 = mxb.getCurrentThreadCpuTime();
                        byte[] m = ch.poll(10, TimeUnit.SECONDS);
                        if (m == null) return;
                        batch.clear();
                        batch.add(m);
                        boolean wasWaiting = producerWaiting.get();
                        if (drain) ch.drainTo(batch, messages - i - 1);
                        if (wasWaiting || producerWaiting.get()) wakeups[0]++;
                        for (int j = 0; j < batch.size(); j++) ChannelKinds.spin(consumerMicros);
                        double us = (System.nanoTime() - s0) / 1e3 / batch.size();
                        double cpuUs = (mxb.getCurrentThreadCpuTime() - c0) / 1e3 / batch.size();
                        for (int j = 0; j < batch.size() && i < messages; j++) {
                            cpuPerMessage[i] = cpuUs;
                            perMessage[i++] = us;
                        }
                        consumed.set(i);
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
        totals.add(name, producerDone[0] / 1e6, total, blocked[0], wakeups[0]);
        cpuOut.add(java.util.Arrays.copyOf(cpuPerMessage, consumed.get()));
        return java.util.Arrays.copyOf(perMessage, consumed.get());
    }

    /** The run with its charts. */
    public static final class PressureResult extends Result {
        PressureResult(Result.Builder b) {
            super(b);
        }

        private Chart over(String column, String title, String yLabel) {
            List<Series> series = new ArrayList<>();
            for (String ch : RUNS) {
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
            return over("held_mib", "Memory held by the waiting messages", "MiB (depth × bytes per message)");
        }

        /** The JVM's heap in use above the start of each run: waiting messages and garbage not yet collected. */
        public Chart heapChart() {
            return over("heap_mib", "Heap in use above the start of the run (live data and garbage)", "heap (MiB)");
        }
    }
}
