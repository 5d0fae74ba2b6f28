package dev.racelab.coordination;

import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cancellation in Java is a request: {@code interrupt()} sets a flag and wakes a thread blocked in an interruptible
 * call; a busy thread that never looks at the flag runs on. Three measured cases: a thread blocked in
 * {@code take()}, a busy thread that polls the flag, and one that ignores it; then a pool's {@code shutdown()} and
 * {@code shutdownNow()} with such tasks, counting the pool's threads still alive after each step.
 * {@code Cancellation.measure()}
 */
public final class Cancellation {
    private Cancellation() {}

    static final Duration GRACE = Duration.ofMillis(200);

    public static Result measure() {
        return measure(Profile.quickOrFull(30, 200));
    }

    /** Microseconds from {@code interrupt()} to the thread's end, or -1 if it had not ended after {@link #GRACE}. */
    static double stopAfterInterrupt(Thread t) {
        long t0 = System.nanoTime();
        t.interrupt();
        Budget.step(() -> t.join(GRACE));
        return t.isAlive() ? -1 : (System.nanoTime() - t0) / 1e3;
    }

    public static Result measure(int trials) {
        Require.inRange("trials", trials, 2, 10_000);
        DataTable t = new DataTable("case", "trial", "stop_us");
        int ignoredAlive = 0;
        for (int i = 1; i <= trials; i++) {
            Budget.checkInterrupt();
            // blocked in an interruptible call: interrupt wakes it with InterruptedException
            LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
            Thread blocked = null, polling = null;
            try {
                blocked = Thread.ofPlatform().name("racelab-cancel-blocked").daemon(true).start(() -> {
                    try {
                        q.take();
                    } catch (InterruptedException e) {
                        // the request to stop: end
                    }
                });
                while (blocked.getState() != Thread.State.WAITING && blocked.isAlive()) Budget.checkInterrupt();
                t.add("blocked in take()", i, stopAfterInterrupt(blocked));
                // busy, polling the flag between pieces of work
                polling = Thread.ofPlatform().name("racelab-cancel-polling").daemon(true).start(() -> {
                    while (!Thread.currentThread().isInterrupted()) Synchronizers.spin(10_000);
                });
                Budget.sleep(Duration.ofMillis(1));
                t.add("busy, polls the flag", i, stopAfterInterrupt(polling));
            } finally { // also when the stop button ends the experiment midway
                if (blocked != null) blocked.interrupt();
                if (polling != null) polling.interrupt();
            }
        }
        // busy and ignoring the flag (once: it costs the grace period); a volatile flag of its own stops it
        Ignorer ig = new Ignorer();
        Thread ignoring = Thread.ofPlatform().name("racelab-cancel-ignoring").daemon(true).start(ig);
        try {
            Budget.sleep(Duration.ofMillis(5));
            if (stopAfterInterrupt(ignoring) < 0) ignoredAlive = 1;
        } finally {
            ig.stop = true; // its own flag: the only way to stop it
        }
        Budget.step(() -> ignoring.join(Duration.ofSeconds(5)));
        boolean ignoringEnded = !ignoring.isAlive();

        // a pool with two sleeping tasks and two that ignore interrupts
        ExecutorService pool = Composing.pool("cancel-pool", 4);
        Ignorer[] busy = {new Ignorer(), new Ignorer()};
        int afterShutdown, afterShutdownNow, afterFlag;
        try {
            for (int k = 0; k < 2; k++) pool.submit(() -> { Thread.sleep(60_000); return null; });
            for (Ignorer b : busy) pool.submit(b);
            Budget.sleep(Duration.ofMillis(20));
            pool.shutdown(); // no new tasks; running ones go on
            Budget.call(() -> pool.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS));
            afterShutdown = alive("racelab-cancel-pool-");
            pool.shutdownNow(); // interrupts: the sleepers end, the busy ones do not look
            Budget.call(() -> pool.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS));
            afterShutdownNow = alive("racelab-cancel-pool-");
            for (Ignorer b : busy) b.stop = true; // their own flag: now they end
            boolean terminated = Budget.call(() -> pool.awaitTermination(5, TimeUnit.SECONDS));
            // A terminated pool's last worker may still be on its way out of run(): wait for the threads themselves
            afterFlag = terminated ? aliveAfterExit("racelab-cancel-pool-", Duration.ofSeconds(2)) : alive("racelab-cancel-pool-");
        } finally {
            for (Ignorer b : busy) b.stop = true;
            Composing.end(pool, "the cancellation pool");
        }
        double[] blockedUs = us(t, "blocked in take()"), pollingUs = us(t, "busy, polls the flag");
        long notStopped = t.rows().stream().filter(r -> ((Number) r[2]).doubleValue() < 0).count();
        return Result.builder("cancellation", "Interrupting blocked, polling and busy threads; shutting a pool down")
                .samples(t).param("trials", trials).param("grace_ms", GRACE.toMillis())
                .figure("blocked_stop_us", Interval.median(blockedUs), "µs")
                .figure("polling_stop_us", Interval.median(pollingUs), "µs")
                .figure("interrupted_not_stopped", notStopped, "threads")
                .figure("ignoring_alive_after_grace", ignoredAlive, "").figure("ignoring_ended_by_flag", ignoringEnded ? 1 : 0, "")
                .figure("pool_alive_after_shutdown", afterShutdown, "threads")
                .figure("pool_alive_after_shutdown_now", afterShutdownNow, "threads")
                .figure("pool_alive_after_flag", afterFlag, "threads")
                .note("Each case waits " + GRACE.toMillis() + " ms for a thread to end after it was asked.")
                .explainer(CancellationExplain::explain).build();
    }

    /** Busy work that never looks at the interrupt flag; only its own volatile flag stops it. */
    static final class Ignorer implements Runnable {
        volatile boolean stop;

        @Override
        public void run() {
            while (!stop) Synchronizers.spin(10_000);
        }
    }

    /** Threads of {@code prefix} still alive once they have had up to {@code max} to leave after their pool ended. */
    static int aliveAfterExit(String prefix, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        int n;
        while ((n = alive(prefix)) > 0 && System.nanoTime() - deadline < 0) Budget.sleep(Duration.ofMillis(5));
        return n;
    }

    static int alive(String prefix) {
        int n = 0;
        for (Thread th : Thread.getAllStackTraces().keySet()) if (th.getName().startsWith(prefix) && th.isAlive()) n++;
        return n;
    }

    static double[] us(DataTable t, String c) {
        return t.rows().stream().filter(r -> r[0].equals(c)).mapToDouble(r -> ((Number) r[2]).doubleValue())
                .filter(v -> v >= 0).toArray();
    }
}
