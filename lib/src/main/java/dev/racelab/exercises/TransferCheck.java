package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The check behind {@code Checks} for transfers without deadlock (notebook 03); see the facade for what it asks of the learner. */
final class TransferCheck {
    private TransferCheck() {}

    /**
     * 4 threads move money at random between 4 accounts (both directions between every pair), 20,000 transfers each
     * or until the time budget ends. Fails on a deadlock (found by the JVM's deadlock detector, or no progress for
     * 2 s: the stuck threads are interrupted and named), on money created or destroyed, or on an exception. The
     * accounts hold on ~2 µs after each lock is taken, which opens the deadlock window wide.
     */
    static Verdict transfers(String title, Transfer transfer) {
        Require.notNull("transfer", transfer);
        return Exercise.check(title, () -> {
            AtomicInteger heldNow = new AtomicInteger(), heldMax = new AtomicInteger();
            int n = 4, threads = 4, each = 20_000;
            long start = 1_000_000;
            Account[] accounts = new Account[n];
            for (int i = 0; i < n; i++) accounts[i] = new Account(i + 1, start, heldNow, heldMax, true);
            Account one = accounts[0], two = accounts[1];
            transfer.transfer(one, two, 10);
            if (one.balance() != start - 10 || two.balance() != start + 10) {
                return Exercise.fail("transfer(account 1, account 2, 10) left the balances at %,d and %,d (expected "
                        + "%,d and %,d)", one.balance(), two.balance(), start - 10, start + 10);
            }
            if (heldNow.get() != 0) {
                return Exercise.fail("after one transfer, %d account lock(s) were still held: unlock in a finally block",
                        heldNow.get());
            }
            transfer.transfer(two, one, 10);
            Profile p = Profile.current();
            ModelEvidence mc = model(transfer, p);
            Budget.Meter meter = Budget.of(threads * each, Duration.ofSeconds(p.pick(2, 10))).start();
            AtomicLong done = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
            String deadlock = null;
            java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(threads);
            AtomicLong audits = new AtomicLong(), badAudits = new AtomicLong(), auditExample = new AtomicLong();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long t0 = System.nanoTime();
            try (Crew crew = Crew.platform("exercise-transfer")) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    long seed = w;
                    workers.add(crew.start(() -> {
                        java.util.Random rnd = new java.util.Random(seed);
                        try {
                            go.await();
                            for (int i = 0; i < each && meter.more(); i++) {
                                int a = rnd.nextInt(n), b = (a + 1 + rnd.nextInt(n - 1)) % n;
                                transfer.transfer(accounts[a], accounts[b], 1 + rnd.nextInt(100));
                                done.incrementAndGet();
                                meter.count();
                            }
                        } catch (InterruptedException | Budget.Cancelled e) {
                            // stopped by the check
                        } catch (Throwable e) {
                            error.compareAndSet(null, e);
                        } finally {
                            working.countDown();
                        }
                    }));
                }
                // the auditor takes every account's lock, in id order, and counts the money: a transfer that lets go
                // of one account before it holds the other leaves money nowhere for a moment, and the auditor sees it
                Thread auditor = crew.start(() -> {
                    try {
                        go.await();
                        while (working.getCount() > 0) {
                            for (Account a : accounts) a.auditLock();
                            long sum = 0;
                            try {
                                for (Account a : accounts) sum += a.balance();
                            } finally {
                                for (int i = accounts.length - 1; i >= 0; i--) accounts[i].auditUnlock();
                            }
                            audits.incrementAndGet();
                            if (sum != n * start) {
                                if (badAudits.getAndIncrement() == 0) auditExample.set(sum);
                            }
                            Thread.sleep(0, 200_000);
                        }
                    } catch (InterruptedException | Budget.Cancelled e) {
                        // stopped by the check
                    }
                });
                auditor.setName("racelab-exercise-auditor");
                workers.add(auditor);
                go.countDown();
                long last = -1, lastChange = System.nanoTime();
                while (!crew.joinAll(Duration.ofMillis(20))) {
                    long now = System.nanoTime(), d = done.get();
                    if (d != last) {
                        last = d;
                        lastChange = now;
                    }
                    long[] ids = mx.findDeadlockedThreads();
                    if (ids != null || now - lastChange > 2_000_000_000L) {
                        deadlock = describeDeadlock(ids != null, workers, accounts, d);
                        break;
                    }
                    if (error.get() != null) break;
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (error.get() != null) {
                Throwable e = error.get();
                NotYet stub = Exercise.notYetIn(e);
                if (stub != null) throw stub;
                return Exercise.fail("a transfer threw %s: %s", e.getClass().getSimpleName(), e.getMessage())
                        .detail(mc.line()).trace(mc.trace());
            }
            if (deadlock != null) return Exercise.fail("%s", deadlock).detail(mc.line()).trace(mc.trace());
            long total = 0;
            for (Account a : accounts) total += a.balance();
            if (total != n * start) {
                return Exercise.fail("%,d transfers between %d accounts: the bank now holds %,d instead of %,d (%,d %s)",
                        done.get(), n, total, n * start, Math.abs(total - n * start), total < n * start ? "lost" : "created").detail(mc.line()).trace(mc.trace());
            }
            if (badAudits.get() > 0) {
                return Exercise.fail("an auditor holding all %d account locks counted %,d instead of %,d in %,d of %,d "
                        + "audits: money was in no account while no lock held the transfer — hold both locks from the "
                        + "withdrawal to the deposit", n, auditExample.get(), n * start, badAudits.get(), audits.get())
                        .detail(mc.line()).trace(mc.trace());
            }
            if (mc.found()) {
                return Exercise.fail("the model checker found an interleaving of two opposite transfers that %s (the "
                        + "stress test found nothing in %,d transfers)", mc.trace() != null && !mc.trace().deadlock().isEmpty()
                        ? "deadlocks" : "goes wrong", done.get()).detail(mc.line()).trace(mc.trace());
            }
            Exercise.Outcome o = Exercise.pass("%,d transfers by %d threads between %d accounts in %.0f ms: no deadlock, "
                    + "the bank still holds %,d and an auditor holding every lock counted exactly that in %,d of %,d audits; "
                    + "up to %d account locks were held at once", done.get(), threads, n, ms, total, audits.get(),
                    audits.get(), heldMax.get());
            if (heldMax.get() <= 2) {
                o.detail("Correct — but never more than one transfer held its locks at a time: transfers between "
                        + "unrelated accounts (1→2 and 3→4) could run together.");
            }
            return o.detail("%s", mc.line());
        });
    }

