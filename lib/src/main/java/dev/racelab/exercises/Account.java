package dev.racelab.exercises;

import dev.racelab.core.Budget;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bank account for exercise 03.1: a balance and a lock. Changing the balance needs the account's lock, held by
 * the calling thread — {@link #withdraw} and {@link #deposit} refuse otherwise, so a transfer that forgets a lock
 * fails at once instead of losing money quietly.
 *
 * <p>{@link #lock()} waits <i>interruptibly</i> (it is {@link ReentrantLock#lockInterruptibly()}): when the check
 * finds a deadlock it interrupts the stuck threads, {@code lock()} throws {@link Budget.Cancelled}, and every
 * thread ends. A deadlock on {@code synchronized (account)} could not be broken that way. In the check, each
 * {@code lock()} also holds on for about 2 µs once it has the lock — as a preempted thread would — so a lock order
 * that can deadlock does so within a few thousand transfers instead of once in a while.
 */
public final class Account {
    private final int id;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger heldNow;
    private final AtomicInteger heldMax;
    private final boolean dawdle;
    private volatile Thread owner;
    private long balance;
    /**
     * The account's number again, not final: a model checker's trace (Lincheck) shows reads of fields that are not
     * final, and {@link #lock()} reads it, so the trace says which account a lock belongs to ("lock from (id 1)").
     */
    private int number;
    /** Run when the calling thread takes the lock or touches the balance (the check finds the learner's method on the stack); null normally. */
    Runnable spy;

    Account(int id, long balance, AtomicInteger heldNow, AtomicInteger heldMax, boolean dawdle) {
        this.id = id;
        this.number = id;
        this.dawdle = dawdle;
        this.balance = balance;
        this.heldNow = heldNow;
        this.heldMax = heldMax;
    }

    /** A stand-alone account with its own counters (for trying things out in a cell). */
    public static Account of(int id, long balance) {
        return new Account(id, balance, new AtomicInteger(), new AtomicInteger(), false);
    }

    /** The account's number: a fixed order to take locks in. */
    public int id() {
        return id;
    }

    /** Waits for this account's lock (interruptibly: an interrupt throws {@link Budget.Cancelled}). */
    public void lock() {
        if (number > 0 && spy != null) spy.run();   // reads number: see its comment
        acquire();
        held();
    }

    private void acquire() {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        }
    }

    /** Takes the lock if it is free within {@code timeout}; false otherwise. */
    public boolean tryLock(long timeout, TimeUnit unit) {
        if (spy != null) spy.run();
        try {
            if (!lock.tryLock(timeout, unit)) return false;
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        }
        held();
        return true;
    }

    private void held() {
        if (lock.getHoldCount() == 1) {
            owner = Thread.currentThread();
            heldMax.accumulateAndGet(heldNow.incrementAndGet(), Math::max);
            if (dawdle) pause();
        }
    }

    /** About 2 µs with the lock held, as if the thread were preempted: a window another thread can run into. */
    private static void pause() {
        long end = System.nanoTime() + 2_000;
        while (System.nanoTime() - end < 0) Thread.onSpinWait();
    }

    public void unlock() {
        if (lock.isHeldByCurrentThread() && lock.getHoldCount() == 1) {
            owner = null;
            heldNow.decrementAndGet();
        }
        lock.unlock(); // throws IllegalMonitorStateException when this thread does not hold it
    }

    /** The thread holding this account's lock, or null (for the check's deadlock report). */
    Thread owner() {
        return owner;
    }

    /** Whether {@code t} waits for this account's lock. */
    boolean awaitedBy(Thread t) {
        return lock.hasQueuedThread(t);
    }

    /** Whether the calling thread holds this account's lock. */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** The check's auditor: takes the lock like {@link #lock()}, without counting it or pausing. */
    void auditLock() {
        acquire();
        owner = Thread.currentThread();
    }

    void auditUnlock() {
        owner = null;
        lock.unlock();
    }

    /** Takes {@code amount} out; needs this account's lock. */
    public void withdraw(long amount) {
        if (spy != null) spy.run();
        requireLock("withdraw from");
        balance -= amount;
    }

    /** Puts {@code amount} in; needs this account's lock. */
    public void deposit(long amount) {
        if (spy != null) spy.run();
        requireLock("deposit to");
        balance += amount;
    }

    /** The balance (read it under the lock, or after every transfer has ended). */
    public long balance() {
        return balance;
    }

    private void requireLock(String what) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("take account " + id + "'s lock before you " + what + " it");
        }
    }

    @Override
    public String toString() {
        return "account " + id;
    }
}
