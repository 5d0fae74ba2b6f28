package dev.racelab.race;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The counters the course races: unsafe ones that lose updates and safe ones that must not.
 * {@code CounterKind.VOLATILE.create()}
 */
public enum CounterKind {
    /** {@code static int count; count++} — the classic program. */
    PLAIN_STATIC("plain static int", false, StaticCounter::new),
    /** {@code int count; count++} on one shared object. */
    PLAIN_INSTANCE("plain instance int", false, InstanceCounter::new),
    /** {@code volatile int count; count++}: every read and write goes to memory, still not atomic. */
    VOLATILE("volatile int", false, VolatileCounter::new),
    /** {@code synchronized} increment. */
    SYNCHRONIZED("synchronized", true, SynchronizedCounter::new),
    /** {@code ReentrantLock} around the increment. */
    REENTRANT_LOCK("ReentrantLock", true, LockCounter::new),
    /** {@code AtomicInteger.incrementAndGet}. */
    ATOMIC_INTEGER("AtomicInteger", true, AtomicCounter::new),
    /** {@code LongAdder.increment}: striped cells, summed on read. */
    LONG_ADDER("LongAdder", true, AdderCounter::new),
    /** {@code VarHandle.getAndAdd} on a plain int field. */
    VAR_HANDLE("VarHandle.getAndAdd", true, VarHandleCounter::new);

    private final String label;
    private final boolean safe;
    private final Supplier<Counter> factory;

    CounterKind(String label, boolean safe, Supplier<Counter> factory) {
        this.label = label;
        this.safe = safe;
        this.factory = factory;
    }

    public Counter create() {
        return factory.get();
    }

    /** Human name, e.g. "volatile int". */
    public String label() {
        return label;
    }

    /** True when the kind must never lose an update. */
    public boolean safe() {
        return safe;
    }

    /** Is {@code label} the label of a kind that must never lose an update? */
    public static boolean isSafeLabel(String label) {
        for (CounterKind c : values()) if (c.label.equals(label)) return c.safe;
        return false;
    }

    /** Accepts the enum name or the label, case-insensitively ("volatile", "PLAIN_STATIC", "atomicinteger"). */
    public static CounterKind parse(String s) {
        String k = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (CounterKind c : values()) {
            if (c.name().equals(k) || c.label.toUpperCase(java.util.Locale.ROOT).replace(' ', '_').equals(k)
                    || c.name().startsWith(k + "_") && k.length() >= 4) {
                return c;
            }
        }
        throw new IllegalArgumentException("counter must be one of "
                + String.join(", ", java.util.Arrays.stream(values()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList())
                + " (got " + s + ")");
    }

    static final class StaticCounter implements Counter {
        static int count;

        @Override public void add(int times) { for (int i = 0; i < times; i++) count++; }
        @Override public long get() { return count; }
        @Override public void reset() { count = 0; }
    }

    static final class InstanceCounter implements Counter {
        int count;

        @Override public void add(int times) { for (int i = 0; i < times; i++) count++; }
        @Override public long get() { return count; }
        @Override public void reset() { count = 0; }
    }

    static final class VolatileCounter implements Counter {
        volatile int count;

        @Override public void add(int times) { for (int i = 0; i < times; i++) count++; }
        @Override public long get() { return count; }
        @Override public void reset() { count = 0; }
    }

    static final class SynchronizedCounter implements Counter {
        int count;

        @Override public void add(int times) { for (int i = 0; i < times; i++) inc(); }
        private synchronized void inc() { count++; }
        @Override public synchronized long get() { return count; }
        @Override public synchronized void reset() { count = 0; }
    }

    static final class LockCounter implements Counter {
        private final ReentrantLock lock = new ReentrantLock();
        int count;

        @Override public void add(int times) {
            for (int i = 0; i < times; i++) {
                lock.lock();
                try { count++; } finally { lock.unlock(); }
            }
        }
        @Override public long get() { lock.lock(); try { return count; } finally { lock.unlock(); } }
        @Override public void reset() { lock.lock(); try { count = 0; } finally { lock.unlock(); } }
    }

    static final class AdderCounter implements Counter {
        private final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();

        @Override public void add(int times) { for (int i = 0; i < times; i++) count.increment(); }
        @Override public long get() { return count.sum(); }
        @Override public void reset() { count.reset(); }
    }

    static final class VarHandleCounter implements Counter {
        private static final java.lang.invoke.VarHandle COUNT;
        static {
            try {
                COUNT = java.lang.invoke.MethodHandles.lookup().findVarHandle(VarHandleCounter.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        int count;

        @Override public void add(int times) { for (int i = 0; i < times; i++) COUNT.getAndAdd(this, 1); }
        @Override public long get() { return (int) COUNT.getVolatile(this); }
        @Override public void reset() { COUNT.setVolatile(this, 0); }
    }

    static final class AtomicCounter implements Counter {
        private final AtomicInteger count = new AtomicInteger();

        @Override public void add(int times) { for (int i = 0; i < times; i++) count.incrementAndGet(); }
        @Override public long get() { return count.get(); }
        @Override public void reset() { count.set(0); }
    }
}
