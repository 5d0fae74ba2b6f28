package dev.racelab.channels;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Java's channels, watched while they block. A producer sends messages to a consumer through each kind of queue,
 * in two phases: first the producer is fast and the consumer slow (the channel fills, the producer waits), then the
 * other way round (the channel empties, the consumer waits). Every message records when it was sent, how long the
 * send blocked, how deep the channel was, and how long the receive blocked.
 * {@code ChannelKinds.of().run()}
 */
public final class ChannelKinds {
    public static final String BUFFERED = "ArrayBlockingQueue (buffered)";
    public static final String RENDEZVOUS = "SynchronousQueue (unbuffered)";
    public static final String TRANSFER = "LinkedTransferQueue (put: unbounded)";
    public static final List<String> KINDS = List.of(BUFFERED, RENDEZVOUS, TRANSFER);
    public static final String FULL = "fast producer, slow consumer";
    public static final String EMPTY = "slow producer, fast consumer";

    private int capacity = 8;
    private int messages = 100;
    private long slowMicros = 300;

    private ChannelKinds() {}

    public static ChannelKinds of() {
        return new ChannelKinds();
    }

    /** A range {@code capacity} checks; its terminal option's help names the same constant. */
    public static final String CAPACITY_RANGE = "1..10000";

    /** Capacity of the buffered channel ({@value #CAPACITY_RANGE}). */
    public ChannelKinds capacity(int n) {
        this.capacity = Require.inRange("capacity", n, CAPACITY_RANGE);
        return this;
    }

    /** A range {@code messages} checks; its terminal option's help names the same constant. */
    public static final String MESSAGES_RANGE = "10..100000";

    /** Messages per phase ({@value #MESSAGES_RANGE}). */
    public ChannelKinds messages(int n) {
        this.messages = Require.inRange("messages", n, MESSAGES_RANGE);
        return this;
    }

    /** A range {@code slowMicros} checks; its terminal option's help names the same constant. */
    public static final String SLOW_MICROS_RANGE = "10..100000";

    /** Work of the slow side per message, in µs ({@value #SLOW_MICROS_RANGE}). */
    public ChannelKinds slowMicros(long us) {
        this.slowMicros = Require.inRange("slow side's work (µs)", us, SLOW_MICROS_RANGE);
        return this;
    }

    static BlockingQueue<Integer> channel(String kind, int capacity) {
        return switch (kind) {
            case BUFFERED -> new ArrayBlockingQueue<>(capacity);
            case RENDEZVOUS -> new SynchronousQueue<>();
            case TRANSFER -> new LinkedTransferQueue<>();
            default -> throw new IllegalArgumentException("channel kind must be one of " + String.join(", ", KINDS) + " (got " + kind + ")");
        };
    }

    public KindsResult run() {
        Result.Builder b = Result.builder("channel-kinds", String.format(Locale.ROOT,
                        "Blocking on a full or empty channel: %d messages per phase, slow side %d µs per message, buffer %d",
                        messages, slowMicros, capacity))
                .param("capacity", capacity).param("messages", messages).param("slow_us", slowMicros);
        DataTable t = new DataTable("channel", "phase", "message", "sent_ms", "send_wait_us", "depth", "receive_wait_us");
        for (String kind : KINDS) {
            for (String phase : List.of(FULL, EMPTY)) once(kind, phase, t);
        }
        b.samples(t);
        for (String kind : KINDS) {
            Names k = Names.of(kind);
            DataTable full = t.where("channel", kind).where("phase", FULL);
            DataTable empty = t.where("channel", kind).where("phase", EMPTY);
            b.figure(k.maxDepth(), Stats.of(full.doubles("depth")).max(), "messages (fast producer)");
            b.figure(k.sendWaitUs(), Interval.median(full.doubles("send_wait_us")), "µs median (fast producer)");
            b.figure(k.receiveWaitUs(), Interval.median(empty.doubles("receive_wait_us")), "µs median (slow producer)");
        }
        b.explainer(KindsExplain::explain);
        b.note("Depth is the channel's size() right after a send. A SynchronousQueue has no room at all, so it is always 0: "
                + "each send waits for a receiver. LinkedTransferQueue.put never waits (transfer() would).");
        b.chart(r -> ((KindsResult) r).depthChart());
        return new KindsResult(b);
    }

