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

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        ALL.remove(p);
    }

    /** Live children of this JVM: tests use it to prove no process is left behind. */
    public static List<ProcessHandle> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }
}
