package dev.racelab.processes;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Why Python reaches for {@code multiprocessing} and Java rarely does, measured: the same CPU-bound batch serially,
 * on a pool of threads and on a pool of processes, in CPython (a child process running a script shipped with the
 * library) and in Java. Under CPython's global interpreter lock (GIL) only one thread runs Python code at a time.
 * {@code PythonGil.of().run()}
 */
public final class PythonGil {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    public static final List<String> SETUPS = List.of("serial", "threads", "processes");

    private int tasks;
    private double taskMillis;
    private int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int repeats;

    private PythonGil() {
        tasks = Profile.quickOrFull(4, 16);
        taskMillis = Profile.quickOrFull(30.0, 100.0);
        repeats = Profile.quickOrFull(3, 5);
    }

    public static PythonGil of() {
        return new PythonGil();
    }

    /** A range {@code tasks} checks; its terminal option's help names the same constant. */
    public static final String TASKS_RANGE = "1..1000";

    public PythonGil tasks(int n) {
        this.tasks = Require.inRange("tasks", n, TASKS_RANGE);
        return this;
    }

    /** A range {@code taskMillis} checks; its terminal option's help names the same constant. */
    public static final String TASK_MILLIS_RANGE = "1..2000";

    public PythonGil taskMillis(double ms) {
        this.taskMillis = Require.inRange("task length (ms)", ms, TASK_MILLIS_RANGE);
        return this;
    }

    public PythonGil workers(int n) {
        this.workers = Require.inRange("workers", n, 1, ProcessPool.MAX_WORKERS);
        return this;
    }

    /** A range {@code repeats} checks; its terminal option's help names the same constant. */
    public static final String REPEATS_RANGE = "1..20";

    /** Timed batches per setup, taking turns; the best is kept ({@value #REPEATS_RANGE}). */
    public PythonGil repeats(int n) {
        this.repeats = Require.inRange("repeats", n, REPEATS_RANGE);
        return this;
    }

