package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.processes.PoolWorker;
import dev.racelab.processes.ProcessPool;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker process for exercise 06.1: a child JVM running {@link PoolWorker}, which computes
 * {@code Workload.cpu(input)} for each {@link #compute} call. It can die in the middle of a task — the check makes
 * some of them crash — and {@link #compute} then throws {@link Died}. {@link #close()} ends the process (closing
 * its standard input is enough; it is killed if it does not go).
 */
public final class WorkerProcess implements AutoCloseable {
    /** Starts fresh worker processes: {@code WorkerProcess w = workers.start();}. */
    @FunctionalInterface
    public interface Factory {
        WorkerProcess start();
    }

    /** The worker process died while it computed: its task has no result. */
    public static final class Died extends Exception {
        Died(String message) {
            super(message);
        }
    }

    /** Decides, per call, whether the worker crashes instead of computing (the check's fault injection). */
    interface Faults {
        boolean crash(long input);
    }

    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final Process process;
    private final ChildProcesses owner;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Faults faults;
    private final int serial = SERIAL.incrementAndGet();
    private long calls;
    private volatile boolean closed;

    private WorkerProcess(ChildProcesses owner, Faults faults) {
        this.owner = owner;
        this.faults = faults;
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(
                List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                        ProcessPool.OWNER_MARK + ProcessHandle.current().pid()),
                PoolWorker.class, "serve")).redirectError(ProcessBuilder.Redirect.DISCARD);
        this.process = owner.start(pb);
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                throw new IllegalStateException("worker process " + process.pid() + " did not start: it said " + ready);
            }
        } catch (IOException e) {
            close();
            throw new IllegalStateException("worker process " + process.pid() + " did not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A worker process that never crashes on purpose (for trying things out); close it when done. */
    public static WorkerProcess start() {
        return new WorkerProcess(new ChildProcesses(), input -> false);
    }

    static WorkerProcess start(ChildProcesses owner, Faults faults) {
        return new WorkerProcess(owner, faults);
    }

    /**
     * Computes {@code Workload.cpu(input)} in the worker process and returns it. Throws {@link Died} when the
     * process died before it answered (this worker is then useless: close it and start another).
     */
    public synchronized long compute(long input) throws Died {
        Budget.checkInterrupt(); // the stop button ends a supervisor loop at its next task
        if (closed) throw new IllegalStateException("worker " + serial + " is closed: start a new one");
        if (input < 0) throw new IllegalArgumentException("input must be ≥ 0 (got " + input + ")");
        long id = ++calls;
        String line = faults.crash(input) ? id + " exit 137" : id + " cpu " + input;
        String reply;
        try {
            in.write(line);
            in.newLine();
            in.flush();
            reply = out.readLine();
        } catch (InterruptedIOException e) {
            throw Budget.interrupted();
        } catch (IOException e) {
            reply = null; // a broken pipe: the process is gone
        }
        if (reply == null) {
            int code = owner.waitFor(process, Duration.ofSeconds(5));
            throw new Died(String.format(Locale.ROOT, "worker %d (pid %d) died with exit code %d while it computed input %d",
                    serial, process.pid(), code, input));
        }
        String[] w = reply.split(" ");
        if (w.length == 4 && w[0].equals("OK") && w[1].equals(Long.toString(id))) return Long.parseLong(w[2]);
        throw new IllegalStateException("worker " + serial + " answered '" + reply + "' to '" + line + "'");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process: closes its input (a worker exits at end of file) and kills it if it lingers. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        owner.waitFor(process, Duration.ofSeconds(2)); // kills it if it is still there after 2 s
        try {
            out.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return "worker " + serial + " (pid " + process.pid() + (process.isAlive() ? ", running)" : ", ended)");
    }
}
