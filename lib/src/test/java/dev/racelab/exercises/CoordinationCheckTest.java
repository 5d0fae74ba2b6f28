package dev.racelab.exercises;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Crew;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notebook 10's checks: each passes the right solution and fails the known-wrong ones, every time. */
class CoordinationCheckTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
    }

    /** A buffer on a lock; {@code loop} false waits with if; {@code oneQueue} waits for both reasons on one Condition. */
    static final class LockBuffer implements Checks.Buffer {
        final ArrayDeque<Integer> items = new ArrayDeque<>();
        final int capacity;
        final boolean loop, oneQueue, all;
        final ReentrantLock lock = new ReentrantLock();
        final Condition notFull = lock.newCondition(), notEmpty;

        LockBuffer(int capacity, boolean loop, boolean oneQueue, boolean all) {
            this.capacity = capacity;
            this.loop = loop;
            this.oneQueue = oneQueue;
            this.all = all;
            this.notEmpty = oneQueue ? notFull : lock.newCondition();
        }

        void wake(Condition c) {
            if (all) c.signalAll();
            else c.signal();
        }

        public void put(int item) throws InterruptedException {
            lock.lockInterruptibly();
            try {
                if (loop) while (items.size() >= capacity) notFull.await();
                else if (items.size() >= capacity) notFull.await();
                items.addLast(item);
                wake(notEmpty);
            } finally {
                lock.unlock();
            }
        }

        public int take() throws InterruptedException {
            lock.lockInterruptibly();
            try {
                if (loop) while (items.isEmpty()) notEmpty.await();
                else if (items.isEmpty()) notEmpty.await();
                int x = items.removeFirst();
                wake(notFull);
                return x;
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void theRightBufferPasses() {
        Verdict v = Checks.boundedBuffer("t", cap -> new LockBuffer(cap, true, false, false));
        assertEquals(Verdict.Status.PASS, v.status(), v.toString());
    }

    @Test
    void ifInsteadOfWhileFails() {
        for (int i = 0; i < 3; i++) {
            Verdict v = Checks.boundedBuffer("t", cap -> new LockBuffer(cap, false, false, true));
            assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
            assertTrue(v.line().contains("while, not if"), v.line());
        }
    }

    @Test
    void oneConditionWithSignalLosesAWakeUp() {
        for (int i = 0; i < 3; i++) {
            Verdict v = Checks.boundedBuffer("t", cap -> new LockBuffer(cap, true, true, false));
            assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
            // found by the full-buffer step (waiting producers never woken) or by the stress (every thread waiting)
            assertTrue(v.line().contains("lost wake-up") || v.line().contains("did not all go through"), v.line());
        }
    }

    @Test
    void aStubIsNotYet() {
        Verdict v = Checks.boundedBuffer("t", cap -> new Checks.Buffer() {
            public void put(int item) { throw Exercise.notYet("put"); }
            public int take() { throw Exercise.notYet("take"); }
        });
        assertEquals(Verdict.Status.NOT_YET, v.status(), v.toString());
    }

    static void latchRunner(List<Runnable> tasks) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(tasks.size());
        for (Runnable t : tasks) Thread.ofVirtual().start(() -> { try { t.run(); } finally { done.countDown(); } });
        done.await();
    }

    @Test
    void waitForAllPassesALatch() {
        Verdict v = Checks.waitForAll("t", CoordinationCheckTest::latchRunner);
        assertEquals(Verdict.Status.PASS, v.status(), v.toString());
    }

    @Test
    void waitForAllFailsTheWrongRunners() {
        // returns without waiting
        Verdict noWait = Checks.waitForAll("t", tasks -> tasks.forEach(t -> Thread.ofVirtual().start(t)));
        assertEquals(Verdict.Status.FAIL, noWait.status(), noWait.toString());
        assertTrue(noWait.line().contains("tasks had finished"), noWait.line());
        // counts down before the work
        Verdict early = Checks.waitForAll("t", tasks -> {
            CountDownLatch done = new CountDownLatch(tasks.size());
            for (Runnable t : tasks) Thread.ofVirtual().start(() -> { done.countDown(); t.run(); });
            done.await();
        });
        assertEquals(Verdict.Status.FAIL, early.status(), early.toString());
        // one after the other
        Verdict serial = Checks.waitForAll("t", tasks -> tasks.forEach(Runnable::run));
        assertEquals(Verdict.Status.FAIL, serial.status(), serial.toString());
        assertTrue(serial.line().contains("one after the other"), serial.line());
    }

    /** {@code validate} false: the optimistic read is used without asking whether a writer came in between. */
    static final class Cache implements Checks.PairCache {
        final StampedLock lock = new StampedLock();
        final boolean validate;
        long key, value;

        Cache(boolean validate) {
            this.validate = validate;
        }

        public void write(long k, long v) {
            long s = lock.writeLock();
            try {
                key = k;
                Checks.pause();
                value = v;
            } finally {
                lock.unlockWrite(s);
            }
        }

        public long[] read() {
            long s = lock.tryOptimisticRead();
            long k = key, v = value;
            if (validate && !lock.validate(s)) {
                s = lock.readLock();
                try {
                    k = key;
                    v = value;
                } finally {
                    lock.unlockRead(s);
                }
            }
            return new long[] {k, v};
        }
    }

    @Test
    void pairCachePassesValidatedOptimisticReads() {
        Verdict v = Checks.pairCache("t", () -> new Cache(true));
        assertEquals(Verdict.Status.PASS, v.status(), v.toString());
    }

    @Test
    void pairCacheFailsUnvalidatedReads() {
        for (int i = 0; i < 3; i++) {
            Verdict v = Checks.pairCache("t", () -> new Cache(false));
            assertEquals(Verdict.Status.FAIL, v.status(), v.toString());
            assertTrue(v.line().contains("torn read"), v.line());
        }
    }
}
