package dev.racelab.exercises;

import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.models.EventLoop;
import java.util.List;
import java.util.function.Supplier;

/** The check behind {@code Checks} for the async lost update (notebook 08); see the facade for what it asks of the learner. */
final class AsyncCounterCheck {
    private AsyncCounterCheck() {}

    /**
     * An {@link EventLoop.AsyncCounter} that must not lose updates while its requests still wait for their I/O
     * together: 100 requests per trial, many trials, each on a fresh event loop with random I/O delays. Fails on any
     * lost update; fails a handler that serialises every request (its requests wait one at a time: at most 1 waiting
     * in the median trial, which a concurrent handler never shows: requests arrive 50 µs apart and wait up to 2 ms);
     * fails a handler that blocks the loop (no trial can finish).
     */
    /**
     * Lincheck's model checker on the learner's own handler class (in a child JVM): two requests on one event loop
     * whose I/O completes in an order the checker picks. The loop is a lock (one callback at a time, as on a loop
     * thread); each I/O completes on a thread of its own, which takes the lock to run the callbacks. After both
     * requests are done, {@code get()} must be 2. The learner's class is made by its no-argument constructor.
     * Interleavings are counted for one I/O per request (the exercise's handlers); a handler that does more I/O per
     * request has them counted high by that ratio.
     */
    static ModelEvidence model(Class<?> c, Profile p) {
        try {
            c.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return new ModelEvidence("model checker (Lincheck): not run: " + c.getSimpleName() + " has no constructor "
                    + "without arguments", null, false);
        }
        String members = MEMBERS.replace("{class}", c.getName());
        return ModelEvidence.of(() -> dev.racelab.modelcheck.ModelCheck.harness(c.getSimpleName(), c, members,
                        List.of("request();", "request();"), "outcome()")
                        .inPackage("dev.racelab.models").startsThreads(2).invocations(p.pick(100, 2_000)).seconds(p.pick(30, 60)),
                "two requests whose I/O completes in either order", "lost an update");
    }

    /**
     * The harness (in the package of {@code EventLoop.Loop}, whose constructor it calls): the loop's executor runs a
     * callback under one lock; the I/O "scheduler" starts a thread per I/O, which the body joins before the check.
     */
    private static final String MEMBERS = """
            static final java.lang.reflect.Constructor<?> made = constructor();
            static final Object LOOP = new Object();
            static EventLoop.AsyncCounter counter;
            static EventLoop.Loop loop;
            static java.util.List<Thread> io;

            static java.lang.reflect.Constructor<?> constructor() {
                try {
                    var k = Class.forName("{class}").getDeclaredConstructor();
                    k.setAccessible(true);
                    return k;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot find {class}(): " + e, e);
                }
            }

            static java.util.concurrent.atomic.AtomicReference<Throwable> failed;

            static void setup() {
                failed = new java.util.concurrent.atomic.AtomicReference<>();
                try {
                    counter = (EventLoop.AsyncCounter) made.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create {class}: " + e, e);
                }
                io = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                loop = new EventLoop.Loop(new OneAtATime(), new IoThreads(), new java.util.SplittableRandom(1), 1,
                        java.util.Collections.synchronizedSet(new java.util.HashSet<>()),
                        new java.util.concurrent.atomic.AtomicInteger(), failed);
            }

            /** A request arrives: its handler runs on the loop. */
            static void request() {
                loop.execute(() -> counter.increment(loop));
            }

            /** Before the check: every I/O thread has run (an I/O's callback may start another). */
            static void drain() {
                for (int i = 0; ; i++) {
                    Thread t;
                    synchronized (io) {
                        if (i >= io.size()) return;
                        t = io.get(i);
                    }
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            /** After both requests and all their I/O: null when get() is 2, else what it is. */
            static String outcome() {
                drain();
                if (failed.get() != null) return "a callback threw " + failed.get();
                long n = counter.get();
                return n == 2 ? null : "get() = " + n + " after two requests, expected 2";
            }

            /** The loop: one callback at a time. */
            static final class OneAtATime extends java.util.concurrent.AbstractExecutorService {
                public void execute(Runnable r) { synchronized (LOOP) { r.run(); } }
                public void shutdown() {}
                public java.util.List<Runnable> shutdownNow() { return java.util.List.of(); }
                public boolean isShutdown() { return false; }
                public boolean isTerminated() { return false; }
                public boolean awaitTermination(long t, java.util.concurrent.TimeUnit u) { return true; }
            }

            /** The I/O: each completes on a thread of its own, when the model checker lets it run. */
            static final class IoThreads extends java.util.concurrent.AbstractExecutorService
                    implements java.util.concurrent.ScheduledExecutorService {
                public java.util.concurrent.ScheduledFuture<?> schedule(Runnable r, long d, java.util.concurrent.TimeUnit u) {
                    Thread t = new Thread(r);
                    io.add(t);
                    t.start();
                    return null;
                }
                public <V> java.util.concurrent.ScheduledFuture<V> schedule(java.util.concurrent.Callable<V> c, long d, java.util.concurrent.TimeUnit u) {
                    throw new UnsupportedOperationException();
                }
                public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(Runnable r, long a, long b, java.util.concurrent.TimeUnit u) {
                    throw new UnsupportedOperationException();
                }
                public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long a, long b, java.util.concurrent.TimeUnit u) {
                    throw new UnsupportedOperationException();
                }
                public void execute(Runnable r) { schedule(r, 0, java.util.concurrent.TimeUnit.NANOSECONDS); }
                public void shutdown() {}
                public java.util.List<Runnable> shutdownNow() { return java.util.List.of(); }
                public boolean isShutdown() { return false; }
                public boolean isTerminated() { return false; }
                public boolean awaitTermination(long t, java.util.concurrent.TimeUnit u) { return true; }
            }
            """;