    /**
     * Lincheck's model checker on the learner's own transfer (in a child JVM): two accounts of 100, one thread moves 10
     * from account 1 to account 2 while another moves 20 back; every interleaving must end without deadlock at 110
     * and 90. A deadlock comes back with who holds which account's lock and who waits for it.
     */
    static ModelEvidence model(Transfer transfer, Profile p) {
        String members;
        Class<?> anchor;
        String pkg = "";
        try {
            Class<?> k = transfer.getClass();
            if (!k.isHidden()) {
                // a class of the learner's: the child makes one by its no-argument constructor
                anchor = k;
                members = INSTANCE.replace("{class}", k.getName());
            } else {
                java.lang.reflect.Method m = target(transfer);
                anchor = m.getDeclaringClass();
                String name = sourceName(anchor);
                if (name != null && !java.lang.reflect.Modifier.isPrivate(m.getModifiers())) {
                    // called directly from the method's own package, as the learner's lambda does: Lincheck shows each call
                    pkg = anchor.getPackageName();
                    members = DIRECT.replace("{call}", name + "." + m.getName());
                } else {
                    members = METHOD.replace("{class}", anchor.getName()).replace("{method}", m.getName());
                }
            }
        } catch (IllegalStateException e) {
            return new ModelEvidence("model checker (Lincheck): not run: " + e.getMessage(), null, false);
        }
        Class<?> host = anchor;
        String inPackage = pkg, all = members + COMMON;
        return ModelEvidence.of(() -> dev.racelab.modelcheck.ModelCheck.harness("your transfer", host, all,
                        List.of("move(a, b, 10);", "move(b, a, 20);"),
                        "a.balance() == 110 && b.balance() == 90 ? null : \"balances \" + a.balance() + \" and \" "
                                + "+ b.balance() + \" after transfer(a1, a2, 10) and transfer(a2, a1, 20), expected 110 and 90\"")
                        .inPackage(inPackage).invocations(p.pick(500, 5_000)).seconds(p.pick(30, 60)),
                "transfer(a1, a2, 10) ‖ transfer(a2, a1, 20)", "deadlocked or lost money");
    }

