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
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The gap, in µs, between a thread's two acquisitions in the workloads below (it works a moment with the first
     * lock before it needs the second): wide enough that threads taking opposite orders do collide.
     */
    static final int WINDOW_MICROS = 20;

    /** A range {@code naive} checks; its terminal option's help names the same constant. */
    public static final String ROUNDS_RANGE = "1..10000000";

    /**
     * The control: Alpha always takes A then B, Beta B then A, with {@link #WINDOW_MICROS} between — the same
     * workload as the fixes, without a fix. Runs until a deadlock is detected (then both threads are interrupted)
     * or every round is done.
     */
    public static Result naive(int rounds) {
        Require.inRange("rounds", rounds, ROUNDS_RANGE);
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        return complete("without a fix (Alpha: A then B; Beta: B then A)", "naive", rounds, id -> {
            ReentrantLock first = id == 0 ? a : b, second = id == 0 ? b : a;
            first.lockInterruptibly();
            try {
                ThreadStates.spin(WINDOW_MICROS);
                second.lockInterruptibly();
                try { ThreadStates.spin(1); } finally { second.unlock(); }
            } finally {
                first.unlock();
            }
            return 0;
        });
    }

    /** Both threads take A before B: no cycle, so no deadlock. The same workload as {@link #naive}. */
    public static Result fixedByLockOrder(int rounds) {
        Require.inRange("rounds", rounds, ROUNDS_RANGE);
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        return complete("fixed by a global lock order (always A, then B)", "order", rounds, id -> {
            a.lockInterruptibly();
            try {
                ThreadStates.spin(WINDOW_MICROS);
                b.lockInterruptibly();
                try { ThreadStates.spin(1); } finally { b.unlock(); }
            } finally {
                a.unlock();
            }
            return 0;
        });
    }

    /**
     * Each thread keeps its own opposite order (Alpha A then B, Beta B then A), as in {@link #naive}, but tries the
     * second lock only for 50 µs; on failure it lets go of the first, backs off a random moment and retries.
     */
    public static Result fixedByTryLock(int rounds) {
        Require.inRange("rounds", rounds, ROUNDS_RANGE);
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        return complete("fixed by tryLock with back-off (each thread keeps its opposite order)", "trylock", rounds, id -> {
            ReentrantLock first = id == 0 ? a : b, second = id == 0 ? b : a;
            int retries = 0;
            while (true) {
                first.lockInterruptibly();
                try {
                    ThreadStates.spin(WINDOW_MICROS);
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

    /**
     * The three runs of the same workload read together: the control without a fix, then the two fixes.
     * {@code Deadlock.explain(Deadlock.naive(2_000), Deadlock.fixedByLockOrder(2_000), Deadlock.fixedByTryLock(2_000))}
     */
    public static dev.racelab.render.Renderable explain(Result naive, Result order, Result tryLock) {
        return naive.explained(DeadlockExplain.fixes(naive, order, tryLock));
    }

    private interface Round {
        /** One round of thread {@code id}; returns its retries. */
        int run(int id) throws InterruptedException;
    }

    private static Result complete(String title, String variant, int rounds, Round round) {
        long[] retries = new long[2], done = new long[2];
        long t0 = System.nanoTime();
        boolean finished = false, deadlocked = false;
        long detectedNanos = 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Crew crew = Crew.platform("deadlock-fix")) {
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int id = w;
                threads.add(crew.start(() -> {
                    for (int i = 0; i < rounds && !crew.stopping(); i++) {
                        try {
                            retries[id] += round.run(id);
                            done[id]++;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            long deadline = t0 + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() - deadline < 0) {
                if (crew.joinAll(Duration.ofMillis(2))) { finished = true; break; }
                Budget.checkInterrupt();
                // not for tryLock: a thread in tryLock(timeout) waits for a moment and shows up in a "cycle" that dissolves
                long[] ids = variant.equals("trylock") ? null : mx.findDeadlockedThreads();
                if (ids != null) {
                    deadlocked = true;
                    detectedNanos = System.nanoTime() - t0;
                    for (Thread t : threads) t.interrupt(); // the locks are interruptible: this frees both
                    crew.joinAll(Duration.ofSeconds(5));
                    break;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        DataTable t = new DataTable("thread", "order", "rounds done", "retries");
        t.add("Alpha", "A then B", done[0], retries[0]);
        t.add("Beta", variant.equals("order") ? "A then B" : "B then A", done[1], retries[1]);
        Result.Builder b = Result.builder("deadlock-" + variant, "Deadlock " + title)
                .param("rounds", rounds).param("variant", variant).param("window_us", WINDOW_MICROS)
                .samples(t).showSamples()
                .figure("completed", finished ? 1 : 0, "")
                .figure("deadlocked", deadlocked ? 1 : 0, "")
                .figure("rounds_done", done[0] + done[1], "")
                .figure("rounds_per_s", (done[0] + done[1]) / secs, "1/s")
                .ended(finished ? "both threads finished every round" : deadlocked ? "deadlocked: detected and broken" : "timed out");
        if (deadlocked) b.figure("detected_after_ms", detectedNanos / 1e6, "ms");
        if (variant.equals("trylock")) b.figure("retries", retries[0] + retries[1], "");
        return b.build();
    }

    private static void rename(Thread t, String name) {
        t.setName(name);
    }

    private static void sleep(long ms) {
        Budget.step(() -> Thread.sleep(ms));
    }
}
