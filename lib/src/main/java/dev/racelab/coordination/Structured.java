package dev.racelab.coordination;

import dev.racelab.core.ChildJvm;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Structured concurrency and scoped values, run in a child JVM from source ({@code ScopeChild.java}, a resource of
 * this package): {@code StructuredTaskScope} is a preview API in JDK 25 (JEP 505), so the child runs with
 * {@code --enable-preview --source 25} and this kernel stays as it is; {@code ScopedValue} is final in JDK 25 (JEP 506).
 * On a JDK before 25 the result says so and measures nothing. {@code Structured.scope().explain()}
 */
public final class Structured {
    private Structured() {}

    /** The JDK whose API the child is written against. */
    public static final int JDK = 25;
    static final long CHILD_LIMIT_S = 30;

    public static int runningFeature() {
        return Runtime.version().feature();
    }

    /** The child's stdout lines, or throws naming what went wrong; the child is ended on timeout and interrupt. */
    static List<String> child(String mode, int n) {
        Path dir = null;
        Process p = null;
        try {
            dir = Files.createTempDirectory("racelab-scope");
            Path src = dir.resolve("ScopeChild.java");
            try (InputStream in = Structured.class.getResourceAsStream("ScopeChild.java")) {
                if (in == null) throw new IllegalStateException("ScopeChild.java is missing from the library");
                Files.write(src, in.readAllBytes());
            }
            p = new ProcessBuilder(ChildJvm.javaBinary(), "--enable-preview", "--source", String.valueOf(JDK), "-Xmx512m",
                    src.toString(), mode, String.valueOf(n)).redirectErrorStream(true).start();
            Process proc = p;
            List<String> lines = new ArrayList<>();
            Thread reader = Thread.ofPlatform().daemon(true).name("racelab-scope-reader").start(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) synchronized (lines) { lines.add(line); }
                } catch (IOException e) {
                    // the child ended
                }
            });
            boolean ended = dev.racelab.core.Budget.call(() -> proc.waitFor(CHILD_LIMIT_S, TimeUnit.SECONDS));
            if (!ended) throw new IllegalStateException("the child JVM did not finish within " + CHILD_LIMIT_S + " s");
            dev.racelab.core.Budget.step(() -> reader.join(5_000));
            synchronized (lines) {
                if (proc.exitValue() != 0) {
                    throw new IllegalStateException("the child JVM exited " + proc.exitValue() + ": "
                            + String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size())));
                }
                return List.copyOf(lines);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run the child JVM: " + e.getMessage(), e);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (dir != null) {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // a temporary folder left behind is harmless
                }
            }
        }
    }

    static Result skipped(String experiment, String title) {
        return Result.builder(experiment, title).param("jdk_needed", JDK).param("jdk_running", runningFeature())
                .figure("skipped", 1, "").ended("skipped: JDK " + runningFeature() + " is older than " + JDK)
                .explainer(StructuredExplain::skipped).build();
    }

    /**
     * Per trial, a scope forks 4 subtasks that sleep 5 s and one that fails after 5 ms: how long after the failure
     * the scope's join returned, how many siblings were cancelled (interrupted), finished, or were still alive after
     * the scope closed. {@code Structured.scope().explain()}
     */
    public static Result scope() {
        return scope(Profile.quickOrFull(20, 100));
    }

    public static Result scope(int trials) {
        Require.inRange("trials", trials, 1, 1_000);
        if (runningFeature() < JDK) return skipped("structured-scope", "StructuredTaskScope: a failing subtask");
        DataTable t = new DataTable("trial", "after_failure_us", "cancelled", "finished", "alive_after", "subtasks", "failed");
        int i = 0;
        for (String line : child("scope", trials)) {
            if (!line.startsWith("trial ")) continue;
            String[] f = line.split(" ");
            t.add(++i, Double.parseDouble(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]), Integer.parseInt(f[6]));
        }
        long cancelled = sum(t, 2), finished = sum(t, 3), alive = sum(t, 4), failed = sum(t, 6);
        return Result.builder("structured-scope", "StructuredTaskScope (preview, JDK " + JDK + "): a failing subtask")
                .samples(t).param("jdk_running", runningFeature()).param("trials", trials).param("siblings", 4)
                .param("preview", "--enable-preview (child JVM only)")
                .figure("trials", t.size(), "trials").figure("scopes_failed", failed, "trials")
                .figure("siblings_cancelled", cancelled, "subtasks").figure("siblings_finished", finished, "subtasks")
                .figure("threads_alive_after_scope", alive, "threads")
                .figure("median_join_after_failure_us", Interval.median(t.doubles("after_failure_us")), "µs")
                .note("A child JVM: java --enable-preview --source " + JDK + " ScopeChild.java scope " + trials
                        + " (the first trial includes the JIT's warm-up).")
                .explainer(StructuredExplain::scope).build();
    }

    static long sum(DataTable t, int col) {
        return t.rows().stream().mapToLong(r -> ((Number) r[col]).longValue()).sum();
    }

    /**
     * What a new thread sees of its parent's context (ThreadLocal, InheritableThreadLocal, ScopedValue), and the heap
     * per parked virtual thread with no context, a ThreadLocal, a ScopedValue binding, or an inherited ThreadLocal.
     * {@code Structured.scopedValues().explain()}
     */
    public static Result scopedValues() {
        return scopedValues(Profile.quickOrFull(3_000, 100_000));
    }

    public static Result scopedValues(int threads) {
        Require.inRange("virtual threads", threads, 100, 1_000_000);
        if (runningFeature() < JDK) return skipped("scoped-values", "ScopedValue against ThreadLocal");
        Map<String, String> seen = new LinkedHashMap<>();
        Map<String, List<Double>> bytes = new LinkedHashMap<>();
        for (String line : child("values", threads)) {
            String[] f = line.split(" ");
            if (f[0].equals("bytes")) bytes.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
            else if (f.length == 2) seen.put(f[0], f[1]);
        }
        DataTable t = new DataTable("what", "value");
        seen.forEach(t::add);
        Result.Builder b = Result.builder("scoped-values", "ScopedValue (final in JDK " + JDK + ") against ThreadLocal")
                .samples(t).showSamples().param("jdk_running", runningFeature()).param("threads", threads);
        seen.forEach(b::param);
        for (var e : bytes.entrySet()) {
            b.figure(e.getKey() + "_bytes", Interval.median(e.getValue().stream().mapToDouble(Double::doubleValue).toArray()), "bytes/thread");
        }
        return b.note("A child JVM (java --enable-preview --source " + JDK + "; the scope fork needs preview). Heap per "
                        + "parked virtual thread: used heap after GC with " + threads + " threads parked, minus before; "
                        + "3 rounds, each starting with another kind. The thread's own stack is in every figure.")
                .explainer(StructuredExplain::values)
                .chart(r -> dev.racelab.chart.Charts.intervalDots("Heap per parked virtual thread (median of 3 rounds)", "bytes",
                        List.of("no context", "ThreadLocal", "ScopedValue", "inherited ThreadLocal"),
                        dots(r, "estimate"), dots(r, "low"), dots(r, "high")))
                .build();
    }

    static double[] dots(Result r, String which) {
        String[] k = {"none", "threadlocal", "scopedvalue", "inheritable"};
        double[] out = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            Interval iv = r.interval(k[i] + "_bytes");
            out[i] = switch (which) {
                case "low" -> iv.low();
                case "high" -> iv.high();
                default -> iv.estimate();
            };
        }
        return out;
    }
}
