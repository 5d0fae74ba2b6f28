package dev.racelab.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes one experiment owns. Closing destroys every one still alive (and its descendants) and
 * waits for it, so no process outlives the experiment; a JVM shutdown hook covers a kernel that is shut down.
 * <pre>{@code try (ChildProcesses kids = new ChildProcesses()) { Process p = kids.start(pb); ... }}</pre>
 */
public final class ChildProcesses implements AutoCloseable {
    private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALL.forEach(ChildProcesses::kill),
                "racelab-child-reaper"));
    }

    private final List<Process> mine = new ArrayList<>();

    public synchronized Process start(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            mine.add(p);
            ALL.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + pb.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Waits for a process until the deadline; returns its exit code, or -1 after killing it on timeout. */
    public int waitFor(Process p, Duration timeout) {
        try {
            if (p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) return p.exitValue();
            kill(p);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new Budget.Cancelled();
        }
    }

    public synchronized List<Process> processes() {
        return List.copyOf(mine);
    }

    @Override
    public synchronized void close() {
        for (Process p : mine) kill(p);
        mine.clear();
    }

    /**
     * Ends a process and its descendants and waits for it. Runs also on an interrupted thread (cleanup after a
     * stop button): the flag is cleared while waiting, so the wait really waits, and restored afterwards.
     */
    static void kill(Process p) {
        boolean interrupted = Thread.interrupted();
        try {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            if (p.isAlive()) {
                p.destroy();
                if (!waitQuietly(p, 500)) {
                    p.destroyForcibly();
                    waitQuietly(p, 5_000);
                }
            }
        } finally {
            ALL.remove(p);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static boolean waitQuietly(Process p, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            try {
                return p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // keep waiting: the caller's interrupt is restored by kill()
            }
        }
    }

    /** Live children of this JVM: tests use it to prove no process is left behind. */
    public static List<ProcessHandle> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }
}
