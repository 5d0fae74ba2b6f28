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
                int newValue = Integer.parseInt(args[1]);
                System.out.println("before " + sharedValue);
                sharedValue = newValue;
                System.out.println("after " + sharedValue);
            }
            case "worker" -> worker(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "threads" -> threads(Integer.parseInt(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            default -> {
                System.err.println("usage: Child noop | isolation VALUE | worker ID MILLIS | threads N MILLIS HALT_AFTER_MILLIS");
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

    /** Several threads in one process; one calls {@code Runtime.halt} and takes every thread down with it. */
    static void threads(int n, long millis, long haltAfter) throws InterruptedException {
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            ts[i] = new Thread(() -> {
                System.out.println("started " + id);
                if (id == 0) {
                    busy(haltAfter);
                    System.out.println("halting " + id);
                    System.out.flush();
                    Runtime.getRuntime().halt(134); // a fatal failure: no thread gets to finish
                }
                long work = busy(millis);
                System.out.println("done " + id + " " + work);
            }, "worker-" + i);
            ts[i].start();
        }
        for (Thread t : ts) t.join();
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
