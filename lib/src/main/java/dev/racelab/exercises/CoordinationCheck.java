package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.exercises.Checks.Buffer;
import dev.racelab.exercises.Checks.PairCache;
import dev.racelab.exercises.Checks.AllRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** The checks behind {@code Checks} for notebook 10 (coordinating threads); see the facade for what each asks. */
final class CoordinationCheck {
    private CoordinationCheck() {}

    /** No item moved for this long while producers and consumers still had work: every thread is waiting. */
    static final Duration STALL = Duration.ofSeconds(1);

    static Exercise.Outcome bufferOutcome(IntFunction<? extends Buffer> factory) throws Exception {
        // 1. deterministic: a full buffer, 4 waiting producers, one take: exactly one may go through (while, not if)
        String over = ChannelCheck.overfill(cap -> {
            Buffer b = factory.apply(cap);
            return new Checks.BoundedChannel<Integer>() {
                public void send(Integer m) throws InterruptedException { b.put(m); }
                public Integer receive() throws InterruptedException { return b.take(); }
            };
        }, 1);
        if (over != null) return Exercise.fail("%s", over.replace("channel", "buffer").replace("sends", "puts")
                .replace("senders", "producers").replace("sender", "producer").replace("receive", "take").replace("send", "put"));
        // 2. stress: 3 producers and 3 consumers through buffers of 1 and 2, several trials
        int trials = 0;
        long moved = 0;
        Budget.Meter meter = Budget.ofSeconds(40, 2.5).start();
        while (meter.more()) {
            int cap = 1 + trials % 2, producers = 3, each = 3_000, total = producers * each;
            Buffer b = factory.apply(cap);
            AtomicIntegerArray seen = new AtomicIntegerArray(total);
            AtomicLong progress = new AtomicLong();
            String stuck = null;
            try (Crew crew = Crew.platform("exercise-buffer")) {
                for (int p = 0; p < producers; p++) {
                    int base = p * each;
                    crew.start(() -> {
                        for (int i = 0; i < each; i++) { int x = base + i; Budget.step(() -> b.put(x)); }
                    });
                }
                for (int c = 0; c < producers; c++) {
                    crew.start(() -> {
                        for (int i = 0; i < each; i++) {
                            int item = Budget.call(b::take);
                            if (item >= 0 && item < total) seen.incrementAndGet(item);
                            progress.incrementAndGet();
                        }
                    });
                }
                long last = -1, since = System.nanoTime();
                while (!crew.joinUntil(System.nanoTime() + 20_000_000L)) {
                    long m = progress.get();
                    if (m != last) { last = m; since = System.nanoTime(); }
                    else if (System.nanoTime() - since > STALL.toNanos() && crew.allWaiting()) {
                        stuck = String.format(java.util.Locale.ROOT, "trial %d (buffer of %d): after %,d of %,d items no "
                                + "item moved for %d s and every thread was waiting: a lost wake-up (a signal that reached "
                                + "no one who could use it)", trials + 1, cap, m, total, STALL.toSeconds());
                        break;
                    }
                }
            }
            if (stuck != null) return Exercise.fail("%s", stuck);
            int wrong = 0;
            for (int i = 0; i < total; i++) if (seen.get(i) != 1) wrong++;
            if (wrong > 0) return Exercise.fail("trial %d (buffer of %d): %,d of %,d items did not arrive exactly once", trials + 1, cap, wrong, total);
            trials++;
            moved += total;
            meter.count();
        }
        return Exercise.pass("a put into a full buffer waited and only one woken producer went through; %,d items "
                + "moved in %d stress trials (buffers of 1 and 2, 3 producers, 3 consumers) with no thread waiting forever",
                moved, trials);
    }


    static Verdict boundedBuffer(String title, IntFunction<? extends Buffer> factory) {
        return Exercise.check(title, () -> numbered(factory));
    }

