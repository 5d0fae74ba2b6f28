// racelab notebook 10: run by dev.racelab.coordination.Structured as `java --enable-preview --source 25 ScopeChild.java MODE N`
// (StructuredTaskScope is a preview API in JDK 25, JEP 505; ScopedValue is final in JDK 25, JEP 506).
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;

public class ScopeChild {
    static final ScopedValue<String> USER = ScopedValue.newInstance();
    static final ThreadLocal<String> LOCAL = new ThreadLocal<>();
    static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        if (a[0].equals("scope")) scope(n);
        else values(n);
    }

    /** A scope of 4 slow subtasks and one that fails after 5 ms: who was cancelled, who outlived the scope. */
    static void scope(int trials) throws Exception {
        for (int t = 0; t < trials; t++) {
            AtomicInteger cancelled = new AtomicInteger(), finished = new AtomicInteger();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            long[] failAt = new long[1];
            boolean failed = false;
            try (var scope = StructuredTaskScope.open()) {
                for (int i = 0; i < 4; i++) {
                    scope.fork(() -> {
                        threads.add(Thread.currentThread());
                        try {
                            Thread.sleep(5_000);
                            finished.incrementAndGet();
                        } catch (InterruptedException e) {
                            cancelled.incrementAndGet();
                            throw e;
                        }
                        return 1;
                    });
                }
                scope.fork(() -> {
                    threads.add(Thread.currentThread());
                    Thread.sleep(5);
                    failAt[0] = System.nanoTime();
                    throw new IllegalStateException("subtask failed");
                });
                scope.join();
            } catch (StructuredTaskScope.FailedException e) {
                failed = true;
            }
            long end = System.nanoTime();
            int alive = 0;
            for (Thread th : threads) if (th.isAlive()) alive++;
            System.out.println("trial " + (end - failAt[0]) / 1000 + " " + cancelled.get() + " " + finished.get() + " "
                    + alive + " " + threads.size() + " " + (failed ? 1 : 0));
        }
    }

    static long heap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes of heap per parked virtual thread, with no context, a ThreadLocal, a ScopedValue, an inherited one. */
    static long perThread(String mode, int n) throws Exception {
        CountDownLatch release = new CountDownLatch(1), parked = new CountDownLatch(n);
        long before = heap();
        Thread[] ts = new Thread[n];
        if (mode.equals("inheritable")) INHERITED.set("request-context");
        for (int i = 0; i < n; i++) {
            String ctx = "request-" + i;
            Runnable wait = () -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            ts[i] = Thread.ofVirtual().start(switch (mode) {
                case "threadlocal" -> () -> { LOCAL.set(ctx); wait.run(); };
                case "scopedvalue" -> () -> ScopedValue.where(USER, ctx).run(wait);
                default -> wait;
            });
        }
        parked.await();
        long during = heap();
        release.countDown();
        for (Thread t : ts) t.join();
        INHERITED.remove();
        return (during - before) / n;
    }

    static void values(int n) throws Exception {
        // inheritance: what a new thread sees of its parent's context
        LOCAL.set("alice");
        INHERITED.set("alice");
        String[] seen = new String[3];
        Thread.ofVirtual().start(() -> {
            seen[0] = String.valueOf(LOCAL.get());
            seen[1] = String.valueOf(INHERITED.get());
            INHERITED.set("mallory"); // the child's copy only
        }).join();
        System.out.println("threadlocal_child " + seen[0]);
        System.out.println("inheritable_child " + seen[1]);
        System.out.println("inheritable_parent_after " + INHERITED.get());
        LOCAL.remove();
        INHERITED.remove();
        ScopedValue.where(USER, "alice").run(() -> {
            String[] s = new String[2];
            try {
                Thread.ofVirtual().start(() -> s[0] = USER.isBound() ? USER.get() : "unbound").join();
                try (var scope = StructuredTaskScope.open()) {
                    var sub = scope.fork(() -> USER.isBound() ? USER.get() : "unbound");
                    scope.join();
                    s[1] = sub.get();
                }
                ScopedValue.where(USER, "mallory").run(() -> { }); // a rebinding for a nested call only
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            System.out.println("scoped_plain_thread " + s[0]);
            System.out.println("scoped_scope_fork " + s[1]);
            System.out.println("scoped_after_rebind " + USER.get());
        });
        System.out.println("scoped_outside " + (USER.isBound() ? USER.get() : "unbound"));
        String[] modes = {"none", "threadlocal", "scopedvalue", "inheritable"};
        for (int rep = 0; rep < 3; rep++) {
            for (int m = 0; m < modes.length; m++) {
                String mode = modes[(m + rep) % modes.length]; // each round starts with another mode: no mode always first
                System.out.println("bytes " + mode + " " + perThread(mode, n));
            }
        }
    }
}
