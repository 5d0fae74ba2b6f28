package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.models.EventLoop;
import dev.racelab.models.LocalServer;
import dev.racelab.race.Counter;
import dev.racelab.race.StartGate;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Ready-made checks for the course's exercises: each stress-tests the learner's code with the library and returns a
 * {@link Verdict} with the evidence. {@code Checks.counter("03.1 A counter with a lock", SafeCounter::new)}
 */
public final class Checks {
    private Checks() {}

    // --- a thread-safe counter (notebooks 02, 03, 04) -------------------------------------------------------------

    /**
     * A thread-safe {@link Counter}: one thread first (does it count at all?), then the start gate (4 threads ×
     * 10,000 increments, many trials), then single {@code add(1)} calls separated by memory fences, which the JIT
     * cannot merge into one big add. Passes only with zero updates lost (or gained) in every trial.
     */
    public static Verdict counter(String title, Supplier<? extends Counter> factory) {
        Require.notNull("counter factory", factory);
        return Exercise.check(title, () -> {
            Counter one = factory.get();
            one.reset();
            one.add(1_000);
            if (one.get() != 1_000) {
                return Exercise.fail("one thread called add(1000) and get() returned %,d", one.get());
            }
            Profile p = Profile.current();
            Result gate = StartGate.of("your counter", factory::get).threads(4).increments(10_000)
                    .trials(p.pick(200, 2_000)).seconds(p.pick(2, 20)).run();
            long[] lost = gate.samples().longs("lost");
            long badTrials = java.util.Arrays.stream(lost).filter(v -> v != 0).count();
            long lostSum = java.util.Arrays.stream(lost).filter(v -> v > 0).sum();
            long gained = -java.util.Arrays.stream(lost).filter(v -> v < 0).sum();
            if (lost.length == 0) {
                return Exercise.fail("not one start-gate trial finished within %.0f s: is a thread stuck?",
                        gate.params().get("time_budget_s")).with(gate);
            }
            if (badTrials > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials (4 threads × 10,000 increments)%s",
                        lostSum, badTrials, lost.length, gained > 0 ? String.format(java.util.Locale.ROOT,
                                "; %,d updates appeared from nowhere", gained) : "").with(gate);
            }
            long[] fenced = fenced(factory, 4, CALLS, 10_000, Duration.ofSeconds(p.pick(3, 20)));
            if (fenced[1] > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials of single add(1) calls (4 threads × "
                        + "%,d calls; the start gate had found nothing in %,d trials)", fenced[2], fenced[1], fenced[0],
                        CALLS, lost.length).with(gate);
            }
            return Exercise.pass("0 updates lost in %,d of %,d start-gate trials (4 threads × 10,000 increments) "
                    + "and in %,d trials of single add(1) calls (4 threads × %,d)", lost.length, lost.length, fenced[0], CALLS)
                    .detail("start gate: %s", gate.ended())
                    .with(gate);
        });
    }

    /** Calls per thread in the fenced phase: long enough to overlap even on a busy machine. */
    static final int CALLS = 100_000;

    /** A fence the harness writes and reads between two calls: no compiler may merge the calls across it. */
    private static volatile int fence;

    /**
     * {trials, trials that lost or gained, updates lost}: {@code threads} × {@code calls} single add(1) calls per
     * trial, trial after trial until the time budget ends or 5 trials went wrong.
     */
    static long[] fenced(Supplier<? extends Counter> factory, int threads, int calls, int trials, Duration time) {
        Counter c = factory.get();
        Budget.Meter meter = Budget.of(trials, time).start();
        long bad = 0, lostTotal = 0;
        while (meter.more()) {
            c.reset();
            try (Crew crew = Crew.platform("exercise-counter")) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                for (int w = 0; w < threads; w++) {
                    crew.start(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < calls; i++) {
                            c.add(1);
                            fence = i;
                            if (fence < 0) return; // reads the fence back; never true
                        }
                    });
                }
                go.countDown();
                if (!crew.joinUntil(meter.deadlineNanos() + Duration.ofSeconds(5).toNanos())) {
                    throw new IllegalStateException("single add(1) calls did not finish: a thread seems stuck");
                }
            }
            long lost = (long) threads * calls - c.get();
            if (lost != 0) bad++;
            lostTotal += Math.max(lost, 0);
            meter.count();
            if (bad >= 5) break;
        }
        return new long[] {meter.done(), bad, lostTotal};
    }

    // --- the async lost update (notebook 08) ---------------------------------------------------------------------

    /**
     * An {@link EventLoop.AsyncCounter} that must not lose updates: 100 requests per trial, many trials, each on a
     * fresh event loop with random I/O delays. Passes with zero lost in every trial; tells how many requests
     * still waited for I/O at once (a fix that serialises every request passes, and is told so).
     */
    public static Verdict asyncCounter(String title, Supplier<? extends EventLoop.AsyncCounter> factory) {
        Require.notNull("handler factory", factory);
        return Exercise.check(title, () -> {
            Profile p = Profile.current();
            Result r = EventLoop.of("your handler", factory::get).requests(100).trials(p.pick(60, 500))
                    .seconds(p.pick(3, 20)).run();
            long[] lost = r.samples().longs("lost");
            long bad = java.util.Arrays.stream(lost).filter(v -> v != 0).count();
            if (lost.length == 0) return Exercise.fail("not one trial finished within the time budget").with(r);
            if (bad > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials (100 requests each)",
                        (long) Stats.of(lost).sum(), bad, lost.length).with(r);
            }
            double waiting = r.value("median_max_waiting");
            Exercise.Outcome o = Exercise.pass("0 updates lost in %,d of %,d trials (100 requests each, random I/O "
                    + "delays); up to %.0f requests waited for I/O at once", lost.length, lost.length, waiting).with(r);
            if (waiting <= 1) {
                o.detail("Correct — but your requests waited for I/O one at a time (a trial took %.1f ms). Can you "
                        + "keep them concurrent and still lose nothing?", r.value("median_trial_ms"));
            }
            return o;
        });
    }

    // --- a polite client (notebook 08) ---------------------------------------------------------------------------

    /** The learner's client: runs every request (each returns an HTTP status) and returns the statuses. */
    @FunctionalInterface
    public interface Client {
        List<Integer> fetchAll(List<Callable<Integer>> requests) throws Exception;
    }

    /**
     * A client that sends 200 requests concurrently but never more than 10 at once: a local server (loopback, 20 ms
     * per request) answers 429 above 10 in flight. Passes when all 200 get 200 OK, the server never saw more than
     * 10, and more than one was in flight at some moment.
     */
    public static Verdict politeClient(String title, Client client) {
        Require.notNull("client", client);
        int n = 200, limit = 10;
        return Exercise.check(title, () -> {
            try (LocalServer server = LocalServer.start(limit, Duration.ofMillis(20));
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpRequest get = HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(10)).GET().build();
                AtomicInteger calls = new AtomicInteger();
                List<Callable<Integer>> requests = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    requests.add(() -> {
                        calls.incrementAndGet();
                        return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                    });
                }
                long t0 = System.nanoTime();
                List<Integer> statuses = runWithin(() -> client.fetchAll(requests), Duration.ofSeconds(8));
                double ms = (System.nanoTime() - t0) / 1e6;
                if (statuses == null) return Exercise.fail("fetchAll returned null instead of the %d statuses", n);
                long ok = statuses.stream().filter(s -> s != null && s == 200).count();
                long tooMany = statuses.stream().filter(s -> s != null && s == 429).count();
                if (tooMany > 0 || server.rejected() > 0) {
                    return Exercise.fail("the server answered 429 Too Many Requests %,d times: it saw %d requests in "
                            + "flight at once (allowed: %d)", server.rejected(), server.maxInFlight(), limit);
                }
                if (calls.get() != n || statuses.size() != n || ok != n) {
                    return Exercise.fail("%,d of %,d requests were sent and %,d statuses came back, %,d of them 200 OK",
                            calls.get(), n, statuses.size(), ok);
                }
                if (server.maxInFlight() < 2) {
                    return Exercise.fail("all %d requests got 200 OK, but one at a time (%.0f ms): send them "
                            + "concurrently, from virtual threads, at most %d at once", n, ms, limit);
                }
                return Exercise.pass("%d of %d requests got 200 OK, no 429; the server saw at most %d in flight "
                        + "(allowed: %d); %.0f ms in all", ok, n, server.maxInFlight(), limit, ms);
            }
        });
    }

    // --- a bounded channel (notebook 05) -------------------------------------------------------------------------

    /** A channel with room for a fixed number of messages: {@code send} blocks when full, {@code receive} when empty. */
    public interface BoundedChannel<T> {
        void send(T message) throws InterruptedException;

        T receive() throws InterruptedException;
    }

    /**
     * A bounded channel: {@code send} must block when it is full and {@code receive} when it is empty; then 4
     * producers × 10,000 messages through a channel of 8 to 4 consumers: every message must arrive exactly once.
     */
    public static Verdict channel(String title, IntFunction<? extends BoundedChannel<Integer>> factory) {
        Require.notNull("channel factory", factory);
        return Exercise.check(title, () -> {
            int cap = 4;
            BoundedChannel<Integer> ch = factory.apply(cap);
            for (int i = 0; i < cap; i++) ch.send(i); // must not block: there is room
            try (Crew crew = Crew.virtual("exercise-channel")) {
                AtomicInteger sent = new AtomicInteger();
                crew.start(() -> {
                    try {
                        ch.send(cap);
                        sent.set(1);
                    } catch (InterruptedException e) {
                        // stopped by the check
                    }
                });
                Thread.sleep(300);
                if (sent.get() == 1) {
                    return Exercise.fail("send returned although the channel already held its %d messages", cap);
                }
                Integer first = ch.receive();
                if (!crew.joinAll(Duration.ofSeconds(2))) {
                    return Exercise.fail("a send blocked on a full channel did not go through after a receive made room");
                }
                if (first == null || first != 0) return Exercise.fail("the first message received was %s, not 0", first);
                for (int i = 1; i <= cap; i++) {
                    Integer m = ch.receive();
                    if (m == null || m != i) return Exercise.fail("message %d came out as %s: order or content changed", i, m);
                }
            }
            try (Crew crew = Crew.virtual("exercise-channel")) {
                AtomicInteger got = new AtomicInteger(-1);
                crew.start(() -> {
                    try {
                        got.set(ch.receive());
                    } catch (InterruptedException e) {
                        // stopped by the check
                    }
                });
                Thread.sleep(200);
                if (got.get() != -1) return Exercise.fail("receive returned %d from an empty channel", got.get());
                ch.send(42);
                if (!crew.joinAll(Duration.ofSeconds(2)) || got.get() != 42) {
                    return Exercise.fail("a receive waiting on an empty channel did not get the message sent to it");
                }
            }
            int producers = 4, consumers = 4, each = 10_000, total = producers * each;
            BoundedChannel<Integer> busy = factory.apply(8);
            BitSet seen = new BitSet(total);
            AtomicInteger duplicates = new AtomicInteger(), received = new AtomicInteger();
            long t0 = System.nanoTime();
            try (Crew crew = Crew.platform("exercise-channel")) {
                for (int p = 0; p < producers; p++) {
                    int base = p * each;
                    crew.start(() -> {
                        for (int i = 0; i < each; i++) {
                            try {
                                busy.send(base + i);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                }
                for (int c = 0; c < consumers; c++) {
                    crew.start(() -> {
                        while (received.get() < total) {
                            Integer m;
                            try {
                                m = busy.receive();
                            } catch (InterruptedException e) {
                                return;
                            }
                            if (m == null || m < 0) continue;
                            if (m >= total) return; // the check's own stop message
                            synchronized (seen) {
                                if (seen.get(m)) duplicates.incrementAndGet();
                                seen.set(m);
                            }
                            received.incrementAndGet();
                        }
                    });
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (received.get() < total && System.nanoTime() < deadline) Thread.sleep(5);
                // release consumers still waiting in receive
                for (int c = 0; c < consumers; c++) {
                    Thread t = Thread.ofVirtual().start(() -> {
                        try {
                            busy.send(Integer.MAX_VALUE);
                        } catch (InterruptedException e) {
                            // the crew is closing
                        }
                    });
                    t.join(Duration.ofMillis(200));
                    t.interrupt();
                }
            }
            int missing;
            synchronized (seen) {
                missing = total - seen.cardinality();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (missing > 0 || duplicates.get() > 0) {
                return Exercise.fail("%,d producers × %,d messages through a channel of 8: %,d never arrived, %,d "
                        + "arrived twice", producers, each, missing, duplicates.get());
            }
            return Exercise.pass("send blocked when full, receive blocked when empty, and %,d messages from %d "
                    + "producers reached %d consumers exactly once (%.0f ms)", total, producers, consumers, ms);
        });
    }

    /** Runs {@code work} in a virtual thread; interrupts it and fails after {@code limit}. */
    static <T> T runWithin(Callable<T> work, Duration limit) throws Exception {
        Object[] out = new Object[1];
        Exception[] err = new Exception[1];
        try (Crew crew = Crew.virtual("exercise-run")) {
            crew.start(() -> {
                try {
                    out[0] = work.call();
                } catch (Exception e) {
                    err[0] = e;
                }
            });
            if (!crew.joinAll(limit)) {
                throw new IllegalStateException("your code did not finish within " + limit.toSeconds() + " s");
            }
        }
        if (err[0] != null) throw err[0];
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }
}