    /** The name Java source uses for {@code c}, or null when a private class on the way makes it unreachable. */
    static String sourceName(Class<?> c) {
        if (java.lang.reflect.Modifier.isPrivate(c.getModifiers()) || c.isHidden() || c.isAnonymousClass()
                || c.isLocalClass()) return null;
        Class<?> outer = c.getEnclosingClass();
        if (outer == null) return c.getName();
        String o = sourceName(outer);
        return o == null ? null : o + "." + c.getSimpleName();
    }

    private static final String COMMON = """
            static dev.racelab.exercises.Account a, b;

            static void setup() {   // fresh accounts each interleaving: their ReentrantLocks must be made under Lincheck
                a = dev.racelab.exercises.Account.of(1, 100);
                b = dev.racelab.exercises.Account.of(2, 100);
            }
            """;

    /** The learner's transfer is a class: one instance, made before Lincheck starts. */
    private static final String INSTANCE = """
            static final dev.racelab.exercises.Checks.Transfer transfer = make();

            static dev.racelab.exercises.Checks.Transfer make() {
                try {
                    var k = Class.forName("{class}").getDeclaredConstructor();
                    k.setAccessible(true);
                    return (dev.racelab.exercises.Checks.Transfer) k.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create {class} with a no-argument constructor: " + e, e);
                }
            }

            static void move(dev.racelab.exercises.Account from, dev.racelab.exercises.Account to, long amount) {
                try {
                    transfer.transfer(from, to, amount);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("transfer threw " + e, e);
                }
            }
            """;

    /** The learner's transfer is a lambda or method reference calling a static method the harness can call too. */
    private static final String DIRECT = """
            static void move(dev.racelab.exercises.Account from, dev.racelab.exercises.Account to, long amount) {
                try {
                    {call}(from, to, amount);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("transfer threw " + e, e);
                }
            }
            """;

    /** The static method is private: called by reflection (Lincheck's trace then shows less of it). */
    private static final String METHOD = """
            static final java.lang.reflect.Method transfer = find();

            static java.lang.reflect.Method find() {
                try {
                    var m = Class.forName("{class}").getDeclaredMethod("{method}", dev.racelab.exercises.Account.class,
                            dev.racelab.exercises.Account.class, long.class);
                    m.setAccessible(true);
                    return m;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot find {class}.{method}: " + e, e);
                }
            }

            static void move(dev.racelab.exercises.Account from, dev.racelab.exercises.Account to, long amount) {
                try {
                    transfer.invoke(null, from, to, amount);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error r) throw r;
                    throw new IllegalStateException("transfer threw " + e.getCause(), e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            """;

