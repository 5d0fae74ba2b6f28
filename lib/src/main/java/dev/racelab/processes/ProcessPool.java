package dev.racelab.processes;

import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.Require;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A pool of worker <b>processes</b>: child JVMs running {@link PoolWorker}, fed one task at a time over a line
 * protocol on their standard input and output. A worker that dies mid-task is noticed, replaced by a fresh
 * process, and its task is retried, so every task's result arrives exactly once.
 * <pre>{@code try (ProcessPool pool = ProcessPool.start(4)) { var results = pool.run(ProcessPool.tasks("cpu", 2_000_000, 16)); }}</pre>
 *
 * <p>Implementation notes. One dispatcher thread per worker takes the next task from a shared deque, writes it
 * to its worker and blocks reading the reply. End of file on the reply stream means the worker died: its exit
 * code is collected, the task goes back to the <i>front</i> of the deque with its attempt count raised, and a
 * new process takes the slot. Results are keyed by task id, so a reply can never be counted twice (the run
 * counts duplicates, which must stay 0). A line that is not part of the protocol, or a worker that exits before
 * it is ready, stops the whole pool with a message naming the worker and its exit code. {@link #close()} closes
 * every worker's stdin (workers end at end of file), kills what is left, and joins the dispatchers; a worker
 * whose pool process dies sees end of file too, so it cannot become an orphan.
 */
public final class ProcessPool implements AutoCloseable {
    /** Marks every worker's command line with the pool owner's pid, so tests can find strays from outside. */
    public static final String OWNER_MARK = "-Dracelab.pool.owner=";
    public static final int MAX_WORKERS = 64;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(10);
    static final List<String> DEFAULT_JVM_ARGS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData");

    /** One unit of work: {@code kind} is cpu (rounds), sleep (ms) or echo (value); see {@link Workload}. */
    public record Task(long id, String kind, long arg) {
        public Task {
            Require.notNull("task kind", kind);
            if (!kind.matches("[a-z]+")) throw new IllegalArgumentException("task kind must be a lower-case word (got '" + kind + "')");
        }

        String line() {
            return id + " " + kind + " " + arg;
        }
    }

    /** What came back for one task: its value (or error), which worker ran it, and after how many attempts. */
    public record Outcome(long id, long value, String error, int worker, long pid, int attempts, long workerNanos) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Something that happened to a worker: started, crashed, timed out, replaced; times in ms since the pool started. */
    public record Event(double atMs, int worker, long pid, String what, long taskId, int exitCode) {}

    /** The pool stopped: a worker exited early, talked nonsense, or a task failed on every attempt. */
    public static final class PoolFailure extends IllegalStateException {
        PoolFailure(String message) {
            super(message);
        }
    }

    private static final class Closing extends RuntimeException {
        Closing() {
            super(null, null, false, false);
        }
    }

    private record Attempt(Task task, int attempt) {}

    private static final class Slot {
        final int index;
        volatile Process process;
        volatile BufferedWriter in;
        volatile BufferedReader out;
        volatile Attempt busy;
        volatile long busySince;
        /** The attempt this slot's worker was killed for: a killed process stays alive until the OS reaps it. */
        volatile Attempt killedFor;
        volatile long startedNanos;
        volatile double readyMs = Double.NaN;
        Path errFile;

        Slot(int index) {
            this.index = index;
        }
    }

    private final int size;
    private final List<String> jvmArgs;
    private final List<String> workerArgs;
    private final int maxAttempts;
    private final Duration taskTimeout;
    private final long createdNanos = System.nanoTime();
    private final ChildProcesses kids = new ChildProcesses();
    private final Crew dispatchers = Crew.platform("pool");
    private final Slot[] slots;
    private final LinkedBlockingDeque<Attempt> queue = new LinkedBlockingDeque<>();
    private final LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Object lifecycle = new Object();
    private final CountDownLatch ready;
    private final Path errDir;
    private volatile boolean closing;
    private volatile boolean closed;
    private final AtomicReference<PoolFailure> failure = new AtomicReference<>();
    private final AtomicInteger retries = new AtomicInteger();
    private volatile long startupNanos;
    private volatile int duplicates;

    private ProcessPool(Builder b) {
        this.size = b.workers;
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.workerArgs = List.copyOf(b.workerArgs);
        this.maxAttempts = b.maxAttempts;
        this.taskTimeout = b.taskTimeout;
        this.slots = new Slot[size];
        this.ready = new CountDownLatch(size);
        try {
            this.errDir = Files.createTempDirectory("racelab-pool-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for worker error output: " + e.getMessage(), e);
        }
    }

    /** A pool of {@code workers} processes with the default settings, started and ready. */
    public static ProcessPool start(int workers) {
        return builder().workers(workers).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code count} tasks of one kind with ids 0..count-1. */
    public static List<Task> tasks(String kind, long arg, int count) {
        Require.inRange("tasks", count, 0, 10_000_000);
        List<Task> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(new Task(i, kind, arg));
        return out;
    }

    /** Settings of a pool; {@link #start()} launches it. */
    public static final class Builder {
        int workers = 2;
        List<String> jvmArgs = new ArrayList<>(DEFAULT_JVM_ARGS);
        List<String> workerArgs = new ArrayList<>();
        int maxAttempts = 3;
        Duration taskTimeout = Duration.ofMinutes(5);

        public Builder workers(int n) {
            this.workers = Require.inRange("workers", n, 1, MAX_WORKERS);
            return this;
        }

        /** Options for each worker JVM (replacing the defaults {@code -XX:+UseSerialGC -Xmx256m}). */
        public Builder jvmArgs(String... args) {
            this.jvmArgs = new ArrayList<>(List.of(args));
            return this;
        }

        /** Extra arguments for the worker's main (tests use its hooks, e.g. {@code --exit-before-ready 5}). */
        public Builder workerArgs(String... args) {
            this.workerArgs = new ArrayList<>(List.of(args));
            return this;
        }

        /** How often one task may be tried before the pool gives up on it (1..10, default 3). */
        public Builder maxAttempts(int n) {
            this.maxAttempts = Require.inRange("attempts per task", n, 1, 10);
            return this;
        }

        /** A worker busy with one task for longer than this is killed, and the task retried. */
        public Builder taskTimeout(Duration d) {
            Require.notNull("task timeout", d);
            Require.inRange("task timeout (ms)", d.toMillis(), 10, 3_600_000);
            this.taskTimeout = d;
            return this;
        }

        /** Starts every worker at once and returns when all are ready; closes everything if one is not. */
        public ProcessPool start() {
            ProcessPool pool = new ProcessPool(this);
            try {
                pool.launch();
                return pool;
            } catch (RuntimeException | Error e) {
                pool.close();
                throw e;
            }
        }
    }

    private void launch() {
        long t0 = System.nanoTime();
        for (int i = 0; i < size; i++) {
            slots[i] = new Slot(i);
            spawn(slots[i]);
        }
        for (Slot s : slots) dispatchers.start(() -> dispatch(s));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (!ready.await(20, TimeUnit.MILLISECONDS)) {
                if (failure.get() != null) throw failure.get();
                if (System.nanoTime() - deadline > 0) {
                    throw new PoolFailure("workers were not ready within " + READY_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        }
        if (failure.get() != null) throw failure.get();
        startupNanos = System.nanoTime() - t0;
    }

    private void spawn(Slot s) {
        List<String> jvm = new ArrayList<>(jvmArgs);
        jvm.add(OWNER_MARK + ProcessHandle.current().pid());
        List<String> args = new ArrayList<>();
        args.add("serve");
        args.addAll(workerArgs);
        s.errFile = errDir.resolve("worker-" + s.index + "-" + System.nanoTime() + ".err");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(jvm, PoolWorker.class, args.toArray(String[]::new)))
                .redirectError(s.errFile.toFile());
        synchronized (lifecycle) {
            if (closing) throw new Closing();
            s.startedNanos = System.nanoTime();
            Process p = kids.start(pb);
            s.process = p;
            s.in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            s.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            s.busy = null;
        }
        event(s, "started", -1, 0);
    }

    /** The first line of a new worker must be READY; anything else stops the pool. */
    private void awaitReady(Slot s) throws IOException {
        String line = s.out.readLine();
        if (closing) throw new Closing();
        if (line == null) {
            int code = exitCode(s.process, Duration.ofSeconds(5));
            throw new PoolFailure(String.format(Locale.ROOT, "worker %d (pid %d) exited with code %d before it was ready%s",
                    s.index, s.process.pid(), code, lastError(s)));
        }
        if (!line.startsWith("READY ")) throw garbage(s, line, "READY <pid>");
        s.readyMs = (System.nanoTime() - s.startedNanos) / 1e6;
    }

    private void dispatch(Slot s) {
        try {
            awaitReady(s);
            ready.countDown();
            while (!closing) {
                Attempt a = queue.pollFirst(50, TimeUnit.MILLISECONDS);
                if (a == null) {
                    if (!s.process.isAlive() && !closing) crashed(s, null); // died while idle
                    continue;
                }
                s.busySince = System.nanoTime();
                s.busy = a;
                String reply;
                try {
                    s.in.write(a.task().line());
                    s.in.newLine();
                    s.in.flush();
                    reply = s.out.readLine();
                } catch (IOException e) {
                    reply = null; // a broken pipe: the worker is gone
                }
                if (closing) return;
                if (reply == null) {
                    crashed(s, a);
                    continue;
                }
                s.busy = null;
                done.add(parse(s, a, reply));
            }
        } catch (Closing | InterruptedException e) {
            // the pool is closing
        } catch (PoolFailure f) {
            fail(f);
        } catch (IOException | RuntimeException e) {
            if (!closing) fail(new PoolFailure("worker " + s.index + ": " + e));
        }
    }

    private Outcome parse(Slot s, Attempt a, String reply) {
        String[] w = reply.split(" ", 4);
        long id = a.task().id();
        try {
            if (w[0].equals("OK") && w.length == 4 && Long.parseLong(w[1]) == id) {
                return new Outcome(id, Long.parseLong(w[2]), null, s.index, s.process.pid(), a.attempt(), Long.parseLong(w[3]));
            }
            if (w[0].equals("ERR") && w.length >= 2 && Long.parseLong(w[1]) == id) {
                String msg = reply.substring(Math.min(reply.length(), 5 + w[1].length()));
                return new Outcome(id, 0, msg, s.index, s.process.pid(), a.attempt(), 0);
            }
        } catch (NumberFormatException e) {
            // falls through: not the protocol
        }
        throw garbage(s, reply, "OK " + id + " <value> <ns>' or 'ERR " + id + " <message>");
    }

    private PoolFailure garbage(Slot s, String line, String expected) {
        Process p = s.process;
        int code = exitCode(p, Duration.ofMillis(300));
        String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
        event(s, "sent garbage", s.busy == null ? -1 : s.busy.task().id(), code);
        return new PoolFailure(String.format(Locale.ROOT, "worker %d (pid %d) sent an unreadable line '%s' (expected '%s'); "
                + "exit code %d%s", s.index, p.pid(), shown, expected, code, lastError(s)));
    }

    /** The worker of {@code s} is gone: collect its exit code, retry its task, put a new process in its place. */
    private void crashed(Slot s, Attempt a) throws IOException {
        if (closing) throw new Closing();
        Process dead = s.process;
        int code = exitCode(dead, Duration.ofSeconds(5));
        event(s, "crashed", a == null ? -1 : a.task().id(), code);
        if (a != null) {
            if (a.attempt() >= maxAttempts) {
                throw new PoolFailure(String.format(Locale.ROOT, "task %d failed on all %d attempts; the last one killed "
                        + "worker %d (pid %d, exit code %d)%s", a.task().id(), a.attempt(), s.index, dead.pid(), code, lastError(s)));
            }
            retries.incrementAndGet();
            queue.addFirst(new Attempt(a.task(), a.attempt() + 1));
            event(s, "task requeued", a.task().id(), code);
        }
        spawn(s);
        awaitReady(s);
        event(s, "replaced", -1, 0);
    }

    /** The exit code, waiting up to {@code wait}; a process still alive then is killed (137 on Linux). */
    private static int exitCode(Process p, Duration wait) {
        try {
            if (!p.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    private static String lastError(Slot s) {
        try {
            if (s.errFile == null || !Files.isRegularFile(s.errFile)) return "";
            List<String> lines = Files.readAllLines(s.errFile, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) return "";
            return "; its last error output: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private void fail(PoolFailure f) {
        failure.compareAndSet(null, f);
        done.add(f);
    }

    private void event(Slot s, String what, long taskId, int exitCode) {
        Process p = s.process;
        events.add(new Event((System.nanoTime() - createdNanos) / 1e6, s.index, p == null ? -1 : p.pid(), what, taskId, exitCode));
    }

    /** Runs every task and returns one outcome per task, in the order given. */
    public List<Outcome> run(List<Task> tasks) {
        return run(tasks, DEFAULT_RUN_TIMEOUT, null);
    }

    /**
     * Runs every task, each exactly once as far as results go: a task whose worker dies is retried on another.
     * Throws {@link PoolFailure} (after closing the pool) when a worker breaks the protocol or a task fails on
     * every attempt, {@link Budget.Cancelled} on interrupt, and closes the pool in both cases.
     */
    public synchronized List<Outcome> run(List<Task> tasks, Duration timeout, IntConsumer progress) {
        ensureOpen();
        Require.notNull("tasks", tasks);
        Set<Long> ids = new HashSet<>();
        for (Task t : tasks) {
            if (!ids.add(t.id())) throw new IllegalArgumentException("task ids must be unique (" + t.id() + " repeats)");
        }
        Map<Long, Outcome> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Task t : tasks) queue.addLast(new Attempt(t, 1));
        try {
            while (results.size() < tasks.size()) {
                Object o = done.poll(20, TimeUnit.MILLISECONDS);
                if (o instanceof PoolFailure f) throw f;
                if (o instanceof Outcome r) {
                    if (results.putIfAbsent(r.id(), r) != null) duplicates++;
                    if (progress != null) progress.accept(results.size());
                }
                killHungWorkers();
                if (System.nanoTime() - deadline > 0) {
                    throw new PoolFailure(String.format(Locale.ROOT, "%d of %d tasks were done when the time limit of %d s ran out",
                            results.size(), tasks.size(), timeout.toSeconds()));
                }
            }
        } catch (InterruptedException e) {
            close();
            throw Budget.interrupted();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        List<Outcome> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) out.add(results.get(t.id()));
        return out;
    }

    private void killHungWorkers() {
        long now = System.nanoTime();
        for (Slot s : slots) {
            Attempt a = s.busy;
            if (a != null && a != s.killedFor && now - s.busySince > taskTimeout.toNanos() && s.process.isAlive()) {
                s.killedFor = a; // once per attempt: the next look may come before the killed worker is gone
                event(s, "timed out", a.task().id(), 0);
                s.process.destroyForcibly(); // its dispatcher sees end of file and retries the task
            }
        }
    }

    private void ensureOpen() {
        PoolFailure f = failure.get();
        if (f != null) throw new IllegalStateException("the pool stopped after a failure: " + f.getMessage());
        if (closing) throw new IllegalStateException("the pool is closed");
    }

    /** Kills worker {@code index} at once (as a crash would); returns the pid killed. */
    public long kill(int index) {
        Require.inRange("worker", index, 0, size - 1);
        Process p = slots[index].process;
        p.destroyForcibly();
        return p.pid();
    }

    /** The id of the task worker {@code index} is running, or -1 when it is idle. */
    public long busyWith(int index) {
        Require.inRange("worker", index, 0, size - 1);
        Attempt a = slots[index].busy;
        return a == null ? -1 : a.task().id();
    }

    public int size() {
        return size;
    }

    /** Process ids of the current workers. */
    public List<Long> pids() {
        List<Long> out = new ArrayList<>();
        for (Slot s : slots) out.add(s.process.pid());
        return out;
    }

    /** Milliseconds from launching each current worker until it said READY. */
    public double[] readyMillis() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = slots[i].readyMs;
        return out;
    }

    /** Wall time of {@link Builder#start()}: launching every worker until the last was ready. */
    public Duration startup() {
        return Duration.ofNanos(startupNanos);
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Results that arrived for a task that already had one (must stay 0: each result is counted once). */
    public int duplicates() {
        return duplicates;
    }

    /** Tasks sent again because their worker died. */
    public int retries() {
        return retries.get();
    }

    /**
     * Ends every worker: closes their stdin (a worker exits at end of file), kills any that is still there after
     * a second, then joins the dispatcher threads. Safe to call twice.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) return;
            closing = true;
            closed = true;
        }
        for (Slot s : slots) {
            if (s == null || s.in == null) continue;
            try {
                s.in.close();
            } catch (IOException e) {
                // already gone
            }
        }
        long deadline = System.nanoTime() + 1_000_000_000L;
        for (Process p : kids.processes()) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) p.waitFor(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kids.close();
        try {
            dispatchers.close();
        } finally {
            deleteQuietly(errDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // temporary files; the OS cleans up
        }
    }

    /** Worker processes of pools owned by this JVM that are alive (tests use it: after close there are none). */
    public static List<ProcessHandle> liveWorkers() {
        return liveWorkersOf(ProcessHandle.current().pid());
    }

    /** Live worker processes whose pool was owned by process {@code ownerPid} (alive or not). */
    public static List<ProcessHandle> liveWorkersOf(long ownerPid) {
        String mark = OWNER_MARK + ownerPid;
        return ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().map(c -> c.contains(mark + " ") || c.endsWith(mark)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .toList();
    }
}
