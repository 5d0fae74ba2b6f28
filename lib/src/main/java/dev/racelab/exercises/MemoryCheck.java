package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.Require;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The checks behind {@code Checks} for notebook 09 (the memory model): a stop flag another thread must see, and an
 * object published so that another thread sees it fully built.
 *
 * <p>A short test cannot prove a memory-model bug absent or present: x86-64 never shows a half-built object by
 * itself, and whether a plain flag is ever read again depends on what the JIT did. The memory model's promise
 * comes from declarations, so each check reads them (reflection: {@code volatile}, {@code final}, a
 * {@code java.util.concurrent} type, {@code synchronized} methods) — deterministic, the same verdict every run —
 * and then runs the code across threads to check that it works at all.
 */
final class MemoryCheck {
    private MemoryCheck() {}

    static final long SEE_WITHIN_NANOS = 1_000_000_000L;

    // --- a stop flag ---------------------------------------------------------------------------------------------

    static Verdict stopFlag(String title, Supplier<? extends Checks.StopFlag> factory) {
        Require.notNull("stop flag factory", factory);
        return Exercise.check(title, () -> {
            Checks.StopFlag one = factory.get();
            if (one.raised()) return Exercise.fail("a new flag says raised() = true before anyone called raise()");
            one.raise();
            if (!one.raised()) return Exercise.fail("one thread called raise() and then raised() returned false");
            String problem = unsafe(one, "raise", "raised", false);
            if (problem != null) {
                return Exercise.fail("%s: another thread calling raised() in a loop may never see raise() (the JIT may read the "
                        + "field once, before the loop)", problem)
                        .detail("Make the flag volatile, or an AtomicBoolean, or make both raise() and raised() synchronized.");
            }
            int rounds = 12;
            double worstUs = 0;
            for (int i = 0; i < rounds; i++) {
                long warmMicros = Math.min(20_000, 50L << i);
                double us = seeOnce(factory.get(), warmMicros);
                if (us < 0) {
                    return Exercise.fail("in round %d (after %,d µs of spinning) the worker did not see raise() within %.0f s",
                            i + 1, warmMicros, SEE_WITHIN_NANOS / 1e9);
                }
                worstUs = Math.max(worstUs, us);
            }
            return Exercise.pass("the flag is declared so that the memory model promises the write is seen, and a spinning "
                    + "worker saw raise() in each of %d rounds (slowest: %,.0f µs)", rounds, worstUs);
        });
    }

    /** A worker spins on raised() while this thread waits, raises, and times the worker's exit; -1 if it missed it. */
    static double seeOnce(Checks.StopFlag flag, long warmMicros) throws InterruptedException {
        long[] exitAt = {0};
        boolean[] saw = {false};
        long giveUp = System.nanoTime() + warmMicros * 1_000 + SEE_WITHIN_NANOS;
        Thread worker = Thread.ofPlatform().daemon().name("stop-flag-worker").start(() -> {
            long n = 0;
            // bounded: a worker that stopped reading the flag still ends at giveUp (Java cannot end a spinning thread)
            while (!flag.raised()) {
                if ((++n & 1023) == 0 && System.nanoTime() > giveUp) {
                    exitAt[0] = System.nanoTime();
                    return;
                }
            }
            exitAt[0] = System.nanoTime();
            saw[0] = true;
        });
        try {
            Budget.sleep(java.time.Duration.ofNanos(warmMicros * 1_000));
            long t0 = System.nanoTime();
            flag.raise();
            worker.join(SEE_WITHIN_NANOS / 1_000_000 + 1_000); // join orders the worker's writes before our reads
            if (worker.isAlive() || !saw[0]) return -1;
            return Math.max(0, exitAt[0] - t0) / 1_000.0;
        } finally {
            if (worker.isAlive()) worker.interrupt();
        }
    }

    // --- publication ---------------------------------------------------------------------------------------------

    static Verdict publication(String title, Supplier<? extends Checks.Publisher> factory) {
        Require.notNull("publisher factory", factory);
        return Exercise.check(title, () -> {
            Checks.Publisher one = factory.get();
            if (one.read() != -1) return Exercise.fail("before any publish(), read() returned %d instead of -1", one.read());
            one.publish(42);
            if (one.read() != 42) return Exercise.fail("one thread called publish(42) and then read() returned %d", one.read());
            String problem = unsafe(one, "publish", "read", true);
            if (problem != null) {
                return Exercise.fail("%s: a reader on another thread may see the object before the constructor's writes", problem)
                        .detail("Publish through a volatile field (or an AtomicReference), make every field of the published "
                                + "object final, or make both publish() and read() synchronized.");
            }
            int trials = 0, wrong = 0, missed = 0;
            long until = System.nanoTime() + 1_500_000_000L;
            while (trials < 2_000 && System.nanoTime() < until) {
                Budget.checkInterrupt();
                int v = 1 + trials % 1_000;
                int got = handOff(factory.get(), v);
                trials++;
                if (got == Integer.MIN_VALUE) missed++;
                else if (got != v) wrong++;
            }
            if (wrong + missed > 0) {
                return Exercise.fail("a reader on another thread got a wrong value in %,d and nothing within 1 s in %,d of %,d hand-offs",
                        wrong, missed, trials);
            }
            return Exercise.pass("declared so that the memory model promises a fully built object, and %,d hand-offs from a writer "
                    + "thread to a reader thread each read the value published", trials);
        });
    }

