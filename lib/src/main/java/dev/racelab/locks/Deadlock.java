package dev.racelab.locks;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two threads, two locks, opposite order: a deadlock, detected by the JVM ({@code ThreadMXBean}) within a
 * time budget and then broken (the locks are interruptible), so the notebook never hangs. Then the two fixes.
 * {@code Deadlock.provoke()}, {@code Deadlock.fixedByLockOrder()}, {@code Deadlock.fixedByTryLock()}
 */
public final class Deadlock {
    static final Duration DETECT_WITHIN = Duration.ofSeconds(5);

    private Deadlock() {}

    /** Alpha takes A then B, Beta takes B then A; each waits until the other holds its first lock. */
    public static Result provoke() {
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        CountDownLatch bothHoldFirst = new CountDownLatch(2);
        DataTable t = new DataTable("thread", "state", "holds", "waits for", "held by");
        long detectedAfterUs;
        boolean freed;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Crew crew = Crew.platform("deadlock")) {
            Thread alpha = crew.start(() -> take(a, b, bothHoldFirst));
            Thread beta = crew.start(() -> take(b, a, bothHoldFirst));
            rename(alpha, "racelab-deadlock-Alpha");
            rename(beta, "racelab-deadlock-Beta");
            long t0 = System.nanoTime();
            long[] ids = null;
            while (ids == null && System.nanoTime() - t0 < DETECT_WITHIN.toNanos()) {
                Budget.checkInterrupt();
                ids = mx.findDeadlockedThreads();
                if (ids == null) sleep(2);
            }
            detectedAfterUs = (System.nanoTime() - t0) / 1000;
            if (ids == null) throw new IllegalStateException("no deadlock within " + DETECT_WITHIN.toSeconds() + " s");
            ThreadInfo[] infos = mx.getThreadInfo(ids, true, true);
            // name each lock by who took it first: Alpha's first lock is A, Beta's is B
            java.util.Map<Integer, String> names = new java.util.HashMap<>();
            for (ThreadInfo ti : infos) {
                for (LockInfo li : ti.getLockedSynchronizers()) {
                    names.put(li.getIdentityHashCode(), ti.getThreadName().endsWith("Alpha") ? "lock A" : "lock B");
                }
            }
            for (ThreadInfo ti : infos) {
                StringBuilder holds = new StringBuilder();
                for (LockInfo li : ti.getLockedSynchronizers()) holds.append(names.get(li.getIdentityHashCode()));
                LockInfo wanted = ti.getLockInfo();
                t.add(ti.getThreadName().replace("racelab-deadlock-", ""), ti.getThreadState().toString(), holds.toString(),
                        wanted == null ? "" : names.getOrDefault(wanted.getIdentityHashCode(), wanted.toString()),
                        ti.getLockOwnerName() == null ? "" : ti.getLockOwnerName().replace("racelab-deadlock-", ""));
            }
            // break it: the locks are taken with lockInterruptibly, so an interrupt frees both threads
            alpha.interrupt();
            beta.interrupt();
            freed = crew.joinAll(Duration.ofSeconds(5));
        }
        return Result.builder("deadlock", "Deadlock: Alpha takes A then B, Beta takes B then A")
                .samples(t).showSamples()
                .figure("deadlocked_threads", t.size(), "")
                .figure("detected_after_ms", detectedAfterUs / 1000.0, "ms")
                .figure("freed", freed ? 1 : 0, "")
                .note("Detected by ThreadMXBean.findDeadlockedThreads(); both threads were then interrupted and ended.")
                .build();
    }

    private static void take(ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldFirst) {
        try {
            first.lockInterruptibly();
            try {
                bothHoldFirst.countDown();
                bothHoldFirst.await(); // now the other thread holds our second lock: the deadlock is certain
                second.lockInterruptibly();
                second.unlock();
            } finally {
                first.unlock();
            }
        } catch (InterruptedException e) {
            // freed by the experiment
        }
    }

    /** Both threads take A before B: no cycle, so no deadlock. */
    public static Result fixedByLockOrder(int rounds) {
        Require.inRange("rounds", rounds, 1, 10_000_000);
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        return complete("fixed by a global lock order (always A, then B)", rounds, () -> {
            a.lock();
            try { b.lock(); try { ThreadStates.spin(1); } finally { b.unlock(); } } finally { a.unlock(); }
            return 0;
        });
    }

    /** Opposite orders, but the second lock is only tried for a moment; on failure, let go and back off. */
    public static Result fixedByTryLock(int rounds) {
        Require.inRange("rounds", rounds, 1, 10_000_000);
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        AtomicLong turn = new AtomicLong();
        return complete("fixed by tryLock with back-off (opposite orders kept)", rounds, () -> {
            boolean alpha = (turn.getAndIncrement() & 1) == 0;
            ReentrantLock first = alpha ? a : b, second = alpha ? b : a;
            int retries = 0;
            while (true) {
                first.lock();
                try {
                    if (second.tryLock(50, TimeUnit.MICROSECONDS)) {
                        try { ThreadStates.spin(1); return retries; } finally { second.unlock(); }
                    }
                } finally {
                    first.unlock();
                }
                retries++;
                Thread.sleep(0, 1000 + (int) (Math.random() * 50_000)); // random back-off breaks the symmetry
            }
        });
    }

    private interface Round {
        int run() throws InterruptedException;
    }

    private static Result complete(String title, int rounds, Round round) {
        long[] retries = new long[2];
        long t0 = System.nanoTime();
        boolean done;
        try (Crew crew = Crew.platform("deadlock-fix")) {
            for (int w = 0; w < 2; w++) {
                int id = w;
                crew.start(() -> {
                    for (int i = 0; i < rounds && !crew.stopping(); i++) {
                        try {
                            retries[id] += round.run();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            done = crew.joinAll(Duration.ofSeconds(30));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        DataTable t = new DataTable("thread", "rounds", "retries");
        t.add("Alpha", rounds, retries[0]);
        t.add("Beta", rounds, retries[1]);
        return Result.builder("deadlock-fix", "Deadlock " + title)
                .param("rounds", rounds).samples(t).showSamples()
                .figure("completed", done ? 1 : 0, "")
                .figure("rounds_per_s", 2 * rounds / secs, "1/s")
                .figure("retries", retries[0] + retries[1], "")
                .ended(done ? "both threads finished every round" : "timed out")
                .build();
    }

    private static void rename(Thread t, String name) {
        t.setName(name);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Budget.Cancelled();
        }
    }
}