    static Verdict asyncCounter(String title, Supplier<? extends EventLoop.AsyncCounter> factory) {
        Require.notNull("handler factory", factory);
        return Exercise.check(title, () -> {
            Profile p = Profile.current();
            Result r = EventLoop.of("your handler", factory::get).requests(100).trials(p.pick(60, 500))
                    .seconds(p.pick(3, 20)).run();   // a stub's "not yet" comes out of here, before a model check starts
            ModelEvidence mc = model(factory.get().getClass(), p);
            long[] lost = r.samples().longs("lost");
            long bad = java.util.Arrays.stream(lost).filter(v -> v != 0).count();
            if (lost.length == 0) {
                if (r.value("blocked_loop") == 1) {
                    return Exercise.fail("not one trial finished: your handler blocked the loop thread (a join() or "
                            + "get() inside a callback waits for I/O that only the loop itself can complete)").with(r).detail(mc.line()).trace(mc.trace());
                }
                return Exercise.fail("not one trial finished within the time budget").with(r).detail(mc.line()).trace(mc.trace());
            }
            if (bad > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials (100 requests each)",
                        (long) Stats.of(lost).sum(), bad, lost.length).with(r).detail(mc.line()).trace(mc.trace());
            }
            double waiting = r.value("median_max_waiting");
            if (EventLoop.oneAtATime(r)) {
                return Exercise.fail("0 updates lost, but your requests waited for their I/O one at a time (%.0f at once "
                        + "in the median trial; a trial took %.1f ms): the exercise asks that they still wait together",
                        waiting, r.value("median_trial_ms")).with(r).detail(mc.line()).trace(mc.trace());
            }
            if (mc.found()) {
                return Exercise.fail("the model checker found an order of two requests' I/O in which your handler loses "
                        + "an update (the stress test lost none in %,d trials)", lost.length).detail(mc.line())
                        .trace(mc.trace()).with(r);
            }
            return Exercise.pass("0 updates lost in %,d of %,d trials (100 requests each, random I/O delays); up to "
                    + "%.0f requests waited for I/O at once (median per trial)", lost.length, lost.length, waiting)
                    .detail("%s", mc.line()).with(r);
        });
    }
}