    /** One writer publishes {@code v}; one reader polls read() until it is not -1 (1 s at most): what it read, or MIN_VALUE. */
    static int handOff(Checks.Publisher p, int v) throws InterruptedException {
        int[] got = {Integer.MIN_VALUE};
        long giveUp = System.nanoTime() + SEE_WITHIN_NANOS;
        Thread reader = Thread.ofPlatform().daemon().name("publication-reader").start(() -> {
            int r;
            long n = 0;
            while ((r = p.read()) == -1) {
                if ((++n & 1023) == 0 && System.nanoTime() > giveUp) return;
                Thread.onSpinWait();
            }
            got[0] = r;
        });
        Thread writer = Thread.ofPlatform().daemon().name("publication-writer").start(() -> p.publish(v));
        writer.join(SEE_WITHIN_NANOS / 1_000_000 + 1_000);
        reader.join(SEE_WITHIN_NANOS / 1_000_000 + 1_000);
        return got[0];
    }

    // --- reading the declarations ----------------------------------------------------------------------------------

    /**
     * Why {@code o}'s state is not safely shared between a thread calling {@code write} and one calling {@code read},
     * or null: every field volatile, of a java.util.concurrent type, final of an immutable value, or (where
     * {@code finalReferent}: publication, not a flag that changes) a plain reference to an object whose own fields are
     * all final; or both methods synchronized.
     */
    static String unsafe(Object o, String write, String read, boolean finalReferent) {
        if (synchronizedMethod(o.getClass(), write) && synchronizedMethod(o.getClass(), read)) return null;
        List<String> problems = new ArrayList<>();
        for (Field f : fields(o.getClass())) {
            String why = fieldProblem(o, f, finalReferent);
            if (why != null) problems.add(why);
        }
        if (!problems.isEmpty() && synchronizedMethod(o.getClass(), write) != synchronizedMethod(o.getClass(), read)) {
            problems.add(0, "only one of " + write + "() and " + read + "() is synchronized: a lock orders nothing unless both take it");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String fieldProblem(Object o, Field f, boolean finalReferent) {
        int m = f.getModifiers();
        String name = "field `" + f.getName() + "` (" + f.getType().getSimpleName() + ")";
        if (Modifier.isVolatile(m)) return null;
        if (concurrent(f.getType())) return null; // set before the object is shared (a thread's start publishes it)
        if (Modifier.isFinal(m)) {
            if (f.getType().isPrimitive() || f.getType() == String.class) return null;
            if (f.getType().isArray()) return name + " is a final array, but its elements are plain";
            Object v = value(o, f);
            if (v == null || concurrent(v.getClass()) || jdkImmutable(v.getClass())) return null;
            return allFinal(v.getClass()) ? null : name + " refers to a " + v.getClass().getSimpleName() + " whose fields are not all final";
        }
        if (f.getType().isPrimitive()) return name + " is plain: neither volatile nor final";
        Object v = value(o, f);
        if (v != null && concurrent(v.getClass())) return null;
        if (!finalReferent) return name + " is plain: not volatile";
        if (v != null && !f.getType().isArray() && !concurrent(v.getClass()) && !jdkImmutable(v.getClass()) && allFinal(v.getClass())) {
            return null; // a plain reference to an object whose fields are all final: final-field semantics publish it
        }
        if (v == null && f.getType() != Object.class && !f.getType().isInterface() && !f.getType().isArray()
                && !f.getType().getName().startsWith("java.") && allFinal(f.getType())) {
            return null;
        }
        return name + " is plain (not volatile), and " + (v == null ? "what it refers to" : "the " + v.getClass().getSimpleName()
                + " it refers to") + " has fields that are not final";
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class && !k.getName().startsWith("java."); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().startsWith("this$")) continue; // the enclosing instance: set before the object is shared
                if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())) continue; // constants
                out.add(f);
            }
        }
        return out;
    }

    /** Every instance field of {@code c} (and its superclasses up to the JDK's) final. */
    static boolean allFinal(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class && !k.getName().startsWith("java."); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) return false;
            }
        }
        return true;
    }

    private static boolean concurrent(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.util.concurrent.");
    }

    private static boolean jdkImmutable(Class<?> c) {
        return c == String.class || c == Integer.class || c == Long.class || c == Boolean.class || c.isRecord() && allFinal(c);
    }

    private static Object value(Object o, Field f) {
        try {
            f.setAccessible(true);
            return Modifier.isStatic(f.getModifiers()) ? f.get(null) : f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean synchronizedMethod(Class<?> c, String name) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()) return Modifier.isSynchronized(m.getModifiers());
            }
        }
        return false;
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
