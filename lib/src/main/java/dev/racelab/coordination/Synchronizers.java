package dev.racelab.coordination;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The synchronizers of {@code java.util.concurrent}, each in one small measured experiment that checks the promise it
 * makes and times what it costs: {@code CountDownLatch} (Go's WaitGroup), {@code CyclicBarrier}, {@code Phaser},
 * {@code Semaphore} (fair and unfair) and {@code Exchanger}. {@code Synchronizers.latch().run()}
 */
public final class Synchronizers {
    private Synchronizers() {}

    static final Duration LIMIT = Duration.ofSeconds(5);

    /** A blocking call with a time limit; an interrupt ends the experiment, a timeout or broken barrier fails it. */
    interface Timed<T> {
        T call() throws InterruptedException, java.util.concurrent.TimeoutException, java.util.concurrent.BrokenBarrierException;
    }

    static <T> T timed(String what, Timed<T> c) {
        return Budget.call(() -> {
            try {
                return c.call();
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.BrokenBarrierException e) {
                throw new IllegalStateException(what + " did not happen within " + LIMIT.toSeconds() + " s (" + e + ")", e);
            }
        });
    }

    /** Spins for about {@code ns} nanoseconds: work that keeps a core busy. */
    static void spin(long ns) {
        long end = System.nanoTime() + ns;
        while (System.nanoTime() - end < 0) Thread.onSpinWait();
    }

    // --- CountDownLatch -----------------------------------------------------------------------------------------

    /**
     * Wait for all workers: 8 workers each work 0.2–2 ms, mark themselves done and count down; the waiter returns
     * from {@code await}. Per trial: did the waiter ever see a worker not done (never allowed), and how long after the
     * last count-down it woke. {@code Synchronizers.latch().run()}
     */
    public static Result latch() {
        return latch(Profile.quickOrFull(60, 400), 8);
    }

    public static Result latch(int trials, int workers) {
        Require.inRange("trials", trials, 1, 100_000);
        Require.inRange("workers", workers, 1, 256);
        DataTable t = new DataTable("trial", "early", "wake_us");
        Budget.Meter meter = Budget.of(trials, Duration.ofSeconds(6)).start();
        while (meter.more()) {
            CountDownLatch done = new CountDownLatch(workers);
            AtomicIntegerArray finished = new AtomicIntegerArray(workers);
            AtomicLong lastCount = new AtomicLong();
            long woke;
            int early = 0;
            try (Crew crew = Crew.platform("latch")) {
                for (int i = 0; i < workers; i++) {
                    int id = i;
                    crew.start(() -> {
                        spin(ThreadLocalRandom.current().nextLong(200_000, 2_000_000));
                        finished.set(id, 1);
                        lastCount.accumulateAndGet(System.nanoTime(), Math::max);
                        done.countDown();
                    });
                }
                if (!Budget.call(() -> done.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS))) {
                    throw new IllegalStateException("the latch did not open within " + LIMIT.toSeconds() + " s");
                }
                woke = System.nanoTime();
                for (int i = 0; i < workers; i++) if (finished.get(i) == 0) early++;
            }
            t.add(meter.done() + 1, early, (woke - lastCount.get()) / 1e3);
            meter.count();
        }
        long early = t.rows().stream().filter(r -> ((Number) r[1]).intValue() > 0).count();
        return Result.builder("latch", "CountDownLatch: wait for all workers").samples(t).ended(meter)
                .param("workers", workers)
                .figure("trials", t.size(), "trials").figure("early_wakeups", early, "trials")
                .figure("median_wake_us", Interval.median(t.doubles("wake_us")), "µs")
                .figure("p99_wake_us", Interval.percentile(t.doubles("wake_us"), 99), "µs")
                .note("Each worker spins 0.2–2 ms, sets its done flag, then counts down; the waiter checks every flag "
                        + "the moment await returns.")
                .explainer(SyncExplain::latch)
                .chart(r -> Charts.binnedHistogram("Waiter woke after the last count-down", "µs", "µs",
                        longs(t.doubles("wake_us")), 30))
                .build();
    }

    static long[] longs(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.round(v[i]);
        return out;
    }

    // --- CyclicBarrier --------------------------------------------------------------------------------------------

    /**
     * Threads meeting in rounds: each does 0–100 µs of work per round, then waits at the barrier. A thread that
     * starts round r+1 while another has not arrived in round r is a violation (never allowed). The first to
     * arrive waits for the last: how long, per round. {@code Synchronizers.barrier().run()}
     */
    public static Result barrier() {
        return barrier(3, Profile.quickOrFull(300, 3_000));
    }

    public static Result barrier(int parties, int rounds) {
        Require.inRange("parties", parties, 2, 64);
        Require.inRange("rounds", rounds, 1, 1_000_000);
        AtomicIntegerArray arrived = new AtomicIntegerArray(rounds);
        long[] firstArrival = new long[rounds], lastArrival = new long[rounds];
        AtomicInteger violations = new AtomicInteger(), actions = new AtomicInteger();
        AtomicInteger round = new AtomicInteger();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE), last = new AtomicLong(Long.MIN_VALUE);
        CyclicBarrier b = new CyclicBarrier(parties, () -> { // runs once per round, by the last to arrive
            int r = round.getAndIncrement();
            firstArrival[r] = first.getAndSet(Long.MAX_VALUE);
            lastArrival[r] = last.getAndSet(Long.MIN_VALUE);
            actions.incrementAndGet();
        });
        long t0 = System.nanoTime();
        boolean finished;
        try (Crew crew = Crew.platform("barrier")) {
            for (int p = 0; p < parties; p++) {
                crew.start(() -> {
                    for (int r = 0; r < rounds; r++) {
                        if (r > 0 && arrived.get(r - 1) != parties) violations.incrementAndGet();
                        spin(ThreadLocalRandom.current().nextLong(0, 100_000));
                        long now = System.nanoTime();
                        first.accumulateAndGet(now, Math::min);
                        last.accumulateAndGet(now, Math::max);
                        arrived.incrementAndGet(r);
                        timed("the barrier's release", () -> b.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
                    }
                });
            }
            finished = crew.joinAll(LIMIT.multipliedBy(2));
        }
        if (!finished) throw new IllegalStateException("the barrier's threads did not finish their rounds");
        double wall = (System.nanoTime() - t0) / 1e9;
        DataTable t = new DataTable("round", "first_waited_us");
        for (int r = 0; r < rounds; r++) t.add(r + 1, (lastArrival[r] - firstArrival[r]) / 1e3);
        return Result.builder("barrier", "CyclicBarrier: threads meet in rounds").samples(t)
                .param("parties", parties).param("rounds", rounds)
                .figure("rounds", rounds, "rounds").figure("barrier_actions", actions.get(), "")
                .figure("violations", violations.get(), "").figure("rounds_per_s", rounds / wall, "rounds/s")
                .figure("median_first_waited_us", Interval.median(t.doubles("first_waited_us")), "µs")
                .note("Each of " + parties + " threads spins 0–100 µs per round, then awaits; the barrier action records "
                        + "the first and last arrival of the round.")
                .explainer(SyncExplain::barrier)
                .chart(r -> Charts.binnedHistogram("How long the first arrival waited for the last, per round", "µs", "µs",
                        longs(t.doubles("first_waited_us")), 30))
                .build();
    }

    // --- Phaser -----------------------------------------------------------------------------------------------------

    /**
     * A barrier whose party count changes: worker i (of 4) takes part in i+1 phases, then deregisters; a phase
     * advances when every party registered at that moment has arrived. Per phase: arrivals counted against the
     * parties registered (a mismatch is never allowed). {@code Synchronizers.phaser().run()}
     */
    public static Result phaser() {
        return phaser(4);
    }

    public static Result phaser(int workers) {
        Require.inRange("workers", workers, 1, 32);
        Phaser ph = new Phaser(1); // the coordinator
        int phases = workers;
        AtomicIntegerArray arrivals = new AtomicIntegerArray(phases + 1);
        int[] registered = new int[phases + 1];
        long[] phaseNs = new long[phases + 1];
        try (Crew crew = Crew.platform("phaser")) {
            for (int i = 0; i < workers; i++) {
                int stay = i + 1;
                ph.register();
                crew.start(() -> {
                    for (int k = 0; k < stay; k++) {
                        spin(ThreadLocalRandom.current().nextLong(50_000, 500_000));
                        arrivals.incrementAndGet(ph.getPhase());
                        if (k == stay - 1) ph.arriveAndDeregister();
                        else timed("a phase advance", () -> ph.awaitAdvanceInterruptibly(ph.arrive(), LIMIT.toMillis(), TimeUnit.MILLISECONDS));
                    }
                });
            }
            for (int p = 0; p < phases; p++) {
                registered[p] = workers - p; // worker i takes part in phases 0..i
                long t0 = System.nanoTime();
                int at = ph.getPhase();
                timed("a phase advance", () -> ph.awaitAdvanceInterruptibly(ph.arrive(), LIMIT.toMillis(), TimeUnit.MILLISECONDS));
                phaseNs[at] = System.nanoTime() - t0;
            }
            ph.arriveAndDeregister();
            if (!crew.joinAll(LIMIT)) throw new IllegalStateException("the phaser's workers did not finish");
        }
        DataTable t = new DataTable("phase", "workers_registered", "arrivals", "phase_ms");
        int mismatches = 0, used = 0;
        for (int p = 0; p < phases; p++) {
            t.add(p, registered[p], arrivals.get(p), phaseNs[p] / 1e6);
            if (registered[p] != arrivals.get(p)) mismatches++;
            used++;
        }
        return Result.builder("phaser", "Phaser: a barrier whose parties come and go").samples(t).showSamples()
                .param("workers", workers)
                .figure("phases", used, "phases").figure("mismatches", mismatches, "phases")
                .figure("max_workers", workers, "").explainer(SyncExplain::phaser)
                .chart(r -> Charts.bars("Workers registered and arrivals, per phase", "", "threads",
                        phaseBars(t), false))
                .build();
    }

    static Map<String, Map<String, Number>> phaseBars(DataTable t) {
        Map<String, Map<String, Number>> m = new LinkedHashMap<>();
        m.put("registered", new LinkedHashMap<>());
        m.put("arrived", new LinkedHashMap<>());
        for (Object[] row : t.rows()) {
            m.get("registered").put("phase " + row[0], (Number) row[1]);
            m.get("arrived").put("phase " + row[0], (Number) row[2]);
        }
        return m;
    }

    // --- Semaphore ------------------------------------------------------------------------------------------------

    /**
     * 6 threads share 2 permits for {@code ms} milliseconds each way, unfair then fair (interleaved in 3 rounds): each
     * holds a permit for ~50 µs of work. Never more than 2 holders at once (checked); the wait of every acquisition
     * is recorded: its tail is what fairness changes. {@code Synchronizers.semaphore().run()}
     */
    public static Result semaphore() {
        return semaphore(6, 2, Profile.quickOrFull(150, 1_000));
    }

    public static Result semaphore(int threads, int permits, int ms) {
        Require.inRange("threads", threads, 2, 64);
        Require.inRange("permits", permits, 1, threads - 1);
        Require.inRange("milliseconds", ms, 20, 60_000);
        DataTable t = new DataTable("fair", "round", "thread", "acquisitions", "p99_wait_us", "max_holders");
        Map<Boolean, List<Double>> waits = new LinkedHashMap<>();
        for (int round = 1; round <= 3; round++) {
            for (boolean fair : new boolean[] {false, true}) {
                Semaphore s = new Semaphore(permits, fair);
                AtomicInteger holders = new AtomicInteger(), maxHolders = new AtomicInteger();
                List<List<Double>> perThread = new ArrayList<>();
                for (int i = 0; i < threads; i++) perThread.add(new ArrayList<>());
                long end = System.nanoTime() + ms * 1_000_000L;
                try (Crew crew = Crew.platform("semaphore")) {
                    for (int i = 0; i < threads; i++) {
                        List<Double> mine = perThread.get(i);
                        crew.start(() -> {
                            while (System.nanoTime() - end < 0 && !crew.stopping()) {
                                long w0 = System.nanoTime();
                                Budget.step(s::acquire);
                                mine.add((System.nanoTime() - w0) / 1e3);
                                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                                spin(50_000);
                                holders.decrementAndGet();
                                s.release();
                            }
                        });
                    }
                    if (!crew.joinAll(Duration.ofMillis(ms).plus(LIMIT))) throw new IllegalStateException("semaphore workers did not stop");
                }
                for (int i = 0; i < threads; i++) {
                    double[] w = perThread.get(i).stream().mapToDouble(Double::doubleValue).toArray();
                    waits.computeIfAbsent(fair, k -> new ArrayList<>()).addAll(perThread.get(i));
                    t.add(fair, round, i, w.length, w.length == 0 ? Double.NaN : Interval.percentile(w, 99).estimate(), maxHolders.get());
                }
            }
        }
        Result.Builder b = Result.builder("semaphore", "Semaphore: " + permits + " permits, " + threads + " threads, unfair and fair")
                .samples(t).param("threads", threads).param("permits", permits).param("ms", ms);
        int maxHolders = t.rows().stream().mapToInt(r -> ((Number) r[5]).intValue()).max().orElse(0);
        b.figure("max_holders", maxHolders, "threads");
        for (boolean fair : new boolean[] {false, true}) {
            String k = fair ? "fair" : "unfair";
            double[] w = waits.getOrDefault(fair, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
            long total = w.length;
            b.figure(k + "_acquisitions", total, "").figure(k + "_p99_wait_us", Interval.percentile(w, 99), "µs")
                    .figure(k + "_median_wait_us", Interval.median(w), "µs")
                    .figure(k + "_starved_threads", t.rows().stream().filter(r -> (Boolean) r[0] == fair && ((Number) r[3]).intValue() == 0).count(), "");
        }
        return b.explainer(SyncExplain::semaphore)
                .note("Waits are per acquisition (all threads, 3 interleaved rounds of " + ms + " ms each way); each holder spins 50 µs.")
                .chart(r -> Charts.intervalDots("Wait for a permit (99th percentile, 95 % interval)", "µs",
                        List.of("unfair", "fair"),
                        new double[] {r.value("unfair_p99_wait_us"), r.value("fair_p99_wait_us")},
                        new double[] {r.interval("unfair_p99_wait_us").low(), r.interval("fair_p99_wait_us").low()},
                        new double[] {r.interval("unfair_p99_wait_us").high(), r.interval("fair_p99_wait_us").high()}))
                .build();
    }

    // --- Exchanger ------------------------------------------------------------------------------------------------

    /**
     * Two threads swap buffers: the filler fills one while the drainer empties the other, then they exchange. Every
     * value must arrive once (checked by sum); the time of each exchange is what the hand-over costs.
     * {@code Synchronizers.exchanger().run()}
     */
    public static Result exchanger() {
        return exchanger(Profile.quickOrFull(2_000, 20_000), 64);
    }

    public static Result exchanger(int swaps, int size) {
        Require.inRange("swaps", swaps, 1, 10_000_000);
        Require.inRange("buffer size", size, 1, 1 << 20);
        Exchanger<long[]> ex = new Exchanger<>();
        long[] exchangeNs = new long[swaps];
        AtomicLong received = new AtomicLong();
        long expected = 0;
        for (long i = 0; i < (long) swaps * size; i++) expected += i;
        long t0 = System.nanoTime();
        try (Crew crew = Crew.platform("exchanger")) {
            crew.start(() -> {
                long[] buf = new long[size];
                long next = 0;
                for (int s = 0; s < swaps; s++) {
                    for (int i = 0; i < size; i++) buf[i] = next++;
                    long w0 = System.nanoTime();
                    long[] b = buf;
                    buf = timed("an exchange", () -> ex.exchange(b, LIMIT.toMillis(), TimeUnit.MILLISECONDS));
                    exchangeNs[s] = System.nanoTime() - w0;
                }
            });
            crew.start(() -> {
                long[] buf = new long[size];
                long sum = 0;
                for (int s = 0; s < swaps; s++) {
                    long[] b = buf;
                    buf = timed("an exchange", () -> ex.exchange(b, LIMIT.toMillis(), TimeUnit.MILLISECONDS));
                    for (int i = 0; i < size; i++) sum += buf[i];
                }
                received.set(sum);
            });
            if (!crew.joinAll(LIMIT.multipliedBy(2))) throw new IllegalStateException("the exchanging threads did not finish");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        DataTable t = new DataTable("swap", "exchange_us");
        for (int s = 0; s < swaps; s++) t.add(s + 1, exchangeNs[s] / 1e3);
        return Result.builder("exchanger", "Exchanger: two threads swap buffers").samples(t)
                .param("swaps", swaps).param("buffer", size)
                .figure("swaps", swaps, "").figure("values_lost", received.get() == expected ? 0 : 1, "")
                .figure("swaps_per_s", swaps / wall, "swaps/s")
                .figure("median_exchange_us", Interval.median(t.doubles("exchange_us")), "µs")
                .explainer(SyncExplain::exchanger)
                .chart(r -> Charts.binnedHistogram("Time of one exchange (the filler's side)", "µs", "µs",
                        longs(t.doubles("exchange_us")), 30))
                .build();
    }
}
