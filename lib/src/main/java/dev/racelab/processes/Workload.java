package dev.racelab.processes;

import java.util.concurrent.locks.LockSupport;

/**
 * The tasks every pool of notebook 06 runs, the same code in a worker process and in a thread, so the
 * comparison is pool against pool and not code against code.
 * {@code Workload.run("cpu", 2_000_000)}
 */
public final class Workload {
    /** Kinds a task may name: CPU-bound, blocking (a stand-in for I/O), and an echo that measures the pool itself. */
    public static final java.util.List<String> KINDS = java.util.List.of("cpu", "sleep", "echo");

    private Workload() {}

    /** Runs one task in the calling thread and returns its value. */
    public static long run(String kind, long arg) {
        return switch (kind) {
            case "cpu" -> cpu(arg);
            case "sleep" -> sleep(arg);
            case "echo" -> arg;
            default -> throw new IllegalArgumentException("task kind must be one of " + String.join(", ", KINDS)
                    + " (got " + kind + ")");
        };
    }

    /** CPU-bound: {@code rounds} steps of a xorshift generator; returns the state so the JIT cannot drop the loop. */
    public static long cpu(long rounds) {
        long x = 0x9E3779B97F4A7C15L ^ rounds;
        for (long i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** Blocking, like a call to a database: parks for {@code millis} and burns no CPU. Answers interrupt. */
    public static long sleep(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) throw new dev.racelab.core.Budget.Cancelled();
        }
        return millis;
    }

    /** How many {@link #cpu} rounds take about {@code millis} on this machine, measured in this (warmed) JVM. */
    public static long roundsFor(double millis) {
        dev.racelab.core.Require.inRange("milliseconds of work", millis, 0.001, 60_000);
        long rounds = 100_000;
        long sink = 0;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 12; i++) { // the first passes warm the loop up; keep the fastest of the others
            long t0 = System.nanoTime();
            sink += cpu(rounds);
            long ns = System.nanoTime() - t0;
            if (i >= 4) best = Math.min(best, ns);
        }
        if (sink == 42) System.out.print(""); // keeps the result alive
        double nsPerRound = (double) best / rounds;
        return Math.max(1, Math.round(millis * 1e6 / nsPerRound));
    }
}
