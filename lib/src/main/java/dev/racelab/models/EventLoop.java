package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.notebook.Progress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Node.js's model in Java: one thread (the event loop) runs every callback; I/O is asynchronous and its
 * completion is queued back onto the loop. No two callbacks ever run at the same instant — yet a handler that
 * reads, awaits I/O, then writes loses updates when requests interleave at the await.
 * {@code EventLoop.of(EventLoop.Style.READ_AWAIT_WRITE).run()}
 *
 * <p>Implementation note: the loop is a single-threaded executor; the "database" is a scheduled executor that
 * completes each {@link Loop#io()} future by queueing the completion onto the loop, like libuv does. Requests
 * arrive on a timer, one every {@code gap}; each I/O takes a random time up to {@code maxIo}. Both executors
 * belong to one trial and are shut down before the trial returns.
 */
public final class EventLoop {
    // the time budget's range: a trial takes milliseconds, so a hundredth of a second still runs some
    private static final double MIN_SECONDS = 0.01;
    /** The range {@link #seconds(double)} accepts, as a help text. */
    public static final String SECONDS_RANGE = MIN_SECONDS + ".." + Budget.MAX_SECONDS;

    /** A request handler with its state, run on the event loop (write your own for the exercise). */
    public interface AsyncCounter {
        /** Handles one request: add one to the count. Completes when the request is done. */
        CompletableFuture<?> increment(Loop loop);

        /** The count once every request is done. */
        long get();
    }

    /** The built-in handlers. */
    public enum Style {
        /** {@code let v = count; await db(); count = v + 1;} — the bug. */
        READ_AWAIT_WRITE("read → await → write", false),
        /** {@code await db(); count = count + 1;} — read and write in one callback. */
        AWAIT_THEN_UPDATE("await, then read+write in one callback", true),
        /** Each request waits for the previous one (an async mutex, a promise chain). */
        ONE_AT_A_TIME("one request at a time (promise chain)", true);

        private final String label;
        private final boolean safe;

        Style(String label, boolean safe) {
            this.label = label;
            this.safe = safe;
        }

        public String label() { return label; }
        public boolean safe() { return safe; }

        AsyncCounter create() {
            return switch (this) {
                case READ_AWAIT_WRITE -> new ReadAwaitWrite();
                case AWAIT_THEN_UPDATE -> new AwaitThenUpdate();
                case ONE_AT_A_TIME -> new OneAtATime();
            };
        }
    }

    private final Supplier<AsyncCounter> factory;
    private final String label;
    private int requests = 100;
    private Duration gap = Duration.ofNanos(50_000);
    private Duration maxIo = Duration.ofMillis(2);
    private int trials;
    private Duration time;

    private EventLoop(Supplier<AsyncCounter> factory, String label) {
        this.factory = factory;
        this.label = label;
        this.trials = Profile.quickOrFull(100, 1_000);
        this.time = Duration.ofSeconds(Profile.quickOrFull(3, 30));
    }

    public static EventLoop of(Style style) {
        return new EventLoop(style::create, style.label());
    }

    /** Any handler, e.g. a learner's: {@code EventLoop.of("mine", MyCounter::new)}. */
    public static EventLoop of(String label, Supplier<AsyncCounter> factory) {
        Require.notNull("handler factory", factory);
        return new EventLoop(factory, label);
    }

    /** A range {@code requests} checks; its terminal option's help names the same constant. */
    public static final String REQUESTS_RANGE = "1..100000";

    public EventLoop requests(int n) {
        this.requests = Require.inRange("requests", n, REQUESTS_RANGE);
        return this;
    }

    /** A range {@code gapMicros} checks; its terminal option's help names the same constant. */
    public static final String GAP_MICROS_RANGE = "0..100000";

    /** Time between two arriving requests, in microseconds ({@value #GAP_MICROS_RANGE}). */
    public EventLoop gapMicros(int us) {
        Require.inRange("gap between requests (µs)", us, GAP_MICROS_RANGE);
        this.gap = Duration.ofNanos(us * 1_000L);
        return this;
    }

    /** A range {@code maxIoMicros} checks; its terminal option's help names the same constant. */
    public static final String MAX_IO_MICROS_RANGE = "1..1000000";

    /** The longest simulated I/O, in microseconds ({@value #MAX_IO_MICROS_RANGE}); each I/O takes a uniform random time up to it. */
    public EventLoop maxIoMicros(int us) {
        Require.inRange("longest I/O (µs)", us, MAX_IO_MICROS_RANGE);
        this.maxIo = Duration.ofNanos(us * 1_000L);
        return this;
    }

    /** A range {@code trials} checks; its terminal option's help names the same constant. */
    public static final String TRIALS_RANGE = "1..1000000";

    public EventLoop trials(int n) {
        this.trials = Require.inRange("trials", n, TRIALS_RANGE);
        return this;
    }

    public EventLoop seconds(double s) {
        Require.inRange("time budget (s)", s, MIN_SECONDS, Budget.MAX_SECONDS);
        this.time = Duration.ofNanos((long) (s * 1e9));
        return this;
    }

    /** Runs the trials; every trial gets a fresh handler, a fresh loop and a fresh timer. */
    public Result run() {
        Result.Builder b = Result.builder("event-loop", "Event loop: " + requests + " requests, " + label)
                .param("handler", label).param("requests", requests).param("gap_us", gap.toNanos() / 1000)
                .param("max_io_us", maxIo.toNanos() / 1000).param("trials", trials)
                .param("time_budget_s", time.toMillis() / 1000.0);
        DataTable t = new DataTable("trial", "final", "lost", "max_waiting", "trial_ms");
        Budget.Meter meter = Budget.of(trials, time).start();
        Set<String> loopThreads = ConcurrentHashMap.newKeySet();
        SplittableRandom rnd = new SplittableRandom(42);
        boolean[] blocked = {false};
        try (Progress progress = Progress.start("event-loop trials", trials)) {
            while (meter.more()) {
                long t0 = System.nanoTime();
                Trial trial = new Trial(factory.get(), rnd.split(), loopThreads);
                if (!trial.run(meter.deadlineNanos())) { // time budget ran out mid-trial
                    blocked[0] = trial.blockedLoop;
                    break;
                }
                t.add(meter.done(), trial.value, requests - trial.value, trial.maxWaiting.get(),
                        (System.nanoTime() - t0) / 1e6);
                meter.count();
                progress.set(meter.done());
            }
        }
        long[] lost = t.longs("lost");
        Stats s = Stats.of(lost);
        long lossy = java.util.Arrays.stream(lost).filter(v -> v > 0).count();
        b.samples(t).ended(meter);
        b.figure("trials", t.size(), "");
        b.figure("requests_per_trial", requests, "");
        b.figure("trials_with_loss", lossy, "trials");
        b.figure("share_with_loss", Interval.wilson(lossy, t.size()), "");
        b.figure("total_lost", t.size() == 0 ? 0 : s.sum(), "updates");
        b.figure("mean_lost", Interval.mean(lost), "updates");
        b.figure("max_lost", t.size() == 0 ? 0 : s.max(), "updates");
        b.figure("callback_threads", loopThreads.size(), "threads");
        b.figure("median_max_waiting", Interval.median(t.longs("max_waiting")), "requests");
        b.figure("most_waiting", t.size() == 0 ? 0 : Stats.of(t.longs("max_waiting")).max(), "requests");
        b.figure("median_trial_ms", Interval.median(t.doubles("trial_ms")), "ms");
        b.figure("blocked_loop", blocked[0] ? 1 : 0, "");
        b.note("Every callback ran on: " + String.join(", ", loopThreads) + ". 'max_waiting' is the most requests "
                + "that were between their start and their I/O's completion at once in a trial.");
        if (blocked[0]) {
            b.note("A callback blocked the loop thread (it was waiting inside a callback when the time ran out): "
                    + "join() or get() on a future that only the loop itself can complete never returns.");
        }
        b.explainer(EventLoopExplain::explain);
        if (t.size() > 0) {
            b.chart(r -> Charts.histogram("Lost updates per trial (" + label + ", " + requests + " requests)",
                    "lost updates in one trial", "trials", lost));
        }
        return b.build();
    }

    /**
     * The two fixes side by side, from their results: {@code EventLoop.compareFixes(fixed, chained)} as a cell's last
     * line. Both lose nothing; the chained one waits one request at a time.
     */
    public static dev.racelab.render.Renderable compareFixes(Result inOneCallback, Result oneAtATime) {
        return inOneCallback.explained(EventLoopExplain.fixes(inOneCallback, oneAtATime));
    }

    /** Did this run's requests wait for their I/O one at a time (a serialised handler)? */
    public static boolean oneAtATime(Result r) {
        return EventLoopExplain.oneAtATime(r);
    }

    /** What a handler may use: the loop itself (an {@link Executor}) and simulated asynchronous I/O. */
    public static final class Loop implements Executor {
        private final ExecutorService loop;
        private final ScheduledExecutorService io;
        private final SplittableRandom rnd;
        private final long maxIoNanos;
        private final Set<String> threads;
        private final AtomicInteger waiting = new AtomicInteger();
        private final AtomicInteger maxWaiting;
        private final AtomicReference<Throwable> failure;
        private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
        private volatile Thread loopThread;
        private volatile boolean inCallback;

        Loop(ExecutorService loop, ScheduledExecutorService io, SplittableRandom rnd, long maxIoNanos,
             Set<String> threads, AtomicInteger maxWaiting, AtomicReference<Throwable> failure) {
            this.loop = loop;
            this.io = io;
            this.rnd = rnd;
            this.maxIoNanos = maxIoNanos;
            this.threads = threads;
            this.maxWaiting = maxWaiting;
            this.failure = failure;
        }

        /**
         * Simulated asynchronous I/O (a database call, {@code await db.query()}): returns at once; the future
         * completes on the loop thread after a random delay, so callbacks chained with {@code thenRun} /
         * {@code thenApply} / {@code thenCompose} run on the loop, as in Node.
         */
        public CompletableFuture<Void> io() {
            long delay;
            synchronized (rnd) {
                delay = rnd.nextLong(maxIoNanos + 1);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            maxWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            io.schedule(() -> execute(() -> {
                waiting.decrementAndGet();
                pending.remove(done);
                done.complete(null);
            }), delay, TimeUnit.NANOSECONDS);
            return done;
        }

        /** Queues a callback onto the loop. */
        @Override
        public void execute(Runnable callback) {
            loop.execute(() -> {
                loopThread = Thread.currentThread();
                threads.add(Thread.currentThread().getName());
                inCallback = true;
                try {
                    callback.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inCallback = false;
                }
            });
        }

        /** True when called on the loop thread. */
        public boolean onLoop() {
            return Thread.currentThread() == loopThread;
        }

        /** Is the loop thread waiting inside a callback (a join() or get() that blocks the loop)? */
        boolean blockedInCallback() {
            Thread t = loopThread;
            if (t == null || !inCallback) return false;
            Thread.State st = t.getState();
            return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.BLOCKED;
        }

        /** Ends the trial: every I/O still pending fails, so a callback blocked on one returns and the loop stops. */
        void cancelPending() {
            for (CompletableFuture<Void> f : pending) {
                f.completeExceptionally(new java.util.concurrent.CancellationException("the trial ended"));
            }
            pending.clear();
        }
    }

    /** One burst of requests on a fresh loop. */
    private final class Trial {
        final AsyncCounter counter;
        final SplittableRandom rnd;
        final Set<String> threads;
        final AtomicInteger maxWaiting = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        long value;
        boolean blockedLoop;

        Trial(AsyncCounter counter, SplittableRandom rnd, Set<String> threads) {
            this.counter = Require.notNull("handler", counter);
            this.rnd = rnd;
            this.threads = threads;
        }

        boolean run(long deadlineNanos) {
            // the threads are kept, so the trial can join them: an executor counts as terminated a moment before
            // its thread has ended
            java.util.List<Thread> made = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.ThreadFactory loopThreads = Thread.ofPlatform().name("racelab-eventloop").daemon(true).factory();
            java.util.concurrent.ThreadFactory ioThreads = Thread.ofPlatform().name("racelab-eventloop-io").daemon(true).factory();
            ExecutorService loopExec = Executors.newSingleThreadExecutor(r -> {
                Thread t = loopThreads.newThread(r);
                made.add(t);
                return t;
            });
            ScheduledExecutorService ioExec = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = ioThreads.newThread(r);
                made.add(t);
                return t;
            });
            Loop loop = new Loop(loopExec, ioExec, rnd, maxIo.toNanos(), threads, maxWaiting, failure);
            try {
                @SuppressWarnings("unchecked")
                CompletableFuture<Object>[] done = new CompletableFuture[requests];
                for (int i = 0; i < requests; i++) {
                    CompletableFuture<Object> d = new CompletableFuture<>();
                    done[i] = d;
                    Runnable request = () -> {
                        CompletableFuture<?> f = counter.increment(loop);
                        if (f == null) throw new IllegalStateException("increment returned null instead of a future");
                        f.whenComplete((v, e) -> {
                            if (e != null) d.completeExceptionally(e);
                            else d.complete(v);
                        });
                    };
                    Runnable arrive = () -> loop.execute(() -> {
                        try {
                            request.run();
                        } catch (Throwable e) {
                            d.completeExceptionally(e);
                            throw e;
                        }
                    });
                    long at = gap.toNanos() * i;
                    if (at == 0) arrive.run();
                    else ioExec.schedule(arrive, at, TimeUnit.NANOSECONDS);
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(done);
                long left = deadlineNanos - System.nanoTime();
                try {
                    all.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (failure.get() != null) throw rethrow(failure.get());
                    blockedLoop = loop.blockedInCallback();
                    return false;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                } catch (InterruptedException e) {
                    throw Budget.interrupted();
                }
                if (failure.get() != null) throw rethrow(failure.get());
                // read the result on the loop, where the handler's state lives
                CompletableFuture<Long> v = new CompletableFuture<>();
                loop.execute(() -> v.complete(counter.get()));
                try {
                    value = v.get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw Budget.interrupted();
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("could not read the count on the loop: " + e, e);
                }
                return true;
            } finally {
                ioExec.shutdownNow();
                loopExec.shutdownNow();
                loop.cancelPending();
                awaitQuietly(ioExec);
                awaitQuietly(loopExec);
                joinQuietly(made);
            }
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) e = e.getCause();
        if (e instanceof RuntimeException r) return r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException("a handler failed: " + e, e);
    }

    private static void joinQuietly(java.util.List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    if (!t.join(Duration.ofSeconds(5))) throw new IllegalStateException(t.getName() + " did not stop within 5 s");
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static void awaitQuietly(ExecutorService e) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("event loop did not stop within 5 s");
                    }
                    return;
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    // --- the built-in handlers -------------------------------------------------------------------------------

    /** {@code const v = count; await db(); count = v + 1;} */
    static final class ReadAwaitWrite implements AsyncCounter {
        long count;

        @Override
        public CompletableFuture<?> increment(Loop loop) {
            long seen = count;                                   // read
            return loop.io().thenRun(() -> count = seen + 1);    // await, then write what was read
        }

        @Override
        public long get() { return count; }
    }

    /** {@code await db(); count = count + 1;} */
    static final class AwaitThenUpdate implements AsyncCounter {
        long count;

        @Override
        public CompletableFuture<?> increment(Loop loop) {
            return loop.io().thenRun(() -> count = count + 1);   // read and write in one callback
        }

        @Override
        public long get() { return count; }
    }

    /** Every request waits for the previous one to finish: correct, and no more concurrency. */
    static final class OneAtATime implements AsyncCounter {
        long count;
        CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<?> increment(Loop loop) {
            tail = tail.thenCompose(x -> {
                long seen = count;
                return loop.io().thenRun(() -> count = seen + 1);
            });
            return tail;
        }

        @Override
        public long get() { return count; }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
