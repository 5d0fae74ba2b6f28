package dev.racelab.processes;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The small program each worker process of a {@link ProcessPool} runs. It talks to the pool with one line per
 * message on standard input and output:
 * <pre>
 *   worker → pool   READY &lt;pid&gt;                  once, when it can take tasks
 *   pool → worker   &lt;task id&gt; &lt;kind&gt; &lt;argument&gt;   e.g. "17 cpu 2000000"
 *   worker → pool   OK &lt;task id&gt; &lt;value&gt; &lt;nanoseconds&gt;   or   ERR &lt;task id&gt; &lt;message&gt;
 * </pre>
 * End of file on standard input ends the worker at once, even mid-task: the pool closed the pipe, or the pool's
 * process died (the kernel closes a dead process's pipes), so a worker never outlives its pool.
 *
 * <p>Other modes serve notebook 06's comparisons: {@code threadpool THREADS TASKS MILLIS} runs a thread pool
 * inside one process, {@code probe platform|virtual N} reports the resident memory N parked threads add.
 */
public final class PoolWorker {
    private PoolWorker() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "serve" : args[0];
        switch (mode) {
            case "serve" -> serve(args);
            case "threadpool" -> threadPool(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "probe" -> probe(args[1], Integer.parseInt(args[2]));
            default -> {
                System.err.println("usage: PoolWorker [serve [--exit-before-ready CODE | --garbage-before-ready]]"
                        + " | threadpool THREADS TASKS MILLIS | probe platform|virtual N");
                System.exit(2);
            }
        }
    }

    private static void serve(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        // test hooks: a worker that dies or talks nonsense before it is ready
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--exit-before-ready")) {
                System.err.println("worker: exiting before ready, as asked");
                System.exit(Integer.parseInt(args[i + 1]));
            }
            if (args[i].equals("--garbage-before-ready")) {
                out.println("Hello, I am not a pool worker");
                out.flush();
            }
        }
        // Tasks run on their own thread so that this thread keeps reading stdin: end of file ends the process
        // even in the middle of a long task.
        SynchronousQueue<String> tasks = new SynchronousQueue<>();
        Thread.ofPlatform().name("task-runner").daemon(true).start(() -> runTasks(tasks, out));
        out.println("READY " + ProcessHandle.current().pid());
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = in.readLine()) != null) tasks.put(line);
        } catch (IOException e) {
            // the pipe broke: same as end of file
        }
        out.flush();
        Runtime.getRuntime().halt(0); // at once: no task to finish, no shutdown hook to wait for

    }

    private static void runTasks(SynchronousQueue<String> tasks, PrintStream out) {
        while (true) {
            String line;
            try {
                line = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            String[] w = line.trim().split(" ");
            String id = w[0];
            try {
                if (w.length != 3) throw new IllegalArgumentException("expected '<id> <kind> <argument>', got '" + line + "'");
                long arg = Long.parseLong(w[2]);
                switch (w[1]) {
                    case "exit" -> Runtime.getRuntime().halt((int) arg); // a crash from inside, mid-task
                    case "garbage" -> reply(out, "%%% garbage from task " + id);
                    default -> {
                        long t0 = System.nanoTime();
                        long value = Workload.run(w[1], arg);
                        reply(out, "OK " + id + " " + value + " " + (System.nanoTime() - t0));
                    }
                }
            } catch (RuntimeException e) {
                reply(out, "ERR " + id + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
    }

    private static void reply(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** A thread pool inside one process: tasks block {@code millis} each; prints "OK id value nanos" as each completes. */
    private static void threadPool(int threads, int taskCount, long millis) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        watchParent();
        reply(out, "READY " + ProcessHandle.current().pid());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < taskCount; i++) {
                int id = i;
                pool.submit(() -> {
                    long t0 = System.nanoTime();
                    long v = Workload.sleep(millis);
                    reply(out, "OK " + id + " " + v + " " + (System.nanoTime() - t0));
                });
            }
        }
        reply(out, "ALL DONE");
    }

    /** Resident memory before and after starting {@code n} threads that park: "RSS_KB before after". */
    private static void probe(String kind, int n) throws Exception {
        watchParent();
        List<Thread> ts = new ArrayList<>();
        long before = rssKb();
        Thread.Builder b = kind.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        java.util.concurrent.CountDownLatch parked = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            ts.add(b.start(() -> {
                parked.countDown();
                LockSupport.park();
            }));
        }
        parked.await();
        Thread.sleep(50);
        long after = rssKb();
        System.out.println("RSS_KB " + before + " " + after);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    static long rssKb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static void watchParent() {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    }
}
