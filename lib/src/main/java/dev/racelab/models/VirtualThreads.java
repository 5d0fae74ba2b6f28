package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.chart.Series;
import dev.racelab.core.Budget;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Go's goroutines, Java's virtual threads: start N threads that all sleep at the same time, and measure the time
 * to start and join them and the memory each one holds — virtual threads up to a million, platform threads up to a
 * bound that is safe for this machine (they are OS threads: the kernel's thread and pid limits apply).
 * {@code VirtualThreads.sleepers(100_000, 1_000_000).run()}
 *
 * <p>Implementation note: virtual threads keep their stacks on the heap, so their memory is the heap growth
 * (measured after a full GC, while all of them sleep); platform threads keep theirs outside the heap, so theirs is
 * the growth of the process's resident set (VmRSS). The virtual-thread counts are lowered, and the result says so,
 * when the heap could not hold them with room to spare.
 */
public final class VirtualThreads {
    /** Pessimistic bytes per sleeping virtual thread, for the heap check before starting. */
    static final long ASSUMED_BYTES_PER_VIRTUAL = 2_048;
    /** Never more than this share of the free heap goes to the sleepers. */
    static final double HEAP_SHARE = 0.5;
    /** Never more than this share of the free pids / threads goes to platform threads. */
    static final double PID_SHARE = 0.25;
    public static final int MAX_PLATFORM = 20_000;

    private final boolean virtual;
    private final int[] counts;
    private Duration sleep;

    /** A range {@code VirtualThreads} checks; its terminal option's help names the same constant. */
    public static final String VIRTUAL_RANGE = "1..10000000";

    private VirtualThreads(boolean virtual, int[] counts) {
        this.virtual = virtual;
        if (counts.length == 0) throw new IllegalArgumentException("give at least one count of threads");
        for (int n : counts) {
            if (virtual) Require.inRange("virtual threads", n, VIRTUAL_RANGE);
            else Require.inRange("platform threads", n, 1, MAX_PLATFORM);
        }
        this.counts = counts.clone();
        this.sleep = Duration.ofMillis(Profile.quickOrFull(500, 1_000));
    }

    /** Virtual threads in this JVM (the kernel's), one run per count: {@code VirtualThreads.virtual(100_000)}. */
    public static VirtualThreads virtual(int... counts) {
        return new VirtualThreads(true, counts);
    }

    /**
     * Platform threads, one child JVM per count (a thread limit hit there cannot hurt the notebook), each count
     * capped by a bound that is safe for this machine. {@code VirtualThreads.platform(1_000, 2_000)}
     */
    public static VirtualThreads platform(int... counts) {
        return new VirtualThreads(false, counts);
    }

    /** Platform-thread counts for the profile: 1,000 and 2,000 (quick), up to 10,000 (full). */
    public static int[] platformCounts() {
        return Profile.quickOrFull(new int[] {1_000, 2_000}, new int[] {1_000, 2_000, 5_000, 10_000});
    }

    /** A range {@code sleep} checks; its terminal option's help names the same constant. */
    public static final String SLEEP_SECONDS_RANGE = "0.1..60";

    /** How long each thread sleeps (0.1..60 s); stretched while starting them all takes longer. */
    public VirtualThreads sleep(double seconds) {
        Require.inRange("sleep (s)", seconds, SLEEP_SECONDS_RANGE);
        this.sleep = Duration.ofMillis((long) (seconds * 1000));
        return this;
    }

    public Result run() {
        String kind = virtual ? "virtual" : "platform";
        Result.Builder b = Result.builder("sleeping-threads", "Sleeping " + kind + " threads")
                .param("kind", kind).param("counts", java.util.Arrays.toString(counts)).param("sleep_ms", sleep.toMillis());
        DataTable t = new DataTable("kind", "threads", "start_ms", "start_join_ms", "us_per_start",
                "asleep_at_once", "bytes_per_thread", "memory_measure", "wake_to_joined_ms");
        List<String> notes = new ArrayList<>();
        String[] why = {""};
        long bound = virtual ? Long.MAX_VALUE : platformBound(notes, why);
        if (!virtual) b.param("platform_bound_reason", why[0]);
        try (Progress progress = Progress.start("sleeping " + kind + " threads", counts.length)) {
            int done = 0;
            // a warm-up, so the first measured run does not pay for class loading and the JIT
            if (virtual) measure(sleeperFactory(true), 20_000, Duration.ofMillis(20), false);
            for (int n : counts) {
                if (virtual) {
                    int fit = fitInHeap(n);
                    if (fit < n) {
                        notes.add(String.format(Locale.ROOT, "%,d virtual threads would not fit in half of the free "
                                + "heap (max heap %,d MiB); ran %,d instead.", n, Runtime.getRuntime().maxMemory() >> 20, fit));
                    }
                    Run r = measure(sleeperFactory(true), fit, sleep, true);
                    t.add(kind, fit, r.startMs, r.totalMs, r.startMs * 1000 / fit, r.asleep,
                            r.bytes / (double) fit, "heap growth after GC", r.afterWakeMs);
                } else if (n > bound) {
                    notes.add(String.format(Locale.ROOT, "%,d platform threads skipped: above the safe bound of %,d "
                            + "on this machine.", n, bound));
                } else {
                    Run r = platformInChild(n, sleep);
                    t.add(kind, r.started, r.startMs, r.totalMs, r.startMs * 1000 / Math.max(1, r.started), r.asleep,
                            r.bytes / (double) Math.max(1, r.started), "resident set growth (child JVM)", r.afterWakeMs);
                    if (r.started < n) notes.add(String.format(Locale.ROOT, "the child JVM could start only %,d of %,d "
                            + "platform threads: %s", r.started, n, r.error));
                }
                progress.set(++done);
            }
        }
        b.samples(t).showSamples();
        for (Object[] row : t.rows()) {
            // one set per kind and thread count of the run (virtual_100000_start_ms, …): the counts are parameters, so
            // these names are built; the largest run's figures, below, are the literals notebooks read (start_ms, …)
            String key = row[0] + "_" + row[1];
            b.figure(key + "_start_ms", ((Number) row[2]).doubleValue(), "ms");
            b.figure(key + "_start_join_ms", ((Number) row[3]).doubleValue(), "ms");
            b.figure(key + "_us_per_start", ((Number) row[4]).doubleValue(), "µs");
            b.figure(key + "_bytes_per_thread", ((Number) row[6]).doubleValue(), "bytes");
        }
        if (t.size() > 0) {
            Object[] last = t.rows().get(t.size() - 1);
            b.figure("threads", ((Number) last[1]).doubleValue(), "");
            b.figure("start_ms", ((Number) last[2]).doubleValue(), "ms");
            b.figure("start_join_ms", ((Number) last[3]).doubleValue(), "ms");
            b.figure("wake_to_joined_ms", ((Number) last[8]).doubleValue(), "ms");
            b.figure("bytes_per_thread", ((Number) last[6]).doubleValue(), "bytes");
            b.figure("asleep_at_once", ((Number) last[5]).doubleValue(), "threads");
            b.figure("all_asleep_at_once", ((Number) last[5]).longValue() == ((Number) last[1]).longValue() ? 1 : 0, "");
        }
        if (!virtual) b.figure("platform_bound", bound, "threads");
        b.figure("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20, "MiB");
        notes.forEach(b::note);
        b.note("Each thread sleeps until " + sleep.toMillis() + " ms after the first start (later if starting them all "
                + "takes longer); start_join_ms runs from the first start to the last join.");
        return b.build();
    }

    /** µs to start one thread, virtual versus platform, from two results of {@link #run()}. */
    public static dev.racelab.chart.Chart startChart(Result... results) {
        Map<String, java.util.TreeMap<Double, Double>> byKind = new LinkedHashMap<>();
        for (Result r : results) {
            for (Object[] row : r.samples().rows()) {
                byKind.computeIfAbsent(row[0] + " threads", k -> new java.util.TreeMap<>())
                        .put(((Number) row[1]).doubleValue(), ((Number) row[4]).doubleValue());
            }
        }
        List<Series> series = new ArrayList<>();
        byKind.forEach((k, m) -> series.add(new Series(k, m.keySet().stream().mapToDouble(d -> d).toArray(),
                m.values().stream().mapToDouble(d -> d).toArray())));
        return Charts.lines("Time to start one sleeping thread", "threads started (log)", "µs per thread (log)", series, true, true);
    }

    /**
     * Bytes per sleeping thread against the number started, virtual versus platform, from results of {@link #run()}.
     * Dots on log axes, in numeric order; each series names its measure (heap growth after a GC for virtual threads,
     * resident-set growth of a child JVM for platform threads): two different measures, so compare with care.
     */
    public static dev.racelab.chart.Chart memoryChart(Result... results) {
        Map<String, java.util.TreeMap<Double, Double>> byKind = new LinkedHashMap<>();
        for (Result r : results) {
            for (Object[] row : r.samples().rows()) {
                String name = row[0] + " threads (" + row[7] + ")";
                byKind.computeIfAbsent(name, k -> new java.util.TreeMap<>())
                        .put(((Number) row[1]).doubleValue(), ((Number) row[6]).doubleValue());
            }
        }
        List<Series> series = new ArrayList<>();
        byKind.forEach((k, m) -> series.add(new Series(k, m.keySet().stream().mapToDouble(d -> d).toArray(),
                m.values().stream().mapToDouble(d -> d).toArray())));
        return Charts.lines("Memory per sleeping thread", "threads started (log)", "bytes per thread (log)", series, true, true);
    }

    /**
     * What the sleepers say together: a million virtual threads, their heap, the platform threads' memory and the
     * safety cap. {@code VirtualThreads.explain(v100k, v1m, platform)} as a cell's last line.
     */
    public static dev.racelab.render.Renderable explain(Result smaller, Result virtual, Result platform) {
        return virtual.explained(ThreadsExplain.memory(smaller, virtual, platform));
    }

    /**
     * Threads that inherit no inheritable thread-locals from the starting thread: a notebook's cell thread may carry
     * some (the kernel's), and copying them into a million threads would be measured as the threads' own cost.
     * A goroutine inherits nothing either.
     */
    static ThreadFactory sleeperFactory(boolean virtual) {
        return virtual ? Thread.ofVirtual().inheritInheritableThreadLocals(false).factory()
                : Thread.ofPlatform().daemon(true).inheritInheritableThreadLocals(false).factory();
    }

    /** How many virtual threads fit in {@link #HEAP_SHARE} of the free heap, at a pessimistic size each. */
    static int fitInHeap(int n) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long fit = (long) (free * HEAP_SHARE / ASSUMED_BYTES_PER_VIRTUAL);
        return (int) Math.max(1, Math.min(n, fit));
    }

    /**
     * The most platform threads this experiment will start: a quarter of what is left under the kernel's limits
     * (pid_max and threads-max minus the tasks already running, the user's process limit), at most 20,000.
     */
    static long platformBound(List<String> notes) {
        return platformBound(notes, new String[1]);
    }

    /** {@code why[0]} receives the reason for the bound, in words. */
    static long platformBound(List<String> notes, String[] why0) {
        long bound = MAX_PLATFORM;
        String why = "the course's own cap";
        long tasks = runningTasks();
        Long pidMax = readLong(Path.of("/proc/sys/kernel/pid_max"));
        Long threadsMax = readLong(Path.of("/proc/sys/kernel/threads-max"));
        Long nproc = userProcessLimit();
        if (pidMax != null && tasks >= 0) {
            long b = (long) ((pidMax - tasks) * PID_SHARE);
            if (b < bound) { bound = b; why = String.format(Locale.ROOT, "a quarter of the %,d free pids (pid_max %,d)", pidMax - tasks, pidMax); }
        }
        if (threadsMax != null && tasks >= 0) {
            long b = (long) ((threadsMax - tasks) * PID_SHARE);
            if (b < bound) { bound = b; why = "a quarter of the free threads-max"; }
        }
        if (nproc != null && tasks >= 0) {
            long b = (long) ((nproc - tasks) * PID_SHARE);
            if (b < bound) { bound = b; why = "a quarter of the user's free process limit"; }
        }
        bound = Math.max(1, bound);
        why0[0] = why;
        notes.add(String.format(Locale.ROOT, "Platform threads are capped at %,d here: %s (%,d tasks were running).",
                bound, why, Math.max(tasks, 0)));
        return bound;
    }

    /** Threads of every process on the machine, from /proc; -1 where there is no /proc. */
    static long runningTasks() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) return -1;
        long n = 0;
        try (Stream<Path> pids = Files.list(proc)) {
            for (Path p : (Iterable<Path>) pids::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
                try (Stream<Path> tasks = Files.list(p.resolve("task"))) {
                    n += tasks.count();
                } catch (IOException | SecurityException e) {
                    n += 1; // a process we may not look into still has at least one thread
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    static Long userProcessLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max processes")) {
                    String soft = line.substring("Max processes".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? null : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static Long readLong(Path p) {
        try {
            // readAllLines, not readString: some kernels answer a sized read of a sysctl file with one byte
            return Long.parseLong(String.join("", Files.readAllLines(p)).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Resident set size of this process in bytes (Linux), or -1. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code asleep}: how many were asleep when the last one had started. */
    record Run(int started, double startMs, double totalMs, int asleep, long bytes, String error, double afterWakeMs) {}

    /**
     * Starts {@code n} threads that each sleep until a shared wake-up time, measures memory while all sleep,
     * then joins them. Every thread is interrupted and joined on any exit path.
     */
    static Run measure(ThreadFactory factory, int n, Duration sleep, boolean measureHeap) {
        return measure(factory, n, sleep, measureHeap, 0);
    }

    /** {@code plannedNanos}: how long starting all of them is expected to take (the shared wake-up is after it). */
    static Run measure(ThreadFactory factory, int n, Duration sleep, boolean measureHeap, long plannedNanos) {
        int every = measureHeap ? 256 : 16;
        long heap0 = measureHeap ? heapUsedAfterGc() : 0;
        long rss0 = rssBytes();
        Thread[] threads = new Thread[n];
        AtomicInteger woke = new AtomicInteger();
        // every thread sleeps until wakeAt; while starting takes longer than the sleep, the starter pushes wakeAt
        // later, so all n are asleep at once when the last one has started
        java.util.concurrent.atomic.AtomicLong wakeAt = new java.util.concurrent.atomic.AtomicLong();
        long margin = Duration.ofMillis(measureHeap ? 1_000 : 200).toNanos();
        int started = 0;
        String error = null;
        long t0 = System.nanoTime();
        wakeAt.set(t0 + Math.max(sleep.toNanos(), plannedNanos));
        Runnable sleeper = () -> {
            try {
                long left;
                while ((left = wakeAt.get() - System.nanoTime()) > 0) Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                // asked to stop
            } finally {
                woke.incrementAndGet();
            }
        };
        try {
            for (int i = 0; i < n; i++) {
                if (i % every == 0) {
                    Budget.checkInterrupt();
                    long now = System.nanoTime();
                    // push the wake-up out by half the time spent so far (at least the margin): few pushes, so few
                    // threads wake early and go back to sleep (each costs a second timer), and little overshoot
                    if (wakeAt.get() - now < margin) wakeAt.set(now + Math.max(margin, (now - t0) / 2));
                }
                threads[i] = factory.newThread(sleeper);
                try {
                    threads[i].start();
                } catch (OutOfMemoryError e) { // "unable to create native thread": the OS said no
                    error = String.valueOf(e.getMessage());
                    break;
                }
                started++;
            }
            long t1 = System.nanoTime();
            int asleep = started - woke.get();
            // the GC below starts at once, well before wakeAt (at least `margin` away): every thread is still
            // asleep and counted; threads that wake after it do not change the figure it read
            long heap = measureHeap ? heapUsedAfterGc() - heap0 : 0;
            if (System.getenv("RACELAB_DEBUG_VT") != null) System.err.printf("start %.0f ms, gc done at %.0f ms%n", (t1 - t0) / 1e6, (System.nanoTime() - t0) / 1e6);
            long rss = rssBytes() - rss0;
            for (int i = 0; i < started; i++) threads[i].join();
            long t2 = System.nanoTime();
            double afterWake = (t2 - wakeAt.get()) / 1e6;
            return new Run(started, (t1 - t0) / 1e6, (t2 - t0) / 1e6, asleep, measureHeap ? heap : rss, error, afterWake);
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } finally {
            stopAll(threads, started);
        }
    }

    /** Interrupts and joins every started thread that is still alive. */
    static void stopAll(Thread[] threads, int started) {
        boolean interrupted = false;
        for (int i = 0; i < started; i++) if (threads[i].isAlive()) threads[i].interrupt();
        for (int i = 0; i < started; i++) {
            while (threads[i].isAlive()) {
                try {
                    threads[i].join(Duration.ofSeconds(10));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Runs {@link PlatformChild} for {@code n} threads and reads its one line of figures. */
    static Run platformInChild(int n, Duration sleep) {
        List<String> cmd = dev.racelab.core.ChildJvm.command(List.of("-Xms32m", "-Xmx32m", "-XX:+AlwaysPreTouch",
                "-XX:-UsePerfData", "-Xshare:auto"), PlatformChild.class, Integer.toString(n), Long.toString(sleep.toMillis()));
        try (dev.racelab.core.ChildProcesses kids = new dev.racelab.core.ChildProcesses()) {
            Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true));
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = kids.waitFor(p, Duration.ofSeconds(120));
            String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the platform-thread child exited with " + exit
                            + " and printed no result: " + out.strip()));
            String[] f = line.substring(7).split("\t", -1);
            return new Run(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Integer.parseInt(f[3]), Long.parseLong(f[4]), f[5].isEmpty() ? null : f[5], Double.parseDouble(f[6]));
        } catch (IOException e) {
            throw new IllegalStateException("could not read the platform-thread child: " + e.getMessage(), e);
        }
    }

    /**
     * Child main: starts {@code n} sleeping platform threads in a JVM whose heap is fixed and pre-touched, so the
     * growth of its resident set is the threads' own memory (stacks and thread structures); prints one line.
     */
    public static final class PlatformChild {
        public static void main(String[] args) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
            int n = Integer.parseInt(args[0]);
            Duration sleep = Duration.ofMillis(Long.parseLong(args[1]));
            measure(sleeperFactory(false), Math.min(n, 200), Duration.ofMillis(20), false); // warm-up
            Run r = measure(sleeperFactory(false), n, sleep, false);
            System.out.println("RESULT " + r.started() + "\t" + r.startMs() + "\t" + r.totalMs() + "\t" + r.asleep()
                    + "\t" + r.bytes() + "\t" + (r.error() == null ? "" : r.error().replace('\t', ' ')) + "\t" + r.afterWakeMs());
        }
    }
}
