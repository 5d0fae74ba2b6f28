package dev.racelab.locks;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Workers fighting for one lock, watched from outside: every millisecond the state of each worker
 * (RUNNABLE, BLOCKED, WAITING, TIMED_WAITING) is sampled. Each worker holds the lock for a short piece of work
 * ({@code holdMicros}, busy), then sleeps briefly outside it ({@code sleepMicros}, its "I/O").
 * {@code ThreadStates.synchronizedLock().workers(6).run()}
 *
 * <p>RUNNABLE means "may run", not "is running": the holder, a thread between two turns, a thread that spins a
 * little before it blocks, and any of them waiting for a free core all look the same from outside.
 */
public final class ThreadStates {
    private final boolean intrinsic;
    private int workers = 4;
    private Duration duration = Duration.ofMillis(800);
    private int holdMicros = 300;
    private int sleepMicros = 100;

    private ThreadStates(boolean intrinsic) {
        this.intrinsic = intrinsic;
    }

    /** The workers use {@code synchronized}: a waiting thread is BLOCKED. */
    public static ThreadStates synchronizedLock() {
        return new ThreadStates(true);
    }

    /** The workers use {@code ReentrantLock}: a waiting thread is parked, so WAITING. */
    public static ThreadStates reentrantLock() {
        return new ThreadStates(false);
    }

    /** A range {@code workers} checks; its terminal option's help names the same constant. */
    public static final String WORKERS_RANGE = "1..64";

    public ThreadStates workers(int n) {
        this.workers = Require.inRange("workers", n, WORKERS_RANGE);
        return this;
    }

    public ThreadStates millis(int ms) {
        this.duration = Duration.ofMillis(Require.inRange("duration (ms)", ms, 50, 60_000));
        return this;
    }

    /** A range {@code holdMicros} checks; its terminal option's help names the same constant. */
    public static final String HOLD_MICROS_RANGE = "1..100000";

    public ThreadStates holdMicros(int us) {
        this.holdMicros = Require.inRange("lock hold time (µs)", us, HOLD_MICROS_RANGE);
        return this;
    }

    /** A range {@code sleepMicros} checks; its terminal option's help names the same constant. */
    public static final String SLEEP_MICROS_RANGE = "0..100000";

    /** How long each worker sleeps outside the lock between two turns (its "I/O"): TIMED_WAITING. */
    public ThreadStates sleepMicros(int us) {
        this.sleepMicros = Require.inRange("sleep outside the lock (µs)", us, SLEEP_MICROS_RANGE);
        return this;
    }

    public Result run() {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        DataTable t = new DataTable("ms", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING");
        long[] acquisitions = new long[workers];
        long t0;
        long wall;
        try (Crew crew = Crew.platform("states")) {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                int id = i;
                ts.add(crew.start(() -> {
                    while (!crew.stopping()) {
                        if (intrinsic) {
                            synchronized (monitor) { spin(holdMicros); acquisitions[id]++; }
                        } else {
                            lock.lock();
                            try { spin(holdMicros); acquisitions[id]++; } finally { lock.unlock(); }
                        }
                        if (sleepMicros > 0) {
                            try {
                                Thread.sleep(Duration.ofNanos(sleepMicros * 1_000L)); // "I/O" outside the lock: TIMED_WAITING
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }));
            }
            t0 = System.nanoTime();
            long end = t0 + duration.toNanos();
            while (System.nanoTime() < end) {
                Budget.checkInterrupt();
                Map<Thread.State, Integer> n = new EnumMap<>(Thread.State.class);
                for (Thread th : ts) n.merge(th.getState(), 1, Integer::sum);
                t.add((System.nanoTime() - t0) / 1e6, n.getOrDefault(Thread.State.RUNNABLE, 0),
                        n.getOrDefault(Thread.State.BLOCKED, 0), n.getOrDefault(Thread.State.WAITING, 0),
                        n.getOrDefault(Thread.State.TIMED_WAITING, 0));
                Budget.step(() -> Thread.sleep(1));
            }
            wall = System.nanoTime() - t0;
        }
        long acquired = java.util.Arrays.stream(acquisitions).sum();
        double samples = t.size() * (double) workers;
        double runnable = sum(t, "RUNNABLE"), blocked = sum(t, "BLOCKED"), waiting = sum(t, "WAITING"), timed = sum(t, "TIMED_WAITING");
        String how = intrinsic ? "synchronized" : "ReentrantLock";
        return Result.builder("thread-states", workers + " workers fighting for one " + how + " lock")
                .param("lock", how).param("workers", workers).param("hold_us", holdMicros).param("sleep_us", sleepMicros)
                .param("ms", duration.toMillis()).param("load_average_1m", Throughput.loadAverage())
                .samples(t)
                .figure("share_runnable", runnable / samples, "")
                .figure("share_blocked", blocked / samples, "")
                .figure("share_waiting", waiting / samples, "")
                .figure("share_timed_waiting", timed / samples, "")
                .figure("share_waiting_for_lock", (blocked + waiting) / samples, "")
                .figure("acquisitions", acquired, "")
                // the lock was held for holdMicros per acquisition: how much of the time the gate was in use
                .figure("share_lock_held", Math.min(1, acquired * holdMicros * 1_000.0 / wall), "")
                .ended(t.size() + " samples, one per ms")
                .chart(r -> Charts.stackedArea("Thread states over time: " + workers + " workers, one " + how + " lock",
                        "time (ms)", "workers (mean of each " + BIN_MS + " ms)", List.of(series(t, "RUNNABLE"), series(t, "BLOCKED"),
                                series(t, "WAITING"), series(t, "TIMED_WAITING"))))
                .build();
    }

    private static double sum(DataTable t, String col) {
        double s = 0;
        for (double v : t.doubles(col)) s += v;
        return s;
    }

    /** The chart averages the 1-ms samples over bins of this width, so the layers read as bands, not spikes. */
    static final int BIN_MS = 10;

    private static Series series(DataTable t, String col) {
        double[] ms = t.doubles("ms"), v = t.doubles(col);
        int bins = (int) Math.ceil(ms.length == 0 ? 0 : (ms[ms.length - 1] + 1e-9) / BIN_MS);
        double[] x = new double[bins], y = new double[bins];
        int[] n = new int[bins];
        for (int i = 0; i < ms.length; i++) {
            int b = Math.min(bins - 1, (int) (ms[i] / BIN_MS));
            y[b] += v[i];
            n[b]++;
        }
        int k = 0;
        for (int b = 0; b < bins; b++) {
            if (n[b] == 0) continue;
            x[k] = (b + 0.5) * BIN_MS;
            y[k] = y[b] / n[b];
            k++;
        }
        return new Series(col, java.util.Arrays.copyOf(x, k), java.util.Arrays.copyOf(y, k));
    }

    static void spin(int micros) {
        long end = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    /** The {@code synchronized} run and the {@code ReentrantLock} run read together. */
    public static dev.racelab.render.Renderable explain(Result synchronizedRun, Result reentrantRun) {
        return synchronizedRun.explained(ThreadStatesExplain.explain(synchronizedRun, reentrantRun));
    }
}
