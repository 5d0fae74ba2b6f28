package dev.racelab.processes;

import dev.racelab.chart.Charts;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory per worker: the resident size of each worker process of a pool, against what one more platform thread
 * or virtual thread adds to a process. Linux only (it reads {@code /proc}); elsewhere it says so and measures nothing.
 * {@code PoolMemory.of().run()}
 */
public final class PoolMemory {
    private int workers = 2;
    private int platformThreads;
    private int virtualThreads;

    private PoolMemory() {
        platformThreads = Profile.quickOrFull(200, 1_000);
        virtualThreads = Profile.quickOrFull(10_000, 100_000);
    }

    public static PoolMemory of() {
        return new PoolMemory();
    }

    public PoolMemory workers(int n) {
        this.workers = Require.inRange("workers", n, 1, ProcessPool.MAX_WORKERS);
        return this;
    }

    /** How many parked platform threads to add to a fresh JVM (10..5,000). */
    public PoolMemory platformThreads(int n) {
        this.platformThreads = Require.inRange("platform threads", n, 10, 5_000);
        return this;
    }

    /** How many parked virtual threads to add to a fresh JVM (100..1,000,000). */
    public PoolMemory virtualThreads(int n) {
        this.virtualThreads = Require.inRange("virtual threads", n, 100, 1_000_000);
        return this;
    }

    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/status"));
    }

    public Result run() {
        Result.Builder b = Result.builder("pool-memory", "Memory per worker: a process versus a thread")
                .param("workers", workers).param("platform_threads", platformThreads).param("virtual_threads", virtualThreads);
        DataTable t = new DataTable("worker", "measure", "kb");
        if (!supported()) {
            b.note("Skipped: this system has no /proc to read resident memory from (Linux only).");
            b.figure("supported", 0, "");
            return b.samples(t).build();
        }
        try (ProcessPool pool = ProcessPool.start(workers)) {
            pool.run(ProcessPool.tasks("cpu", 1_000_000, workers * 2)); // a worker that has done some work
            for (long pid : pool.pids()) {
                Map<String, Long> m = read(pid);
                t.add("worker process", "rss", m.getOrDefault("VmRSS", -1L));
                if (m.containsKey("Pss")) t.add("worker process", "pss", m.get("Pss"));
            }
        }
        t.add("platform thread", "rss per thread", probe("platform", platformThreads));
        t.add("virtual thread", "rss per thread", probe("virtual", virtualThreads));
        b.samples(t).showSamples();
        double rss = Stats.of(t.where("measure", "rss").doubles("kb")).median();
        double[] pss = t.where("measure", "pss").doubles("kb");
        double platform = t.where("worker", "platform thread").doubles("kb")[0];
        double virtual = t.where("worker", "virtual thread").doubles("kb")[0];
        b.figure("supported", 1, "");
        b.figure("worker_rss_mb", rss / 1024, "MB (resident set of one worker JVM)");
        if (pss.length > 0) b.figure("worker_pss_mb", Stats.of(pss).median() / 1024, "MB (its fair share of pages shared with other processes)");
        b.figure("platform_thread_kb", platform, "KB (resident memory one more parked platform thread adds)");
        b.figure("virtual_thread_kb", virtual, "KB (one more parked virtual thread)");
        b.figure("process_per_platform_thread", rss / platform, "× (one worker process's RSS in platform threads)");
        b.figure("process_per_virtual_thread", rss / virtual, "× (in virtual threads)");
        b.note("RSS counts every page a process has in memory, including libraries it shares with other JVMs; PSS divides "
                + "shared pages among the processes sharing them. Threads were measured in a fresh JVM: resident memory "
                + "before and after starting N threads that park, divided by N.");
        b.chart(r -> {
            Map<String, Number> v = new LinkedHashMap<>();
            v.put("worker process (RSS)", rss);
            if (pss.length > 0) v.put("worker process (PSS)", Stats.of(pss).median());
            v.put("platform thread", platform);
            v.put("virtual thread", virtual);
            return Charts.wrapCategoryLabels(Charts.bars("Resident memory per worker (KB, log scale)", "KB", v, true), 2);
        });
        return b.build();
    }

    /** VmRSS (status) and Pss (smaps_rollup) of a process, in KB. */
    static Map<String, Long> read(long pid) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (l.startsWith("VmRSS:")) m.put("VmRSS", Long.parseLong(l.replaceAll("[^0-9]", "")));
            }
            Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
            if (Files.isReadable(rollup)) {
                for (String l : Files.readAllLines(rollup, StandardCharsets.UTF_8)) {
                    if (l.startsWith("Pss:")) m.put("Pss", Long.parseLong(l.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile: report what was read
        }
        return m;
    }

    /** KB of resident memory per parked thread, measured in a fresh JVM. */
    static double probe(String kind, int n) {
        try (ChildProcesses kids = new ChildProcesses()) {
            Process p = kids.start(new ProcessBuilder(ChildJvm.command(List.of("-XX:+UseSerialGC", "-XX:-UsePerfData"),
                    PoolWorker.class, "probe", kind, Integer.toString(n))).redirectErrorStream(true));
            ChildOutput.Ended ended = ChildOutput.await(kids, p, Duration.ofSeconds(60));
            String out = ended.output().trim();
            int code = ended.exitCode();
            String[] w = out.lines().filter(l -> l.startsWith("RSS_KB ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("memory probe (" + kind + ") exited with " + code + ": " + out))
                    .split(" ");
            return (Long.parseLong(w[2]) - Long.parseLong(w[1])) / (double) n;
        }
    }
}
