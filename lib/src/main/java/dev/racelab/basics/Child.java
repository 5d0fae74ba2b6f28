package dev.racelab.basics;

/**
 * The small programs notebook 01 starts as child processes. Each prints plain lines on standard output, which
 * the parent reads (output of {@code inheritIO} would never reach a notebook). Every mode also ends when its
 * parent goes away, so no child outlives the experiment.
 */
public final class Child {
    private Child() {}

    /** A value the parent and the child each have their own copy of. */
    static int sharedValue = 42;

    public static void main(String[] args) throws Exception {
        watchParent();
        switch (args.length == 0 ? "" : args[0]) {
            case "noop" -> { }
            case "isolation" -> {
                // a new program: this JVM's sharedValue comes from its own class initialiser, not from the parent
                int newValue = Integer.parseInt(args[1]);
                System.out.println("before " + sharedValue);
                sharedValue = newValue;
                System.out.println("after " + sharedValue);
            }
            case "worker" -> worker(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "fate" -> fate(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]));
            default -> {
                System.err.println("usage: Child noop | isolation VALUE | worker ID MILLIS | fate exception|exit|heap N MILLIS FAIL_AFTER_MILLIS");
                System.exit(2);
            }
        }
        System.out.flush();
    }

    /**
     * Ends this JVM when its parent exits, however it ends (even killed). Watching the parent's process handle
     * costs nothing at exit; a thread blocked reading stdin would delay every exit by about 0.3 s.
     */
    private static void watchParent() {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    }

    /** A worker in a multi-process setup: busy for {@code millis}, then reports. */
    static void worker(int id, long millis) {
        System.out.println("started " + id);
        System.out.flush();
        long work = busy(millis);
        System.out.println("done " + id + " " + work);
    }

    /** What each worker thread of {@link #fate} came to: still running, finished, or the error that ended it. */
    static final String[] OUTCOME = new String[64];
    /** A cache that only grows: the leak of the "heap" scenario. Static, so its memory outlives the leaking thread. */
    static final java.util.List<byte[]> CACHE = new java.util.ArrayList<>(400_000); // sized: growing it would fail first
    /** Where the workers put what they allocate, so the JIT cannot remove the allocation. */
    static final Object[] SINK = new Object[64];

    /**
     * Several worker threads in one JVM, each busy for {@code millis} and allocating a little as it works; after
     * {@code failAfter} ms thread 0 fails in one of three ways: "exception" (throws, nobody catches it), "exit" (a
     * library it calls decides the error is fatal: {@code System.exit(1)}), or "heap" (it keeps adding to a shared
     * cache until the heap is exhausted). Outcomes are recorded without allocating and printed by the main thread
     * after the workers end (after the cache is cleared, so printing has memory to work with).
     */
    static void fate(String how, int n, long millis, long failAfter) throws InterruptedException {
        if (n > OUTCOME.length) throw new IllegalArgumentException("at most " + OUTCOME.length + " workers");
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            OUTCOME[id] = "running";
            ts[i] = new Thread(() -> {
                try {
                    if (id == 0) {
                        busyAllocating(id, failAfter);
                        fail(how);
                    }
                    busyAllocating(id, millis);
                    OUTCOME[id] = "finished";
                } catch (OutOfMemoryError e) {
                    OUTCOME[id] = "OutOfMemoryError";
                } catch (RuntimeException e) {
                    OUTCOME[id] = "uncaught exception";
                    throw e; // nobody catches it: the thread ends, the default handler prints it
                } finally {
                    if (id == 0) failed = true;
                }
            }, "worker-" + i);
        }
        for (Thread t : ts) t.start();
        System.out.println("started " + n);
        System.out.flush();
        for (Thread t : ts) t.join();
        CACHE.clear();
        for (int i = 0; i < n; i++) System.out.println("worker " + i + " " + OUTCOME[i]);
        System.out.println("jvm still running");
    }

    private static void fail(String how) {
        switch (how) {
            case "exception" -> throw new IllegalStateException("a bug in worker 0");
            case "exit" -> Library.giveUp();
            case "heap" -> {
                // until OutOfMemoryError, with smaller entries as space runs out, as a leaking cache of mixed sizes
                // would: the cache keeps it all, so the heap stays full after this thread has died
                int size = 1024;
                while (true) {
                    try {
                        CACHE.add(new byte[size]);
                    } catch (OutOfMemoryError e) {
                        if (size <= 16) throw e;
                        size /= 4;
                    }
                }
            }
            default -> throw new IllegalArgumentException("fate must be exception, exit or heap (got " + how + ")");
        }
    }

    /** Stands for a library that treats an error as fatal for the whole program. */
    static final class Library {
        static void giveUp() {
            System.out.println("library: fatal error, exiting");
            System.out.flush();
            System.exit(1);
        }
    }

    /** Set when worker 0 has failed (or ended): the others keep working a while after it, so they meet its effects. */
    static volatile boolean failed;

    /**
     * Busy for about {@code millis} (workers other than 0: and at least 150 ms after worker 0 failed), building
     * its result in memory as real work does: 1 KB more every millisecond, kept until the work is done.
     */
    static void busyAllocating(int id, long millis) {
        long start = System.nanoTime(), end = start + millis * 1_000_000L, nextKb = start, failedSeen = 0;
        java.util.List<long[]> result = new java.util.ArrayList<>((int) Math.min(100_000, 2 * millis + 1000));
        long x = 0;
        while (true) {
            long now = System.nanoTime();
            if (id != 0 && failed && failedSeen == 0) failedSeen = now;
            boolean pastFailure = id == 0 || failedSeen != 0 && now - failedSeen > 150_000_000L;
            if (now - end >= 0 && pastFailure) break;
            if (now - nextKb >= 0) {
                result.add(new long[128]);
                nextKb += 1_000_000L;
            }
            for (int i = 0; i < 1000; i++) x += i ^ (x >>> 3);
        }
        SINK[id] = result.size() + x;
    }

    /** Spins for about {@code millis}; returns a count so the work cannot be optimised away. */
    static long busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) x += i ^ (x >>> 3);
        }
        return x & 0xffff;
    }
}
