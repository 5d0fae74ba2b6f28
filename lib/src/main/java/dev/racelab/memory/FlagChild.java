package dev.racelab.memory;

import dev.racelab.core.JitState;

/**
 * The child JVM of {@link Visibility}: a worker thread spins until it sees a stop flag that the main thread sets,
 * run after run, and each run prints one line: {@code run <i> <flag> <jit state> <delay ns | never> <jit after | ->}.
 * A worker that has not stopped {@code limit} ms after the flag was set cannot be stopped at all (Java has no way to
 * end a spinning thread), so the child prints "never" for it and halts: one JVM per stuck worker.
 */
public final class FlagChild {
    private FlagChild() {}

    /** A plain flag: nothing forces the compiled loop to read {@code stop} again. */
    static final class PlainWorker implements Runnable {
        boolean stop;
        volatile long seenAt;
        volatile long spins;

        @Override
        public void run() {
            long n = 0;
            while (!stop) n++;
            seenAt = System.nanoTime();
            spins = n;
        }
    }

    /** The same loop with a volatile flag: every iteration reads it. */
    static final class VolatileWorker implements Runnable {
        volatile boolean stop;
        volatile long seenAt;
        volatile long spins;

        @Override
        public void run() {
            long n = 0;
            while (!stop) n++;
            seenAt = System.nanoTime();
            spins = n;
        }
    }

    /** args: plain|volatile RUNS WARM_MICROS LIMIT_MILLIS */
    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        boolean plain = args[0].equals("plain");
        int runs = Integer.parseInt(args[1]);
        long warmMicros = Long.parseLong(args[2]);
        long limitMillis = Long.parseLong(args[3]);
        Class<?> loop = plain ? PlainWorker.class : VolatileWorker.class;
        JitState.of(loop, "run"); // the first question starts the JVM's management server: 0.1 s or more, not inside a run
        int seenC2 = 0; // after three runs in a row found the loop C2-compiled, stop asking (each question costs ms)
        for (int i = 1; i <= runs; i++) {
            PlainWorker pw = plain ? new PlainWorker() : null;
            VolatileWorker vw = plain ? null : new VolatileWorker();
            Thread t = new Thread(plain ? pw : vw, "spinner-" + i);
            t.setDaemon(true);
            t.start();
            // the main thread sleeps while the worker spins, so the two need not share a core; the warm-up doubles
            // from run to run (up to warmMicros), so the first runs set the flag while the loop is still interpreted
            long warm = Math.min(warmMicros, 25L << Math.min(20, i - 1));
            java.util.concurrent.locks.LockSupport.parkNanos(warm * 1_000);
            long t0 = System.nanoTime();
            if (plain) pw.stop = true; else vw.stop = true;
            t.join(limitMillis);
            // read once the worker is out (or the limit passed), so the main thread's question does not compete with
            // the worker for a core while it is being timed
            String jitAtStop = seenC2 >= 3 ? "C2" : JitState.shortForm(JitState.of(loop, "run"));
            seenC2 = jitAtStop.equals("C2") ? seenC2 + 1 : 0;
            if (t.isAlive()) {
                String jitAfter = JitState.shortForm(JitState.of(loop, "run"));
                System.out.println("run " + i + " " + args[0] + " " + jitAtStop + " never " + jitAfter);
                System.out.flush();
                Runtime.getRuntime().halt(0); // the spinning worker cannot be ended any other way
            }
            long seen = plain ? pw.seenAt : vw.seenAt;
            System.out.println("run " + i + " " + args[0] + " " + jitAtStop + " " + Math.max(0, seen - t0) + " -");
            System.out.flush();
        }
    }
}
