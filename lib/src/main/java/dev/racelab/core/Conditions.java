package dev.racelab.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the CPU really gave a run: how many cores this JVM may use (affinity, cpuset and CPU quota included), how much
 * of a short probe two threads really ran at the same time, and how much CPU other processes took meanwhile.
 * Every {@link Result} records one; {@code result.conditions().regime()} tells one core, a quota, a busy machine and
 * free cores apart. {@code Conditions.now().describe()}
 *
 * <p>Why: a race needs two threads running at once. On one core (Binder, small hubs, {@code taskset -c 0}), under a
 * CPU quota, or beside other learners' kernels, the same experiment measures something else, and the prose must say
 * so rather than call the code safe.
 *
 * <p>Implementation note: the probe starts two threads that spin for {@link #PROBE_NANOS} from a common start time
 * and mark every {@link #BUCKET_NANOS} slot of the clock in which they ran; a slot marked by both is time they ran
 * at once. A descheduled thread leaves its slots empty. Probes are cached for {@link #CACHE_NANOS}, so a sweep of many
 * points pays for one every few seconds. Machine-wide CPU use comes from {@code /proc/stat} (Linux; elsewhere the
 * figures are NaN), this process's from the JVM.
 */
public record Conditions(int cores, int onlineCpus, String cpusAllowed, double quotaCpus, double load1,
                         double parallelism, double probeMillis, double othersCpu, double ownCpu, double stealShare,
                         double windowSeconds) {
    static final long PROBE_NANOS = 25_000_000L;
    static final long BUCKET_NANOS = 20_000L;
    static final long CACHE_NANOS = 2_000_000_000L;
    /** Below this share of the probe running at once, two threads mostly took turns. */
    public static final double PARALLEL_ENOUGH = 0.6;
    /** Other processes using this many cores or more during the run make the machine busy. */
    public static final double OTHERS_BUSY = 0.5;
    /** CPU use is only judged over runs at least this long (/proc/stat counts in 10 ms ticks). */
    static final double MIN_WINDOW_S = 0.5;

    /** What kind of CPU the run had, in the order they are tested. */
    public enum Regime {
        /** This JVM may use one CPU (affinity or cpuset, e.g. {@code taskset -c 0}): threads can only take turns. */
        ONE_CORE("one core"),
        /** A CPU quota (cgroup) below the cores this JVM sees: threads run at once until the quota is used up. */
        QUOTA("a CPU quota"),
        /** Several cores, but other work took them: two threads ran at once only part of the time. */
        BUSY("busy cores"),
        /** Several cores, and two threads really ran at once. */
        FREE("free cores");

        private final String label;

        Regime(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static volatile Probe cached;

    /** The conditions right now (a cached probe, no run window). */
    public static Conditions now() {
        Window w = begin();
        return w.end();
    }

    /** Starts measuring CPU use over a run; {@link Window#end()} takes (or reuses) a probe and closes the window. */
    public static Window begin() {
        return new Window(ProcStat.read(), ownCpuNanos(), System.nanoTime());
    }

    /** Synthetic conditions for tests and examples, e.g. {@code Conditions.of(Regime.BUSY)}. */
    public static Conditions of(Regime regime) {
        return switch (regime) {
            case ONE_CORE -> new Conditions(1, 2, "0", Double.NaN, 0.2, 0.0, 25, 0.0, 1.0, 0, 1);
            case QUOTA -> new Conditions(1, 2, "0-1", 1.0, 0.3, 0.5, 25, 0.0, 1.0, 0, 1);
            case BUSY -> new Conditions(2, 2, "0-1", Double.NaN, 3.5, 0.3, 25, 1.5, 0.9, 0, 1);
            case FREE -> new Conditions(2, 2, "0-1", Double.NaN, 0.1, 0.98, 25, 0.05, 1.9, 0, 1);
        };
    }

    public Regime regime() {
        // a quota binds when it is below the CPUs this process could otherwise use
        if (!Double.isNaN(quotaCpus) && quotaCpus < Math.min(onlineCpus, allowedCount()) - 0.01) return Regime.QUOTA;
        if (cores <= 1) return Regime.ONE_CORE;
        boolean othersBusy = windowSeconds >= MIN_WINDOW_S && !Double.isNaN(othersCpu) && othersCpu >= OTHERS_BUSY;
        if (parallelism < PARALLEL_ENOUGH || othersBusy) return Regime.BUSY;
        return Regime.FREE;
    }

    /** How many CPUs the affinity list allows (the online count when unknown). */
    int allowedCount() {
        int n = cpusAllowed == null ? -1 : countCpuList(cpusAllowed);
        return n > 0 ? n : onlineCpus;
    }

    /** Could two threads of this run race at all, most of the time? */
    public boolean parallel() {
        return regime() == Regime.FREE;
    }

    /** One sentence for a result's footer and for prose, e.g. "2 cores, free: two threads ran at once 98 % of a probe". */
    public String describe() {
        String cpus = cores + (cores == 1 ? " core" : " cores");
        String probe = Double.isNaN(parallelism) ? "" : String.format(Locale.ROOT,
                "two threads ran at once %.0f %% of a %.0f ms probe (best of " + PROBES + ")", parallelism * 100, probeMillis);
        String others = windowSeconds >= MIN_WINDOW_S && !Double.isNaN(othersCpu)
                ? String.format(Locale.ROOT, "other processes used %.1f cores", othersCpu) : "";
        String steal = stealShare >= 0.05 ? String.format(Locale.ROOT, "the hypervisor stole %.0f %% of the CPU", stealShare * 100) : "";
        return switch (regime()) {
            case ONE_CORE -> cpus + (onlineCpus > 1 ? " of " + onlineCpus + " online (CPUs allowed: " + cpusAllowed + ")" : "")
                    + ": threads can only take turns";
            case QUOTA -> String.format(Locale.ROOT, "a CPU quota of %.2f cores on %d online", quotaCpus, onlineCpus)
                    + join(": ", probe, others);
            case BUSY -> cpus + ", shared" + join(": ", probe, others, steal);
            case FREE -> cpus + ", free" + join(": ", probe, others, steal);
        };
    }

    /**
     * A sentence for prose about what these conditions do to threads that should race; empty for free cores.
     * E.g. "This JVM may use only one CPU (CPUs allowed: 0): its threads can never run at the same time."
     */
    public String sentence() {
        return switch (regime()) {
            case ONE_CORE -> "This JVM may use only one CPU" + (onlineCpus > 1 ? " of " + onlineCpus + " (CPUs allowed: " + cpusAllowed + ")" : "")
                    + ": two of its threads can never run at the same time.";
            case QUOTA -> String.format(Locale.ROOT, "A CPU quota of %.2f cores limits this JVM: its threads run at once only until "
                    + "each period's quota is used up.", quotaCpus);
            case BUSY -> "The cores were shared with other work" + join(" (", busyEvidence()) + (busyEvidence().isEmpty() ? "" : ")")
                    + ": two threads often had to take turns.";
            case FREE -> "";
        };
    }

    private String busyEvidence() {
        String others = windowSeconds >= MIN_WINDOW_S && !Double.isNaN(othersCpu)
                ? String.format(Locale.ROOT, "other processes used %.1f cores", othersCpu) : "";
        String probe = Double.isNaN(parallelism) ? "" : String.format(Locale.ROOT,
                "two threads ran at once only %.0f %% of a probe", parallelism * 100);
        return others.isEmpty() ? probe : probe.isEmpty() ? others : others + "; " + probe;
    }

    private static String join(String lead, String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) continue;
            sb.append(sb.length() == 0 ? lead : "; ").append(p);
        }
        return sb.toString();
    }

    /** Every figure, for metadata headers and JSON. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu_regime", regime().name().toLowerCase(Locale.ROOT));
        m.put("cpu_cores", Integer.toString(cores));
        m.put("cpu_online", Integer.toString(onlineCpus));
        m.put("cpu_allowed", cpusAllowed);
        m.put("cpu_quota", Double.isNaN(quotaCpus) ? "none" : fmt(quotaCpus));
        m.put("cpu_load1", fmt(load1));
        m.put("cpu_parallelism", fmt(parallelism));
        m.put("cpu_others", fmt(othersCpu));
        m.put("cpu_own", fmt(ownCpu));
        m.put("cpu_steal", fmt(stealShare));
        m.put("cpu_window_s", fmt(windowSeconds));
        return m;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** CPU use measured from the start of a run to its end. */
    public static final class Window {
        private final ProcStat start;
        private final long ownStart;
        private final long t0;

        Window(ProcStat start, long ownStart, long t0) {
            this.start = start;
            this.ownStart = ownStart;
            this.t0 = t0;
        }

        public Conditions end() {
            long t1 = System.nanoTime();
            ProcStat stop = ProcStat.read();
            long own = ownCpuNanos();
            double wall = (t1 - t0) / 1e9;
            double ownCpu = ownStart < 0 || own < 0 || wall <= 0 ? Double.NaN : (own - ownStart) / 1e9 / wall;
            double others = Double.NaN, steal = Double.NaN;
            if (start != null && stop != null && wall > 0) {
                double busyCores = (stop.busy - start.busy) / ProcStat.TICKS_PER_SECOND / wall;
                others = Math.max(0, busyCores - (Double.isNaN(ownCpu) ? 0 : ownCpu));
                long total = stop.total - start.total;
                steal = total > 0 ? (double) (stop.steal - start.steal) / total : Double.NaN;
            }
            Probe p = probe();
            return new Conditions(Runtime.getRuntime().availableProcessors(), readOnlineCpus(), readCpusAllowed(), readQuotaCpus(),
                    readLoad1(), p.parallelism, PROBE_NANOS / 1e6, others, ownCpu, steal, wall);
        }
    }

    // --- the probe ------------------------------------------------------------------------------------------------

    record Probe(double parallelism, long takenAt) {}

    /** The cached probe, or a new one when the cache is older than {@link #CACHE_NANOS}. */
    static Probe probe() {
        Probe p = cached;
        long now = System.nanoTime();
        if (p != null && now - p.takenAt < CACHE_NANOS) return p;
        p = new Probe(measureParallelism(), System.nanoTime());
        cached = p;
        return p;
    }

    /** Tests: forget the cached probe. */
    static void forgetProbe() {
        cached = null;
    }

    /** Probes per measurement: one 25 ms probe read 45 % on an idle machine and 73 % a minute later (issue 12). */
    static final int PROBES = 3;

    /**
     * The most that two spinning threads ran at once in {@value #PROBES} back-to-back probes (0..1); 0 with one usable
     * core. The best of three, because what the regime asks is whether the machine lets two threads run together:
     * a single 25 ms window is cut by a JIT compile, a GC or a hypervisor tick on an idle machine, while a machine whose
     * cores are taken stays low in all three.
     */
    static double measureParallelism() {
        double best = 0;
        for (int i = 0; i < PROBES; i++) best = Math.max(best, probeOnce());
        return best;
    }

    /** Share of {@link #PROBE_NANOS} in which two spinning threads both ran (0..1); 0 with one usable core. */
    static double probeOnce() {
        if (Runtime.getRuntime().availableProcessors() < 2) return 0;
        int slots = (int) (PROBE_NANOS / BUCKET_NANOS);
        boolean[][] ran = new boolean[2][slots];
        long startAt = System.nanoTime() + 2_000_000L; // both threads exist and spin before the window opens
        Thread[] ts = new Thread[2];
        for (int i = 0; i < 2; i++) {
            boolean[] mine = ran[i];
            ts[i] = new Thread(() -> spinAndMark(mine, startAt), "racelab-probe-" + i);
            ts[i].setDaemon(true);
            ts[i].start();
        }
        boolean interrupted = false;
        for (Thread t : ts) {
            while (true) {
                try {
                    t.join(); // ends by itself within ~30 ms: nothing outlives the probe
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            throw Budget.interrupted();
        }
        int both = 0;
        for (int s = 0; s < slots; s++) if (ran[0][s] && ran[1][s]) both++;
        return (double) both / slots;
    }

    private static void spinAndMark(boolean[] mine, long startAt) {
        long now;
        while ((now = System.nanoTime()) - startAt < 0) Thread.onSpinWait();
        long end = startAt + PROBE_NANOS;
        while ((now = System.nanoTime()) - end < 0) {
            mine[(int) ((now - startAt) / BUCKET_NANOS)] = true;
        }
    }

    // --- what the OS says -----------------------------------------------------------------------------------------

    /**
     * CPU time of this process and of its ended children (their time joins ours when the JVM reaps them), so child
     * JVMs an experiment started count as its own work, not as other processes' load. Linux: /proc/self/stat in
     * 10 ms ticks; elsewhere the JVM's own figure (children not included).
     */
    static long ownCpuNanos() {
        String stat = readFirstLine(Path.of("/proc/self/stat"));
        if (stat != null) {
            try {
                // fields after the command name in parentheses: utime is the 14th field, then stime, cutime, cstime
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                return (long) (ticks * (1e9 / ProcStat.TICKS_PER_SECOND));
            } catch (RuntimeException e) {
                // an unexpected format: fall back to the JVM's figure
            }
        }
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
        } catch (RuntimeException | LinkageError e) {
            // not available on this JVM: the figure is NaN
        }
        return -1;
    }

    static int readOnlineCpus() {
        String s = readFirstLine(Path.of("/sys/devices/system/cpu/online"));
        int n = s == null ? -1 : countCpuList(s);
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    /** The CPUs this process may run on (affinity, e.g. taskset), as a list such as "0-1"; "n/a" off Linux. */
    public static String readCpusAllowed() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a";
    }

    /** Counts CPUs in a list such as "0-3,6". */
    static int countCpuList(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) continue;
            String[] ab = part.trim().split("-");
            try {
                int a = Integer.parseInt(ab[0].trim());
                n += ab.length == 1 ? 1 : Integer.parseInt(ab[1].trim()) - a + 1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return n;
    }

    /** The CPU quota of this process's cgroup (v2 cpu.max or v1 cfs quota) in cores, NaN if none. */
    static double readQuotaCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length < 3) continue;
                String path = f[2];
                double q;
                if (f[0].equals("0") && f[1].isEmpty()) q = quotaAlong(Path.of("/sys/fs/cgroup"), path, true);
                else if (List.of(f[1].split(",")).contains("cpu")) q = quotaAlong(Path.of("/sys/fs/cgroup/cpu"), path, false);
                else continue;
                if (!Double.isNaN(q)) return q;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or no cgroup: no quota known
        }
        return Double.NaN;
    }

    /** The smallest quota from the cgroup at {@code path} up to the root. */
    static double quotaAlong(Path root, String path, boolean v2) {
        double best = Double.NaN;
        Path dir = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        while (dir.startsWith(root)) {
            double q = v2 ? parseCpuMax(readFirstLine(dir.resolve("cpu.max")))
                    : parseV1(readFirstLine(dir.resolve("cpu.cfs_quota_us")), readFirstLine(dir.resolve("cpu.cfs_period_us")));
            if (!Double.isNaN(q) && (Double.isNaN(best) || q < best)) best = q;
            if (dir.equals(root)) break;
            dir = dir.getParent();
        }
        return best;
    }

    /** "max 100000" -> NaN; "150000 100000" -> 1.5. */
    static double parseCpuMax(String line) {
        if (line == null) return Double.NaN;
        String[] f = line.trim().split("\\s+");
        if (f.length < 2 || f[0].equals("max")) return Double.NaN;
        try {
            double quota = Double.parseDouble(f[0]), period = Double.parseDouble(f[1]);
            return quota > 0 && period > 0 ? quota / period : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static double parseV1(String quota, String period) {
        if (quota == null || period == null) return Double.NaN;
        try {
            double q = Double.parseDouble(quota.trim()), p = Double.parseDouble(period.trim());
            return q > 0 && p > 0 ? q / p : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static double readLoad1() {
        String s = readFirstLine(Path.of("/proc/loadavg"));
        if (s == null) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? Double.NaN : l;
        }
        try {
            return Double.parseDouble(s.trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    static String readFirstLine(Path p) {
        try {
            if (!Files.isReadable(p)) return null;
            List<String> lines = Files.readAllLines(p);
            return lines.isEmpty() ? null : lines.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The machine-wide CPU counters of /proc/stat's first line, in clock ticks. */
    record ProcStat(long busy, long total, long steal) {
        static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on every Linux the JDK supports

        static ProcStat read() {
            String line = readFirstLine(Path.of("/proc/stat"));
            return line == null ? null : parse(line);
        }

        /** "cpu user nice system idle iowait irq softirq steal guest guest_nice". */
        static ProcStat parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[0].equals("cpu")) return null;
            try {
                long[] v = new long[Math.min(f.length - 1, 8)];
                for (int i = 0; i < v.length; i++) v[i] = Long.parseLong(f[i + 1]);
                long idle = v[3] + (v.length > 4 ? v[4] : 0);
                long total = 0;
                for (long x : v) total += x;
                long steal = v.length > 7 ? v[7] : 0;
                return new ProcStat(total - idle - steal, total, steal);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
