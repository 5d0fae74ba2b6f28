package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Crew;
import dev.racelab.core.Require;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The check behind {@code Checks} for a bounded channel (notebook 05); see the facade for what it asks of the learner. */
final class ChannelCheck {
    private ChannelCheck() {}

    /**
     * A bounded channel: {@code send} must block when it is full and {@code receive} when it is empty; then 4
     * producers × 10,000 messages through a channel of 8 to 4 consumers: every message must arrive exactly once.
     */
    static Verdict channel(String title, IntFunction<? extends BoundedChannel<Integer>> factory) {
        Require.notNull("channel factory", factory);
        return Exercise.check(title, () -> {
            int cap = 4;
            BoundedChannel<Integer> ch = factory.apply(cap);
            for (int i = 0; i < cap; i++) ch.send(i); // must not block: there is room
            try (Crew crew = Crew.virtual("exercise-channel")) {
                AtomicInteger sent = new AtomicInteger();
                crew.start(() -> {
                    try {
                        ch.send(cap);
                        sent.set(1);
                    } catch (InterruptedException e) {
                        // stopped by the check
                    }
                });
                Thread.sleep(300);
                if (sent.get() == 1) {
                    return Exercise.fail("send returned although the channel already held its %d messages", cap);
                }
                Integer first = ch.receive();
                if (!crew.joinAll(Duration.ofSeconds(2))) {
                    return Exercise.fail("a send blocked on a full channel did not go through after a receive made room");
                }
                if (first == null || first != 0) return Exercise.fail("the first message received was %s, not 0", first);
                for (int i = 1; i <= cap; i++) {
                    Integer m = ch.receive();
                    if (m == null || m != i) return Exercise.fail("message %d came out as %s: order or content changed", i, m);
                }
            }
            try (Crew crew = Crew.virtual("exercise-channel")) {
                AtomicInteger got = new AtomicInteger(-1);
                crew.start(() -> {
                    try {
                        got.set(ch.receive());
                    } catch (InterruptedException e) {
                        // stopped by the check
                    }
                });
                Thread.sleep(200);
                if (got.get() != -1) return Exercise.fail("receive returned %d from an empty channel", got.get());
                ch.send(42);
                if (!crew.joinAll(Duration.ofSeconds(2)) || got.get() != 42) {
                    return Exercise.fail("a receive waiting on an empty channel did not get the message sent to it");
                }
            }
            int producers = 4, consumers = 4, each = 10_000, total = producers * each;
            BoundedChannel<Integer> busy = factory.apply(8);
            BitSet seen = new BitSet(total);
            AtomicInteger duplicates = new AtomicInteger(), received = new AtomicInteger();
            long t0 = System.nanoTime();
            try (Crew crew = Crew.platform("exercise-channel")) {
                for (int p = 0; p < producers; p++) {
                    int base = p * each;
                    crew.start(() -> {
                        for (int i = 0; i < each; i++) {
                            try {
                                busy.send(base + i);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                }
                for (int c = 0; c < consumers; c++) {
                    crew.start(() -> {
                        while (received.get() < total) {
                            Integer m;
                            try {
                                m = busy.receive();
                            } catch (InterruptedException e) {
                                return;
                            }
                            if (m == null || m < 0) continue;
                            if (m >= total) return; // the check's own stop message
                            synchronized (seen) {
                                if (seen.get(m)) duplicates.incrementAndGet();
                                seen.set(m);
                            }
                            received.incrementAndGet();
                        }
                    });
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (received.get() < total && System.nanoTime() < deadline) Thread.sleep(5);
                // release consumers still waiting in receive
                for (int c = 0; c < consumers; c++) {
                    Thread t = Thread.ofVirtual().start(() -> {
                        try {
                            busy.send(Integer.MAX_VALUE);
                        } catch (InterruptedException e) {
                            // the crew is closing
                        }
                    });
                    t.join(Duration.ofMillis(200));
                    t.interrupt();
                }
            }
            int missing;
            synchronized (seen) {
                missing = total - seen.cardinality();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (missing > 0 || duplicates.get() > 0) {
                return Exercise.fail("%,d producers × %,d messages through a channel of 8: %,d never arrived, %,d "
                        + "arrived twice", producers, each, missing, duplicates.get());
            }
            return Exercise.pass("send blocked when full, receive blocked when empty, and %,d messages from %d "
                    + "producers reached %d consumers exactly once (%.0f ms)", total, producers, consumers, ms);
        });
    }
}
