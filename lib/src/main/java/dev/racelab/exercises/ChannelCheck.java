package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Crew;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The check behind {@code Checks} for a bounded channel (notebook 05); see the facade for what it asks of the learner. */
final class ChannelCheck {
    private ChannelCheck() {}

    /**
     * A bounded channel: {@code send} must block when it is full and {@code receive} when it is empty; then 4
     * producers × 10,000 messages through a channel of 8 to 4 consumers: every message must arrive exactly once.
     */
    /**
     * A controlled schedule that makes {@code if} instead of {@code while} in {@code send} overfill: the channel is
     * full, 4 senders wait in {@code send}, one receive makes room for one message. Waking all 4 (notifyAll) is
     * fine, but each must check again and 3 must go back to waiting; a sender that only checked once ({@code if})
     * adds its message anyway. Returns the failure, or null when exactly one sender got through.
     */
    static String overfill(IntFunction<? extends BoundedChannel<Integer>> factory, int cap) throws InterruptedException {
        BoundedChannel<Integer> ch = factory.apply(cap);
        for (int i = 0; i < cap; i++) ch.send(i);
        int senders = 4;
        AtomicInteger through = new AtomicInteger();
        try (Crew crew = Crew.platform("exercise-channel-full")) {
            for (int s = 0; s < senders; s++) {
                int id = s;
                crew.start(() -> {
                    try {
                        ch.send(100 + id);
                        through.incrementAndGet();
                    } catch (InterruptedException e) {
                        // stopped by the check
                    }
                });
            }
            Thread.sleep(200);
            if (through.get() > 0) {
                return String.format(java.util.Locale.ROOT, "%d of %d sends returned although the channel already held "
                        + "its %d messages", through.get(), senders, cap);
            }
            ch.receive();
            // give every woken sender time to add (or to wait again): 0.5 s, plenty even on a busy machine
            long end = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < end && through.get() <= 1) Thread.sleep(20);
            int got = through.get();
            if (got > 1) {
                return String.format(java.util.Locale.ROOT, "the channel was full (%d of %d) with %d senders waiting; one "
                        + "receive made room for one message, but %d sends went through, so the channel held %d messages: "
                        + "a woken sender must check again whether there is room (while, not if)", cap, cap, senders, got,
                        cap - 1 + got);
            }
            if (got == 0) {
                return String.format(java.util.Locale.ROOT, "the channel was full with %d senders waiting; a receive made "
                        + "room, but for 0.5 s no waiting send went through: does receive wake the senders?", senders);
            }
            // the other senders are still waiting: let them through, and empty the channel
            crew.start(() -> {
                try {
                    for (int i = 0; i < cap + senders - 1; i++) ch.receive();
                } catch (InterruptedException e) {
                    // stopped by the check
                }
            });
            if (!crew.joinAll(Duration.ofSeconds(2))) {
                return "senders waiting on a full channel did not all go through after receives made room";
            }
        }
        return null;
    }

    /**
     * Lincheck's model checker on the learner's own channel class (in a child JVM): a channel of 1, made by its
     * {@code (int capacity)} constructor and filled with one message before the threads start; two threads each send
     * one more, a third receives twice. In every interleaving the channel must never hold more than 1 (a send may
     * return only when a receive has begun for every message beyond the first) and no message may arrive twice. The
     * wrong {@code if} in send shows here: both senders wait, one receive wakes both, both add.
     */
    static ModelEvidence model(Class<?> c, Profile p) {
        try {
            c.getDeclaredConstructor(int.class);
        } catch (NoSuchMethodException e) {
            return new ModelEvidence("model checker (Lincheck): not run: " + c.getSimpleName() + " has no constructor "
                    + "taking the capacity (int)", null, false);
        }
        String members = MEMBERS.replace("{class}", c.getName());
        return ModelEvidence.of(() -> dev.racelab.modelcheck.ModelCheck.harness(c.getSimpleName(), c, members,
                        List.of("send(1);", "send(2);", "receive(); receive();"), "wrong")
                        .invocations(p.pick(500, 5_000)).seconds(p.pick(30, 60)),
                "send(1) ‖ send(2) ‖ receive(), receive() on a full channel of 1", "overfilled it or duplicated a message");
    }

    /** The harness's shared channel (full: it holds 0) and the bookkeeping of sends returned and receives begun. */
    private static final String MEMBERS = """
            static final java.lang.reflect.Constructor<?> made = constructor();
            static dev.racelab.exercises.Checks.BoundedChannel<Integer> ch;
            static java.util.concurrent.atomic.AtomicInteger returned, begun;
            static java.util.concurrent.atomic.AtomicIntegerArray seen;
            static volatile String wrong;

            static java.lang.reflect.Constructor<?> constructor() {
                try {
                    var k = Class.forName("{class}").getDeclaredConstructor(int.class);
                    k.setAccessible(true);
                    return k;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot find {class}(int capacity): " + e, e);
                }
            }

            static void setup() {   // a fresh channel each interleaving (one with a ReentrantLock must be made under Lincheck)
                ch = make();
                returned = new java.util.concurrent.atomic.AtomicInteger();
                begun = new java.util.concurrent.atomic.AtomicInteger();
                seen = new java.util.concurrent.atomic.AtomicIntegerArray(3);
                wrong = null;
            }

            @SuppressWarnings("unchecked")
            static dev.racelab.exercises.Checks.BoundedChannel<Integer> make() {
                try {
                    var c = (dev.racelab.exercises.Checks.BoundedChannel<Integer>) made.newInstance(1);
                    c.send(0);
                    return c;
                } catch (ReflectiveOperationException | InterruptedException e) {
                    throw new IllegalStateException("cannot create {class}(1) and send it one message: " + e, e);
                }
            }

            static void send(int m) {
                try {
                    ch.send(m);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                // messages inside now >= 1 (the first) + sends returned - receives begun: never above 1
                int inside = 1 + returned.incrementAndGet() - begun.get();
                if (inside > 1 && wrong == null) wrong = "send(" + m + ") returned while the channel of 1 held " + inside + " messages";
            }

            static void receive() {
                begun.incrementAndGet();
                Integer m;
                try {
                    m = ch.receive();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (m == null || m < 0 || m > 2) {
                    if (wrong == null) wrong = "receive() returned " + m + ", which nobody sent";
                } else if (seen.getAndIncrement(m) > 0 && wrong == null) {
                    wrong = "message " + m + " was received twice";
                }
            }
            """;

    static Verdict channel(String title, IntFunction<? extends BoundedChannel<Integer>> factory) {
        Require.notNull("channel factory", factory);
        return Exercise.check(title, () -> {
            int cap = 4;
            BoundedChannel<Integer> ch = factory.apply(cap);
            for (int i = 0; i < cap; i++) ch.send(i); // must not block: there is room
            ModelEvidence mc = model(ch.getClass(), Profile.current());   // after the first sends: a stub says "not yet" at once
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
                    return Exercise.fail("send returned although the channel already held its %d messages", cap).detail(mc.line()).trace(mc.trace());
                }
                Integer first = ch.receive();
                if (!crew.joinAll(Duration.ofSeconds(2))) {
                    return Exercise.fail("a send blocked on a full channel did not go through after a receive made room").detail(mc.line()).trace(mc.trace());
                }
                if (first == null || first != 0) return Exercise.fail("the first message received was %s, not 0", first).detail(mc.line()).trace(mc.trace());
                for (int i = 1; i <= cap; i++) {
                    Integer m = ch.receive();
                    if (m == null || m != i) return Exercise.fail("message %d came out as %s: order or content changed", i, m).detail(mc.line()).trace(mc.trace());
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
                if (got.get() != -1) return Exercise.fail("receive returned %d from an empty channel", got.get()).detail(mc.line()).trace(mc.trace());
                ch.send(42);
                if (!crew.joinAll(Duration.ofSeconds(2)) || got.get() != 42) {
                    return Exercise.fail("a receive waiting on an empty channel did not get the message sent to it").detail(mc.line()).trace(mc.trace());
                }
            }
            String overfilled = overfill(factory, cap);
            if (overfilled != null) return Exercise.fail("%s", overfilled).detail(mc.line()).trace(mc.trace());
            int producers = 4, consumers = 4, each = 10_000, total = producers * each;
            BoundedChannel<Integer> busy = factory.apply(8);
            BitSet seen = new BitSet(total);
            AtomicInteger duplicates = new AtomicInteger(), received = new AtomicInteger();
            AtomicInteger sendsReturned = new AtomicInteger(), receivesBegun = new AtomicInteger(), deepest = new AtomicInteger();
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
                            // messages in the channel now >= sends returned - receives begun: never above 8
                            int inside = sendsReturned.incrementAndGet() - receivesBegun.get();
                            deepest.accumulateAndGet(inside, Math::max);
                        }
                    });
                }
                for (int c = 0; c < consumers; c++) {
                    crew.start(() -> {
                        while (received.get() < total) {
                            Integer m;
                            try {
                                receivesBegun.incrementAndGet();
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
                        + "arrived twice", producers, each, missing, duplicates.get()).detail(mc.line()).trace(mc.trace());
            }
            if (deepest.get() > 8) {
                return Exercise.fail("%,d producers × %,d messages through a channel of 8: at one moment %,d sends had "
                        + "returned that no receive had begun to take, so the channel held at least %,d messages",
                        producers, each, deepest.get(), deepest.get()).detail(mc.line()).trace(mc.trace());
            }
            if (mc.found()) {
                return Exercise.fail("the model checker found an interleaving of two sends and two receives on a full "
                        + "channel of 1 that goes wrong (the stress tests found nothing)").detail(mc.line()).trace(mc.trace());
            }
            return Exercise.pass("send blocked when full, receive blocked when empty, 4 senders blocked on a full "
                    + "channel let exactly one through per receive, and %,d messages from %d producers reached %d "
                    + "consumers exactly once, the channel never holding more than 8 (%.0f ms)", total, producers,
                    consumers, ms).detail("%s", mc.line());
        });
    }
}