    /**
     * The static method a lambda or method reference runs, {@code (from, to, amount) -> transfer(from, to, amount)}
     * or {@code MyBank::transfer}: on the stack when the transfer first takes an account's lock, the frame nearest the
     * lambda that is a static, non-synthetic method of (Account, Account, long); then called once directly, to see
     * that it moves the money as the lambda does. Throws (with the reason) when there is none: a lambda that captures
     * variables or does the work itself, an instance method, or a transfer that takes no lock.
     */
    static java.lang.reflect.Method target(Transfer transfer) {
        Account one = Account.of(1, 100), two = Account.of(2, 100);
        Class<?> proxy = transfer.getClass();
        java.util.concurrent.atomic.AtomicReference<List<StackWalker.StackFrame>> found = new java.util.concurrent.atomic.AtomicReference<>();
        StackWalker walker = StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                StackWalker.Option.SHOW_HIDDEN_FRAMES));
        Runnable spy = () -> {
            if (found.get() != null) return;
            walker.walk(frames -> {
                List<StackWalker.StackFrame> between = new ArrayList<>();
                for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                    if (f.getDeclaringClass() == proxy && f.getMethodName().equals("transfer")) {
                        found.compareAndSet(null, between);
                        break;
                    }
                    between.add(f);
                }
                return null;
            });
        };
        one.spy = spy;
        two.spy = spy;
        try {
            transfer.transfer(one, two, 10);
        } catch (Exception e) {
            throw new IllegalStateException("your transfer threw " + e.getClass().getSimpleName() + " when tried once");
        } finally {
            one.spy = null;
            two.spy = null;
        }
        List<StackWalker.StackFrame> frames = found.get();
        if (frames == null) throw new IllegalStateException("your transfer took no account's lock when tried once");
        List<Class<?>> want = List.of(Account.class, Account.class, long.class);
        // a method reference runs the method itself; a lambda runs its body (a synthetic method of the same
        // parameters when it captures nothing), which calls it: the method is the first or second frame, no deeper
        java.lang.reflect.Method m = null;
        for (int i = frames.size() - 1; i >= Math.max(0, frames.size() - 2) && m == null; i--) {
            StackWalker.StackFrame f = frames.get(i);
            if (!f.getMethodType().parameterList().equals(want) || f.getDeclaringClass().isHidden()) break;
            try {
                java.lang.reflect.Method c = f.getDeclaringClass().getDeclaredMethod(f.getMethodName(), Account.class,
                        Account.class, long.class);
                if (!java.lang.reflect.Modifier.isStatic(c.getModifiers())) break;
                if (!c.isSynthetic()) m = c;
            } catch (NoSuchMethodException e) {
                break;
            }
        }
        if (m == null) {
            StackWalker.StackFrame f = frames.get(frames.size() - 1);
            throw new IllegalStateException("your transfer's lambda runs " + f.getDeclaringClass().getSimpleName() + "."
                    + f.getMethodName() + f.getMethodType() + " and calls no static method of (Account, Account, long): "
                    + "the checker can rebuild only such a call in its JVM (not a lambda that captures variables or "
                    + "does the work itself, nor an instance's method)");
        }
        // the method alone must do what the lambda did: from account 1 to account 2
        Account three = Account.of(1, 100), four = Account.of(2, 100);
        try {
            m.setAccessible(true);
            m.invoke(null, three, four, 10L);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("calling " + m.getName() + " directly failed: " + e);
        }
        if (three.balance() != one.balance() || four.balance() != two.balance()) {
            throw new IllegalStateException("your lambda does more than call " + m.getName() + "(from, to, amount)");
        }
        return m;
    }

    /** Who holds which account and waits for which, for every worker stuck in a lock. */
    private static String describeDeadlock(boolean detected, List<Thread> workers, Account[] accounts, long done) {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "deadlock after %,d transfers", done));
        String sep = ": ";
        for (Thread t : workers) {
            List<String> holds = new ArrayList<>(), waits = new ArrayList<>();
            for (Account a : accounts) {
                if (a.owner() == t) holds.add("account " + a.id());
                if (a.awaitedBy(t)) waits.add("account " + a.id());
            }
            if (waits.isEmpty()) continue;
            sb.append(sep).append(t.getName().replace("racelab-exercise-", "")).append(" holds ")
                    .append(holds.isEmpty() ? "nothing" : String.join(" and ", holds)).append(" and waits for ")
                    .append(String.join(" and ", waits));
            sep = "; ";
        }
        sb.append(detected ? " (found by the JVM's deadlock detector; the stuck threads were interrupted and ended)"
                : " (no transfer finished for 2 s; the stuck threads were interrupted)");
        return sb.toString();
    }
}