    /** Runs the stress with numbered items: every item must arrive exactly once. */
    static Exercise.Outcome numbered(IntFunction<? extends Buffer> factory) throws Exception {
        Exercise.Outcome o = bufferOutcome(factory);
        if (o.status != Verdict.Status.PASS) return o;
        // exactly once: one producer, one consumer, numbered items through a buffer of 2
        Buffer b = factory.apply(2);
        int n = 20_000;
        BitSet got = new BitSet(n);
        int[] dup = {0};
        try (Crew crew = Crew.platform("exercise-buffer-order")) {
            crew.start(() -> { for (int i = 0; i < n; i++) { int x = i; Budget.step(() -> b.put(x)); } });
            crew.start(() -> {
                for (int i = 0; i < n; i++) {
                    int x = Budget.call(b::take);
                    if (x < 0 || x >= n || got.get(x)) dup[0]++;
                    else got.set(x);
                }
            });
            if (!crew.joinAll(Duration.ofSeconds(10))) return Exercise.fail("one producer and one consumer did not finish %,d items in 10 s", n);
        }
        if (dup[0] > 0 || got.cardinality() != n) {
            return Exercise.fail("of %,d numbered items, %,d arrived; %,d were duplicates or unknown", n, got.cardinality(), dup[0]);
        }
        return o.detail("%,d numbered items through a buffer of 2 arrived exactly once each", n);
    }

    static Verdict waitForAll(String title, AllRunner runner) {
        return Exercise.check(title, () -> {
            int rounds = 5, tasks = 16;
            for (int r = 0; r < rounds; r++) {
                AtomicIntegerArray done = new AtomicIntegerArray(tasks);
                List<Runnable> list = new ArrayList<>();
                long sleepSum = 0;
                for (int i = 0; i < tasks; i++) {
                    int id = i;
                    long ms = ThreadLocalRandom.current().nextLong(5, 40);
                    sleepSum += ms;
                    list.add(() -> {
                        try {
                            Thread.sleep(ms);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        done.set(id, 1);
                    });
                }
                long t0 = System.nanoTime();
                Exercise.runWithin(() -> { runner.runAll(list); return null; }, Duration.ofSeconds(10));
                double ms = (System.nanoTime() - t0) / 1e6;
                int finished = 0;
                for (int i = 0; i < tasks; i++) finished += done.get(i);
                if (finished < tasks) {
                    return Exercise.fail("round %d: runAll returned while only %d of %d tasks had finished", r + 1, finished, tasks);
                }
                if (ms > 0.8 * sleepSum) {
                    return Exercise.fail("round %d: runAll took %.0f ms for tasks that wait %d ms in total: they ran one "
                            + "after the other, not at the same time", r + 1, ms, sleepSum);
                }
            }
            return Exercise.pass("in %d rounds of %d tasks (5–40 ms each), runAll returned only after all had finished, "
                    + "and the tasks ran at the same time", rounds, tasks);
        });
    }

    static Verdict pairCache(String title, Supplier<? extends PairCache> factory) {
        return Exercise.check(title, () -> {
            PairCache cache = factory.get();
            cache.write(0, 0);
            AtomicLong reads = new AtomicLong(), torn = new AtomicLong(), writes = new AtomicLong();
            long[] example = new long[2];
            AtomicBoolean stop = new AtomicBoolean();
            long end = System.nanoTime() + 2_000_000_000L;
            try (Crew crew = Crew.platform("exercise-cache")) {
                crew.start(() -> {
                    for (long i = 1; !stop.get() && !crew.stopping(); i++) {
                        cache.write(i, i);
                        writes.incrementAndGet();
                    }
                });
                for (int r = 0; r < 2; r++) {
                    crew.start(() -> {
                        while (!stop.get() && System.nanoTime() - end < 0) {
                            long[] kv = cache.read();
                            reads.incrementAndGet();
                            if (kv == null || kv.length != 2 || kv[0] != kv[1]) {
                                if (torn.getAndIncrement() == 0 && kv != null && kv.length == 2) { example[0] = kv[0]; example[1] = kv[1]; }
                                stop.set(true);
                            }
                        }
                    });
                }
                while (!stop.get() && System.nanoTime() - end < 0) Budget.sleep(Duration.ofMillis(10));
                stop.set(true);
                if (!crew.joinAll(Duration.ofSeconds(10))) return Exercise.fail("the cache's threads did not finish (a lock never released?)");
            }
            if (torn.get() > 0) {
                return Exercise.fail("a read returned key %d with value %d — a torn read (%,d reads, %,d writes so far): "
                        + "validate the optimistic stamp, and read again under the read lock when it fails",
                        example[0], example[1], reads.get(), writes.get());
            }
            if (writes.get() < 10 || reads.get() < 10) {
                return Exercise.fail("only %,d writes and %,d reads in 2 s: readers and the writer must make progress", writes.get(), reads.get());
            }
            return Exercise.pass("%,d reads against %,d writes in 2 s: no read ever saw the key of one write with the value of another",
                    reads.get(), writes.get());
        });
    }
}
