package dev.racelab.notebook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends the kernel when the program that started it is gone. Jupyter's kernel managers put their own pid in the
 * kernel's environment ({@code JPY_PARENT_PID}); ipykernel watches it, JJava does not, so a course kernel whose
 * client was killed (a CI timeout, a crashed or culled server, {@code kill -9}) would live on with its parent gone.
 * The kernel's start-up script calls {@link #start()}: a daemon thread checks the parent twice a second and, once
 * it has died (or the kernel was re-parented), exits the JVM. The shutdown hooks then end every child process the
 * experiments own ({@link dev.racelab.core.ChildProcesses}); threads end with the JVM. If a hook hangs, the JVM is
 * halted after a grace period. Its threads are named {@code kernel-parent-watch*}, not {@code racelab-*}: they are
 * the kernel's, not an experiment's, so the checks that no experiment thread is left ({@code Crew.liveThreadNames})
 * do not count them.
 */
public final class ParentWatch {
    static final Duration PERIOD = Duration.ofMillis(500);
    static final Duration HALT_AFTER = Duration.ofSeconds(10);
    private static Thread watching;

    private ParentWatch() {
    }

    /**
     * Watches the pid in {@code JPY_PARENT_PID}; returns whether a watch runs (false without a usable pid, e.g.
     * outside Jupyter). Calling it again does not start a second watch.
     */
    public static synchronized boolean start() {
        if (watching != null) return true;
        String v = System.getenv("JPY_PARENT_PID");
        if (v == null || !v.trim().matches("[0-9]+")) return false;
        long pid = Long.parseLong(v.trim());
        if (pid <= 1 || pid == ProcessHandle.current().pid()) return false;
        watching = watch(pid, PERIOD, ParentWatch::exit);
        return watching != null;
    }

    /**
     * Starts a daemon thread that runs {@code onGone} once the process {@code pid} has ended; null when that
     * process is already gone at the start (nothing to watch).
     */
    static Thread watch(long pid, Duration period, Runnable onGone) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) return null;
        Optional<Instant> started = parent.get().info().startInstant();
        // The usual case: the kernel is the parent's direct child (its launcher execs the JVM); then being
        // re-parented (to init or a sub-reaper) also means the parent died, even before its pid is reused.
        boolean direct = ProcessHandle.current().parent().map(p -> p.pid() == pid).orElse(false);
        Thread t = new Thread(() -> {
            try {
                while (alive(pid, started, direct)) Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            onGone.run();
        }, "kernel-parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static boolean alive(long pid, Optional<Instant> started, boolean direct) {
        if (direct && ProcessHandle.current().parent().map(p -> p.pid() != pid).orElse(true)) return false;
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return false;
        // a different process under a reused pid: its start time differs
        return started.isEmpty() || started.equals(p.get().info().startInstant());
    }

    private static void exit() {
        System.err.println("racelab: the kernel's parent process is gone; ending the kernel and what it started");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER.toMillis());
            } catch (InterruptedException e) {
                // halt anyway
            }
            Runtime.getRuntime().halt(0);
        }, "kernel-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