    /** The course's Python (its .venv), else python3 on the PATH; empty when there is none. */
    public static Optional<Path> python() {
        String home = System.getenv("RACELAB_HOME");
        if (home != null) {
            Path venv = Path.of(home, ".venv", "bin", "python");
            if (Files.isExecutable(venv)) return Optional.of(venv);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public GilResult run() {
        Result.Builder b = Result.builder("python-gil", String.format(Locale.ROOT,
                        "The same CPU-bound batch (%d tasks of ~%.0f ms) in Python and in Java: serial, %d threads, %d processes",
                        tasks, taskMillis, workers, workers))
                .param("tasks", tasks).param("task_ms", taskMillis).param("workers", workers).param("repeats", repeats)
                .explainer(PythonGilExplain::explain);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        b.figure("load_average", load, "runnable threads on the machine (1-minute average, before the run; -1: unknown)");
        DataTable t = new DataTable("language", "setup", "repeat", "wall_ms");
        Map<String, String> info = new LinkedHashMap<>();
        Optional<Path> py = python();
        if (py.isPresent()) {
            info = runPython(py.get(), t);
        } else {
            b.note("Skipped the Python half: no python3 found (neither the course's .venv nor on the PATH).");
        }
        runJava(t);
        b.samples(t);
        // each language's names spelled out, so that a search for a name a notebook reads finds this line
        for (String[] names : List.of(new String[] {"Python", "python_serial_ms", "python_threads_speedup", "python_processes_speedup"},
                new String[] {"Java", "java_serial_ms", "java_threads_speedup", "java_processes_speedup"})) {
            String lang = names[0];
            double serial = best(t, lang, "serial");
            if (Double.isNaN(serial)) continue;
            b.figure(names[1], serial, "ms (best of " + repeats + ")");
            b.figure(names[2], serial / best(t, lang, "threads"), "× over serial");
            b.figure(names[3], serial / best(t, lang, "processes"), "× over serial");
        }
        b.figure("python_found", py.isPresent() ? 1 : 0, "");
        if (info.containsKey("gil")) b.figure("python_gil", Double.parseDouble(info.get("gil")), "1: the GIL is on");
        if (info.containsKey("process_startup")) {
            b.figure("python_process_pool_startup_ms", Double.parseDouble(info.get("process_startup")) * 1000,
                    "ms (" + info.getOrDefault("start_method", "?") + ")");
        }
        if (info.containsKey("python")) b.note("Python " + info.get("python") + ", processes started by "
                + info.getOrDefault("start_method", "?") + "; Java processes are a ProcessPool of worker JVMs.");
        b.note("Each setup ran " + repeats + " times, taking turns with the others; the best time is kept.");
        b.chart(r -> {
            Map<String, Map<String, Number>> v = new LinkedHashMap<>();
            for (String lang : List.of("Python", "Java")) {
                double serial = best(r.samples(), lang, "serial");
                if (Double.isNaN(serial)) continue;
                Map<String, Number> row = new LinkedHashMap<>();
                for (String s : SETUPS) row.put(label(s, workers), serial / best(r.samples(), lang, s));
                v.put(lang, row);
            }
            return Charts.bars("CPU-bound work: speedup over one thread", "", "speedup (×)", v, false);
        });
        return new GilResult(b);
    }

    static String label(String setup, int workers) {
        return switch (setup) {
            case "serial" -> "1 thread";
            case "threads" -> workers + " threads";
            default -> workers + " processes";
        };
    }

    static double best(DataTable t, String lang, String setup) {
        double[] w = t.where("language", lang).where("setup", setup).doubles("wall_ms");
        return w.length == 0 ? Double.NaN : Stats.of(w).min();
    }

    private Map<String, String> runPython(Path python, DataTable t) {
        Map<String, String> info = new LinkedHashMap<>();
        Path script = null;
        try (ChildProcesses kids = new ChildProcesses()) {
            script = Files.createTempFile("racelab-gil-", ".py");
            try (InputStream in = PythonGil.class.getResourceAsStream("gil.py")) {
                if (in == null) throw new IllegalStateException("gil.py is missing from the library");
                Files.write(script, in.readAllBytes());
            }
            Process p = kids.start(new ProcessBuilder(python.toString(), script.toString(), Integer.toString(tasks),
                    Double.toString(taskMillis), Integer.toString(workers), Integer.toString(repeats)).redirectErrorStream(true));
            ChildOutput.Ended ended = ChildOutput.await(kids, p, TIMEOUT);
            String out = ended.output();
            int code = ended.exitCode();
            if (code != 0) throw new IllegalStateException(python + " exited with " + code + ": " + out.strip());
            int[] rep = new int[3];
            for (String line : out.lines().toList()) {
                String[] w = line.split(" ", 2);
                if (w.length < 2) continue;
                int i = SETUPS.indexOf(w[0]);
                if (i >= 0) t.add("Python", w[0], rep[i]++, Double.parseDouble(w[1]) * 1000);
                else info.put(w[0], w[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the Python half: " + e.getMessage(), e);
        } finally {
            if (script != null) script.toFile().delete();
        }
        return info;
    }

    private void runJava(DataTable t) {
        long rounds = Workload.roundsFor(taskMillis);
        List<ProcessPool.Task> batch = ProcessPool.tasks("cpu", rounds, tasks);
        try (PoolComparison.Runner one = PoolComparison.open("platform threads", 1);
             PoolComparison.Runner threads = PoolComparison.open("platform threads", workers);
             PoolComparison.Runner procs = PoolComparison.open("processes", workers)) {
            List<PoolComparison.Runner> runners = List.of(one, threads, procs);
            for (PoolComparison.Runner r : runners) r.run(ProcessPool.tasks("cpu", Workload.roundsFor(1), workers * 3));
            for (int i = 0; i < repeats; i++) {
                for (int s = 0; s < SETUPS.size(); s++) {
                    Budget.checkInterrupt();
                    long t0 = System.nanoTime();
                    runners.get(s).run(batch);
                    t.add("Java", SETUPS.get(s), i, (System.nanoTime() - t0) / 1e6);
                }
            }
        }
    }

    /** The comparison with typed access to its speedups. */
    public static final class GilResult extends Result {
        GilResult(Result.Builder b) {
            super(b);
        }

        public boolean hasPython() {
            return value("python_found") == 1;
        }

        /** Speedup over serial of {@code setup} ("threads" or "processes") in {@code language} ("Python", "Java"). */
        public double speedup(String language, String setup) {
            return best(samples(), language, "serial") / best(samples(), language, setup);
        }
    }
}