    /** One channel kind's figure names, spelled out so that a search for a name a notebook reads finds this line. */
    record Names(String maxDepth, String sendWaitUs, String receiveWaitUs) {
        static Names of(String kind) {
            return switch (kind) {
                case BUFFERED -> new Names("buffered_max_depth", "buffered_send_wait_us", "buffered_receive_wait_us");
                case RENDEZVOUS -> new Names("rendezvous_max_depth", "rendezvous_send_wait_us",
                        "rendezvous_receive_wait_us");
                case TRANSFER -> new Names("transfer_max_depth", "transfer_send_wait_us", "transfer_receive_wait_us");
                default -> throw new IllegalArgumentException("no kind '" + kind + "'");
            };
        }
    }

    private void once(String kind, String phase, DataTable t) {
        BlockingQueue<Integer> ch = channel(kind, capacity);
        boolean slowConsumer = phase.equals(FULL);
        long[] sentAt = new long[messages];
        long[] sendWait = new long[messages];
        int[] depth = new int[messages];
        long[] receiveWait = new long[messages];
        long t0;
        try (Crew crew = Crew.platform("channel")) {
            t0 = System.nanoTime();
            crew.start(() -> {
                try {
                    for (int i = 0; i < messages; i++) {
                        long s = System.nanoTime();
                        Integer m = ch.poll(10, TimeUnit.SECONDS);
                        receiveWait[i] = System.nanoTime() - s;
                        if (m == null) return;
                        if (slowConsumer) spin(slowMicros);
                    }
                } catch (InterruptedException e) {
                    // closing
                }
            });
            try {
                for (int i = 0; i < messages; i++) {
                    if (!slowConsumer) spin(slowMicros);
                    Budget.checkInterrupt();
                    long s = System.nanoTime();
                    sentAt[i] = s - t0;
                    if (!ch.offer(i, 10, TimeUnit.SECONDS)) throw new IllegalStateException("the consumer stopped taking messages");
                    sendWait[i] = System.nanoTime() - s;
                    depth[i] = ch.size();
                }
            } catch (InterruptedException e) {
                throw Budget.interrupted();
            }
            if (!crew.joinAll(Duration.ofSeconds(30))) throw new IllegalStateException("the consumer did not finish");
        }
        for (int i = 0; i < messages; i++) {
            t.add(kind, phase, i, sentAt[i] / 1e6, sendWait[i] / 1e3, depth[i], receiveWait[i] / 1e3);
        }
    }

    /** Busy work for about {@code micros} µs (sleeping would round up to the timer's resolution). */
    static void spin(long micros) {
        long end = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() - end < 0) Thread.onSpinWait();
    }

    /** The measurement with its charts. */
    public static final class KindsResult extends Result {
        KindsResult(Result.Builder b) {
            super(b);
        }

        private Chart over(String phase, String column, String title, String yLabel) {
            List<Series> series = new ArrayList<>();
            for (String kind : KINDS) {
                DataTable rows = samples().where("channel", kind).where("phase", phase);
                series.add(new Series(kind, rows.doubles("sent_ms"), rows.doubles(column)));
            }
            return Charts.lines(title, "time since the first send (ms)", yLabel, series, false, false);
        }

        /** Fast producer: how full each channel is over time. */
        public Chart depthChart() {
            return over(FULL, "depth", "Fast producer, slow consumer: messages waiting in the channel", "depth after each send");
        }

        /** Fast producer: how long each send blocked. */
        public Chart sendWaitChart() {
            return over(FULL, "send_wait_us", "Fast producer, slow consumer: time each send blocked", "send blocked (µs)");
        }

        /** Slow producer: how long each receive blocked. */
        public Chart receiveWaitChart() {
            return over(EMPTY, "receive_wait_us", "Slow producer, fast consumer: time each receive blocked", "receive blocked (µs)");
        }
    }
}
