package dev.racelab.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads one experiment owns. Closing the crew interrupts and joins every thread it started, so an
 * experiment leaves nothing running behind it: on return, on exception, on interrupt and on timeout.
 * <pre>{@code try (Crew crew = Crew.platform("race")) { crew.start(() -> work()); crew.joinAll(budget); }}</pre>
 */
public final class Crew implements AutoCloseable {
    /** How long {@link #close()} waits for threads to end after interrupting them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final ThreadFactory factory;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private Crew(String name, ThreadFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    /** Platform (OS) threads named {@code racelab-<name>-<n>}. */
    public static Crew platform(String name) {
        return new Crew(name, Thread.ofPlatform().name("racelab-" + name + "-", 0).daemon(true).factory());
    }

    /** Virtual threads named {@code racelab-<name>-<n>}. */
    public static Crew virtual(String name) {
        return new Crew(name, Thread.ofVirtual().name("racelab-" + name + "-", 0).factory());
    }

    /** Starts one thread; an exception it throws is kept and rethrown by {@link #joinAll} and {@link #close}. */
    public synchronized Thread start(Runnable work) {
        if (stopping) throw new IllegalStateException("crew " + name + " is closed");
        Thread t = factory.newThread(() -> {
            try {
                work.run();
            } catch (Budget.Cancelled e) {
                // asked to stop: not a failure
            } catch (Throwable e) {
                if (!(stopping && e instanceof InterruptedException)) failure.compareAndSet(null, e);
            }
        });
        threads.add(t);
        t.start();
        return t;
    }

    /** Set once the crew is closing: long-running workers poll this to end early. */
    public boolean stopping() {
        return stopping;
    }

    public synchronized List<Thread> threads() {
        return List.copyOf(threads);
    }

    public synchronized int size() {
        return threads.size();
    }

    /**
     * True when at least one of this crew's threads is alive and every live one is WAITING (parked or in
     * {@code wait()}): with work left, only a lost wake-up looks like this.
     */
    public boolean allWaiting() {
        boolean any = false;
        for (Thread t : threads()) {
            Thread.State st = t.getState();
            if (st == Thread.State.TERMINATED) continue;
            any = true;
            if (st != Thread.State.WAITING) return false;
        }
        return any;
    }

    /**
     * Waits for every thread until the meter's deadline. Returns true if all ended; false on timeout.
     * Throws {@link Budget.Cancelled} on interrupt and rethrows the first failure of a worker.
     */
    public boolean joinUntil(long deadlineNanos) {
        for (Thread t : threads()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !Budget.call(() -> t.join(Duration.ofNanos(left)))) return false;
        }
        rethrow();
        return true;
    }

    public boolean joinAll(Duration timeout) {
        return joinUntil(System.nanoTime() + timeout.toNanos());
    }

    private void rethrow() {
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException("worker failed: " + f, f);
    }

    /**
     * Interrupts and joins every thread. Throws {@link IllegalStateException} naming a thread that would not
     * stop within the grace period: an experiment must never leave one behind silently.
     */
    @Override
    public void close() {
        List<Thread> all;
        synchronized (this) {
            stopping = true;
            all = List.copyOf(threads);
        }
        for (Thread t : all) if (t.isAlive()) t.interrupt();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        boolean interrupted = false;
        List<String> stuck = new ArrayList<>();
        for (Thread t : all) {
            while (t.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stuck.add(t.getName());
                    break;
                }
                try {
                    t.join(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    interrupted = true; // finish the cleanup first, then restore the flag
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("threads did not stop within " + STOP_GRACE.toSeconds() + " s: " + stuck);
        }
    }

    /** Names of live threads started by any crew ({@code racelab-*}): tests use it to prove none is left. */
    public static List<String> liveThreadNames() {
        List<String> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("racelab-") && t.isAlive()) out.add(t.getName());
        }
        return out;
    }
}
