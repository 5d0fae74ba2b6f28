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
import dev.racelab.race.Interleavings;
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
import java.util.concurrent.atomic.AtomicLong;
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
            long[] pairs = actors(factory, 1_000, Duration.ofMillis(p.pick(1_000, 5_000)));
            if (pairs[1] + pairs[2] > 0) {
                return Exercise.fail("JCStress-style, two actors each called add(1) once on %,d fresh counters: %,d ended "
                        + "at 1 (a lost update, forbidden)%s; the start gate had found nothing in %,d trials", pairs[0],
                        pairs[1], pairs[2] > 0 ? String.format(java.util.Locale.ROOT, " and %,d at another value", pairs[2]) : "",
                        lost.length).with(gate);
            }
            long[] fenced = fenced(factory, 4, CALLS, 10_000, Duration.ofSeconds(p.pick(3, 20)));
            if (fenced[1] > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials of single add(1) calls (4 threads × "
                        + "%,d calls; the start gate had found nothing in %,d trials)", fenced[2], fenced[1], fenced[0],
                        CALLS, lost.length).with(gate);
            }
            return Exercise.pass("0 updates lost in %,d of %,d start-gate trials (4 threads × 10,000 increments) "
                    + "and in %,d trials of single add(1) calls (4 threads × %,d)", lost.length, lost.length, fenced[0], CALLS)
                    .detail("JCStress-style: two actors called add(1) once each on %,d fresh counters: all %,d ended at 2 "
                            + "(acceptable), none at 1 (a lost update, forbidden)", pairs[0], pairs[0])
                    .detail("start gate: %s", gate.ended())
                    .with(gate);
        });
    }

    /**
     * The JCStress way: many fresh counters per round, two actor threads released together that each call
     * {@code add(1)} once on every counter of the round in the same order, then an arbiter reads each counter.
     * The actors wait for a round by spinning on a volatile round number, not by parking, so both start within
     * nanoseconds of each other and really meet on the same counters. Returns {counters, ended at 1 (lost update),
     * ended at neither 1 nor 2}; stops early after 100 bad outcomes.
     */
    static long[] actors(Supplier<? extends Counter> factory, int perRound, Duration time) {
        Budget.Meter meter = Budget.of(1_000_000, time).start();
        long ones = 0, others = 0, counters = 0;
        Actors shared = new Actors();
        try (Crew crew = Crew.platform("exercise-actor")) {
            for (int a = 0; a < 2; a++) {
                crew.start(() -> {
                    int seen = 0;
                    while (true) {
                        int spins = 0;
                        while (shared.round == seen) {   // spin: a parked thread would start microseconds late
                            if (crew.stopping()) return;
                            if (++spins > 10_000) Thread.yield();
                            else Thread.onSpinWait();
                        }
                        seen = shared.round;
                        Counter[] cs = shared.counters;
                        if (cs == null) return;
                        try {
                            for (Counter c : cs) c.add(1);
                        } finally {
                            shared.done.incrementAndGet();
                        }
                    }
                });
            }
            while (meter.more() && ones + others < 100) {
                Counter[] cs = new Counter[perRound];
                for (int i = 0; i < perRound; i++) cs[i] = factory.get();
                shared.done.set(0);
                shared.counters = cs;
                shared.round++;                          // go
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (shared.done.get() < 2) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    Budget.checkInterrupt();
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("add(1) on " + perRound + " counters took over 10 s: is a thread stuck?");
                    }
                }
                for (Counter c : cs) {
                    long v = c.get();
                    if (v == 1) ones++;
                    else if (v != 2) others++;
                }
                counters += perRound;
                meter.count();
            }
            shared.counters = null;
            shared.round++;
        }
        return new long[] {counters, ones, others};
    }

    /** What the arbiter hands the two actors each round. */
    private static final class Actors {
        volatile int round;
        volatile Counter[] counters;
        final AtomicInteger done = new AtomicInteger();
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

    // --- replaying an interleaving (notebook 02) -----------------------------------------------------------------

    /** The learner's model of two threads doing count++ as read, add, write: the final count of a schedule. */
    @FunctionalInterface
    public interface Replay {
        long finalCount(String schedule);
    }

    /**
     * The learner's replay against the library's: every schedule of 2 threads × 2 increments (924 of them), then
     * random schedules of 3 to 5 increments each. Passes when every final count agrees.
     */
    public static Verdict replay(String title, Replay replay) {
        Require.notNull("replay", replay);
        return Exercise.check(title, () -> {
            List<String> all = new ArrayList<>();
            schedules("", 6, 6, all);
            java.util.Random rnd = new java.util.Random(2);
            int random = 300;
            for (int i = 0; i < random; i++) all.add(randomSchedule(3 + rnd.nextInt(3), rnd));
            int losing = 0;
            for (int i = 0; i < all.size(); i++) {
                String s = all.get(i);
                long expected = (long) Interleavings.replay(0, s).value("final");
                long yours = replay.finalCount(s);
                if (yours != expected) {
                    return Exercise.fail("schedule %s (%d increments per thread): you said %d, replaying it gives %d%s",
                            s, s.length() / 6, yours, expected, i < 924 ? "" : " (the 924 short schedules all agreed)")
                            .detail("Replay it step by step: Interleavings.replay(0, \"%s\")", s);
                }
                if (i < 924 && expected < 4) losing++;
            }
            return Exercise.pass("all %,d schedules of 2 threads × 2 increments and %d random longer ones give the same "
                    + "final count as the replay; %,d of the 924 short ones lose at least one update", 924, random, losing);
        });
    }

    private static void schedules(String prefix, int a, int b, List<String> out) {
        if (a == 0 && b == 0) {
            out.add(prefix);
            return;
        }
        if (a > 0) schedules(prefix + 'A', a - 1, b, out);
        if (b > 0) schedules(prefix + 'B', a, b - 1, out);
    }

    private static String randomSchedule(int k, java.util.Random rnd) {
        StringBuilder sb = new StringBuilder();
        int a = 3 * k, b = 3 * k;
        while (a + b > 0) {
            boolean alpha = rnd.nextInt(a + b) < a;
            sb.append(alpha ? 'A' : 'B');
            if (alpha) a--; else b--;
        }
        return sb.toString();
    }

    // --- transfers without deadlock (notebook 03) ----------------------------------------------------------------

    /** The learner's transfer: moves {@code amount} from one account to another, holding both accounts' locks. */
    @FunctionalInterface
    public interface Transfer {
        void transfer(Account from, Account to, long amount) throws Exception;
    }

    /**
     * 4 threads move money at random between 4 accounts (both directions between every pair), 20,000 transfers each
     * or until the time budget ends. Fails on a deadlock (found by the JVM's deadlock detector, or no progress for
     * 2 s: the stuck threads are interrupted and named), on money created or destroyed, or on an exception. The
     * accounts hold on ~2 µs after each lock is taken, which opens the deadlock window wide.
     */
    public static Verdict transfers(String title, Transfer transfer) {
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
                return Exercise.fail("a transfer threw %s: %s", e.getClass().getSimpleName(), e.getMessage());
            }
            if (deadlock != null) return Exercise.fail("%s", deadlock);
            long total = 0;
            for (Account a : accounts) total += a.balance();
            if (total != n * start) {
                return Exercise.fail("%,d transfers between %d accounts: the bank now holds %,d instead of %,d (%,d %s)",
                        done.get(), n, total, n * start, Math.abs(total - n * start), total < n * start ? "lost" : "created");
            }
            if (badAudits.get() > 0) {
                return Exercise.fail("an auditor holding all %d account locks counted %,d instead of %,d in %,d of %,d "
                        + "audits: money was in no account while no lock held the transfer — hold both locks from the "
                        + "withdrawal to the deposit", n, auditExample.get(), n * start, badAudits.get(), audits.get());
            }
            Exercise.Outcome o = Exercise.pass("%,d transfers by %d threads between %d accounts in %.0f ms: no deadlock, "
                    + "the bank still holds %,d and an auditor holding every lock counted exactly that in %,d of %,d audits; "
                    + "up to %d account locks were held at once", done.get(), threads, n, ms, total, audits.get(),
                    audits.get(), heldMax.get());
            if (heldMax.get() <= 2) {
                o.detail("Correct — but never more than one transfer held its locks at a time: transfers between "
                        + "unrelated accounts (1→2 and 3→4) could run together.");
            }
            return o;
        });
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

    // --- an atomic maximum (notebook 04) -------------------------------------------------------------------------

    /** The learner's running maximum: {@code offer} many values from many threads, {@code get} the largest so far. */
    public interface Maximum {
        void offer(long value);

        long get();
    }

    /**
     * 4 threads offer climbing, interleaved values while a fifth reads {@code get()} without pause: the maximum must
     * never go down, and must end at the largest value offered. Many trials within the time budget.
     */
    public static Verdict maximum(String title, Supplier<? extends Maximum> factory) {
        Require.notNull("maximum factory", factory);
        return Exercise.check(title, () -> {
            Maximum m = factory.get();
            for (long v : new long[] {5, 3, 9, 1, -4}) m.offer(v);
            if (m.get() != 9) return Exercise.fail("one thread offered 5, 3, 9, 1, -4 and get() returned %,d", m.get());
            Profile p = Profile.current();
            int threads = 4, each = 20_000;
            Budget.Meter meter = Budget.of(p.pick(400, 2_000), Duration.ofSeconds(p.pick(2, 10))).start();
            long drops = 0, badTrials = 0, wrongEnd = 0;
            long[] example = null;
            while (meter.more()) {
                Maximum max = factory.get();
                AtomicInteger finished = new AtomicInteger();
                long[] seen = {0, 0, 0}; // drops, example: the value read before, the lower value read after
                try (Crew crew = Crew.platform("exercise-maximum")) {
                    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                    for (int t = 0; t < threads; t++) {
                        int id = t;
                        crew.start(() -> {
                            try {
                                go.await();
                                for (int i = 0; i < each; i++) max.offer((long) i * threads + id);
                            } catch (InterruptedException e) {
                                return;
                            } finally {
                                finished.incrementAndGet();
                            }
                        });
                    }
                    crew.start(() -> {
                        long before = Long.MIN_VALUE;
                        while (finished.get() < threads) {
                            long now = max.get();
                            if (now < before) {
                                if (seen[0]++ == 0) {
                                    seen[1] = before;
                                    seen[2] = now;
                                }
                            }
                            before = Math.max(before, now);
                        }
                    });
                    go.countDown();
                    if (!crew.joinAll(Duration.ofSeconds(10))) throw new IllegalStateException("the threads did not stop");
                }
                long end = max.get(), want = (long) (each - 1) * threads + threads - 1;
                if (seen[0] > 0 || end != want) badTrials++;
                drops += seen[0];
                if (end != want) wrongEnd++;
                if (example == null && seen[0] > 0) example = new long[] {seen[1], seen[2]};
                meter.count();
                if (badTrials >= 5) break;
            }
            long trials = meter.done();
            if (badTrials > 0) {
                List<String> what = new ArrayList<>();
                if (drops > 0) what.add(String.format(java.util.Locale.ROOT, "a reader saw the maximum go down %,d times "
                        + "(e.g. get() returned %,d, then %,d)", drops, example[0], example[1]));
                if (wrongEnd > 0) what.add(String.format(java.util.Locale.ROOT, "in %,d trials it ended below the largest "
                        + "value offered", wrongEnd));
                return Exercise.fail("%s: %,d of %,d trials went wrong (%d threads × %,d offers)", String.join("; ", what),
                        badTrials, trials, threads, each);
            }
            return Exercise.pass("in %,d trials of %d threads × %,d offers, a reader never saw the maximum go down "
                    + "and it always ended at the largest value offered", trials, threads, each);
        });
    }

    // --- a worker pool that survives a crash (notebook 06) --------------------------------------------------------

    /** The learner's pool: computes every input on worker processes from {@code workers} and returns the results in order. */
    @FunctionalInterface
    public interface Supervisor {
        List<Long> runAll(List<Long> inputs, WorkerProcess.Factory workers) throws Exception;
    }

    /** The input that crashes its worker on every attempt in the check's second part. */
    static final long POISON = 666_666;

    /**
     * Part 1: 12 inputs, and two of the worker's calls crash their process mid-task — every result must still come
     * back, in order, exactly right. Part 2: one input crashes its worker on every attempt — runAll must give up
     * after at most 3 attempts and throw. After each part no worker process may be left running.
     */
    public static Verdict workerPool(String title, Supervisor supervisor) {
        Require.notNull("supervisor", supervisor);
        return Exercise.check(title, () -> {
            List<Long> inputs = new ArrayList<>();
            for (int i = 0; i < 12; i++) inputs.add(200_000L + 97_531L * i);
            java.util.Set<Integer> crashAt = java.util.Set.of(3, 8);
            try (dev.racelab.core.ChildProcesses kids = new dev.racelab.core.ChildProcesses()) {
                AtomicInteger calls = new AtomicInteger(), crashes = new AtomicInteger(), poisonCalls = new AtomicInteger();
                List<WorkerProcess> started = java.util.Collections.synchronizedList(new ArrayList<>());
                AtomicInteger aliveMax = new AtomicInteger();
                WorkerProcess.Faults faults = input -> {
                    if (input == POISON) {
                        poisonCalls.incrementAndGet();
                        return true;
                    }
                    boolean crash = crashAt.contains(calls.incrementAndGet());
                    if (crash) crashes.incrementAndGet();
                    return crash;
                };
                WorkerProcess.Factory factory = () -> {
                    Budget.checkInterrupt();
                    if (started.size() >= 20) {
                        throw new IllegalStateException("20 worker processes started already: is a retry loop running away?");
                    }
                    WorkerProcess w = WorkerProcess.start(kids, faults);
                    started.add(w);
                    int running = (int) started.stream().filter(WorkerProcess::isAlive).count();
                    aliveMax.accumulateAndGet(running, Math::max);
                    return w;
                };
                long t0 = System.nanoTime();
                List<Long> results;
                try {
                    results = runWithin(() -> supervisor.runAll(List.copyOf(inputs), factory), Duration.ofSeconds(30));
                } catch (WorkerProcess.Died e) {
                    return Exercise.fail("runAll threw WorkerProcess.Died: %s — catch it, close that worker, start a new "
                            + "one and compute the input again", e.getMessage());
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                List<WorkerProcess> left = running(started);
                if (results == null || results.size() != inputs.size()) {
                    return Exercise.fail("runAll returned %s results for %d inputs (%d worker crashes on the way)",
                            results == null ? "null instead of" : String.valueOf(results.size()), inputs.size(), crashes.get());
                }
                for (int i = 0; i < inputs.size(); i++) {
                    long want = dev.racelab.processes.Workload.cpu(inputs.get(i));
                    if (results.get(i) == null || results.get(i) != want) {
                        return Exercise.fail("result %d is %s, expected %d (the worker computes Workload.cpu(%d)); "
                                + "are the results in the order of the inputs?", i, results.get(i), want, inputs.get(i));
                    }
                }
                if (crashes.get() < crashAt.size()) {
                    return Exercise.fail("only %d calls reached a worker: every input needs one compute call", calls.get());
                }
                if (!left.isEmpty()) {
                    return Exercise.fail("all %d results right, but %d worker process(es) still ran after runAll returned: "
                            + "close every worker you start (pids %s)", inputs.size(), left.size(),
                            left.stream().map(w -> String.valueOf(w.pid())).toList());
                }
                int startedPart1 = started.size(), maxPart1 = aliveMax.get();
                // part 2: a task that crashes every time
                started.clear();
                List<Long> poisoned = List.of(inputs.get(0), POISON, inputs.get(1));
                Exception thrown = null;
                try {
                    runWithin(() -> supervisor.runAll(poisoned, factory), Duration.ofSeconds(30));
                } catch (IllegalStateException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("20 worker processes started")) {
                        return Exercise.fail("the input that crashes every time was tried %d times (%d processes started): "
                                + "give up after 3 attempts", poisonCalls.get(), started.size());
                    }
                    if (e.getMessage() != null && e.getMessage().startsWith("your code did not finish")) throw e;
                    thrown = e;
                } catch (Exception e) {
                    if (Exercise.notYetIn(e) != null) throw e;
                    thrown = e;
                }
                List<WorkerProcess> left2 = running(started);
                if (thrown == null) {
                    return Exercise.fail("runAll returned although input %d crashed its worker on all %d attempts: give up "
                            + "after 3 attempts and throw an exception that names the input", POISON, poisonCalls.get());
                }
                if (poisonCalls.get() > 3) {
                    return Exercise.fail("the input that crashes every time was tried %d times: give up after 3 attempts",
                            poisonCalls.get());
                }
                if (!left2.isEmpty()) {
                    return Exercise.fail("runAll gave up as it should, but left %d worker process(es) running: close "
                            + "workers in a finally block", left2.size());
                }
                Exercise.Outcome o = Exercise.pass("%d of %d results right after %d worker crashes (%d processes started, "
                        + "%.0f ms); an input that crashed every time was tried %d times, then runAll threw %s; no worker "
                        + "process left running", inputs.size(), inputs.size(), crashes.get(), startedPart1, ms,
                        poisonCalls.get(), describe(thrown));
                if (maxPart1 < 2) {
                    o.detail("Your pool ran one worker process at a time. Try two (one virtual thread each, taking inputs "
                            + "from a shared counter): on 2 cores the results come back about twice as fast.");
                }
                return o;
            }
        });
    }

    /** An exception as "Type (message)", looking through the wrappers an executor adds. */
    static String describe(Throwable e) {
        while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    private static List<WorkerProcess> running(List<WorkerProcess> started) {
        synchronized (started) {
            return started.stream().filter(WorkerProcess::isAlive).toList();
        }
    }

    // --- a bulkhead (notebook 07) --------------------------------------------------------------------------------

    /** The learner's server: runs each piece of work on its threads, a fast request or a slow export. */
    public interface Server extends AutoCloseable {
        /** Hands one piece of work to the server's threads; must return at once, not run it here. */
        void handle(Runnable work, boolean export);

        /** Stops every thread the server started. */
        @Override
        void close();
    }

    /**
     * The traffic of notebook 07 served by the learner's server: a fast request (1 ms) every 2 ms for 1.5 s, and 4
     * exports of 500 ms arriving together at 300 ms. Passes when every request and export finished and the fast
     * requests' p99 latency while exports ran stayed under 100 ms (a shared pool of 4 makes them wait ~500 ms).
     */
    public static Verdict bulkhead(String title, Supplier<? extends Server> factory) {
        Require.notNull("server factory", factory);
        return Exercise.check(title, () -> {
            long exportMs = 500;
            dev.racelab.scheduling.SlowExports traffic = dev.racelab.scheduling.SlowExports.of().exports(4)
                    .exportMillis(exportMs).durationMillis(1_500).intervalMillis(2);
            java.util.Set<Thread> platform = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger virtual = new AtomicInteger();
            dev.racelab.core.DataTable rows;
            try (Server server = factory.get()) {
                java.util.function.Function<Boolean, java.util.concurrent.Executor> via = export -> work -> server.handle(() -> {
                    Thread t = Thread.currentThread();
                    if (t.isVirtual()) virtual.incrementAndGet(); else platform.add(t);
                    work.run();
                }, export);
                rows = traffic.serve("your server", via.apply(false), via.apply(true));
            } catch (IllegalStateException e) {
                if (Exercise.notYetIn(e) != null) throw e;
                return Exercise.fail("%s", e.getMessage());
            }
            double from = traffic.exportAtMillis(), to = from + exportMs;
            dev.racelab.core.DataTable req = rows.where("kind", "request");
            double[] arrival = req.doubles("arrival_ms"), latency = req.doubles("latency_ms");
            List<Double> during = new ArrayList<>(), before = new ArrayList<>();
            for (int i = 0; i < arrival.length; i++) {
                if (arrival[i] >= from && arrival[i] < to) during.add(latency[i]);
                else if (arrival[i] < from) before.add(latency[i]);
            }
            Stats d = Stats.of(during.stream().mapToDouble(Double::doubleValue).toArray());
            Stats b = Stats.of(before.stream().mapToDouble(Double::doubleValue).toArray());
            Stats exports = Stats.of(rows.where("kind", "export").doubles("latency_ms"));
            String threads = platform.isEmpty() ? String.format(java.util.Locale.ROOT, "%,d virtual threads", virtual.get())
                    : String.format(java.util.Locale.ROOT, "%d platform threads%s", platform.size(),
                    virtual.get() > 0 ? " and virtual ones" : "");
            if (d.percentile(99) > exportMs / 5.0) {
                return Exercise.fail("while 4 exports ran, fast requests waited up to %.0f ms (p99 %.0f ms; before the "
                        + "exports p99 %.1f ms): they queued behind the exports", d.max(), d.percentile(99), b.percentile(99))
                        .detail("your server ran the work on %s", threads);
            }
            Exercise.Outcome o = Exercise.pass("while 4 exports of %d ms ran, fast requests took p99 %.1f ms (max %.1f ms; "
                    + "before the exports p99 %.1f ms); all %,d requests and 4 exports finished, the last export after %.0f ms; "
                    + "the work ran on %s", exportMs, d.percentile(99), d.max(), b.percentile(99), arrival.length,
                    exports.max(), threads);
            if (platform.size() > 8) {
                o.detail("That is a thread for nearly every concurrent piece of work: 1,000 exports at once would start "
                        + "1,000 threads. A bulkhead caps the exports' threads; virtual threads make the cap cheap.");
            }
            return o;
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
