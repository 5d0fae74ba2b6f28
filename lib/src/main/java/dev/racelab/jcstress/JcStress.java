package dev.racelab.jcstress;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.notebook.Progress;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Runs the course's JCStress tests ({@code stress/}) in a child JVM and reads the outcomes back from the binary
 * results file JCStress writes — its only machine-readable output — with JCStress's own classes.
 * {@code JcStress.test("Counter_01_PlainIncrement").run()}, {@code JcStress.suite().run()}
 */
public final class JcStress {
    /**
     * {@code QUICK}: JCStress's quick mode with one JVM configuration ({@code -sc false}, serial GC) — the default,
     * and on 2 cores the fastest (~40 s for the whole suite, a million or more samples a test). {@code SANITY}
     * tries several JVM configurations but takes only a few dozen samples a test (~75 s for the suite).
     */
    public enum Mode { SANITY, QUICK }

    static final Pattern TEST = Pattern.compile("JCTEST\\d+S(dev\\.racelab\\.stress\\.\\w+?)\\d+S");

    private final List<String> tests;
    private Mode mode = Mode.QUICK;
    private Duration time;
    private boolean each;

    private JcStress(List<String> tests, Duration time) {
        this.tests = tests;
        this.time = time;
    }

    /** One test by its simple or full name, e.g. {@code "Counter_01_PlainIncrement"}, or a unique prefix ({@code "Counter_01"}). */
    public static JcStress test(String name) {
        Require.notNull("test name", name);
        String full = resolve(name);
        return new JcStress(List.of(full), Duration.ofSeconds(40));
    }

    /**
     * Several tests in one JCStress run: JCStress probes the machine and the JVM once per run (a dozen child JVMs,
     * most of a quick run's time), so two tests in one run take little longer than one. Read them with
     * {@link #runEach()}.
     */
    public static JcStress tests(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("name at least one test");
        List<String> full = new ArrayList<>();
        for (String n : names) full.add(resolve(Require.notNull("test name", n)));
        return new JcStress(List.copyOf(full), Duration.ofSeconds(40L + 10L * (full.size() - 1)));
    }

    /** Every test of the course. */
    public static JcStress suite() {
        return new JcStress(available(), Duration.ofMinutes(10));
    }

    public JcStress mode(Mode m) {
        this.mode = Require.notNull("mode", m);
        return this;
    }

    public JcStress seconds(double s) {
        Require.inRange("time budget (s)", s, 1, 3600);
        this.time = Duration.ofMillis((long) (s * 1000));
        return this;
    }

    /** The tests in {@code stress/target/jcstress.jar}, by full class name. */
    public static List<String> available() {
        try (ZipFile zip = new ZipFile(jar().toFile())) {
            var entry = zip.getEntry("META-INF/TestList");
            if (entry == null) throw new IllegalStateException(jar() + " lists no tests: rebuild with ./mvnw package");
            String list;
            try (InputStream in = zip.getInputStream(entry)) {
                list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> out = new ArrayList<>();
            Matcher m = TEST.matcher(list);
            while (m.find()) if (!out.contains(m.group(1))) out.add(m.group(1));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar() + ": " + e.getMessage(), e);
        }
    }

    /** A full name, a simple name, or a unique prefix of a simple name ("Counter_03"). */
    static String resolve(String name) {
        List<String> all = available();
        for (String t : all) if (t.equals(name) || t.endsWith("." + name)) return t;
        List<String> prefixed = all.stream().filter(t -> !name.isEmpty() && short_(t).startsWith(name)).toList();
        if (prefixed.size() == 1) return prefixed.get(0);
        throw new IllegalArgumentException((prefixed.isEmpty() ? "no JCStress test '" + name + "'" : "'" + name + "' is ambiguous")
                + "; available: " + String.join(", ", (prefixed.isEmpty() ? all : prefixed).stream().map(JcStress::short_).sorted().toList()));
    }

    /** {@code stress/target/jcstress.jar} of the course checkout. */
    public static Path jar() {
        List<Path> roots = new ArrayList<>();
        String home = System.getenv("RACELAB_HOME");
        if (home != null) roots.add(Path.of(home));
        try {
            Path lib = Path.of(JcStress.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // lib/target/racelab-lib.jar or lib/target/classes -> the checkout is two levels up
            roots.add(lib.getParent().getParent().getParent());
        } catch (URISyntaxException | NullPointerException e) {
            // fall through to the current folder
        }
        roots.add(Path.of("").toAbsolutePath());
        for (Path r : roots) {
            Path p = r.resolve("stress").resolve("target").resolve("jcstress.jar");
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException("stress/target/jcstress.jar not found (looked under " + roots + "); run ./course setup");
    }

    /**
     * JCStress runs each thread (actor) of a test on a CPU of its own and will not share one: on fewer CPUs than a
     * course test has actors it runs nothing ("No scheduling is possible"), and {@code -c 2} on one CPU is refused.
     */
    static final int MIN_CPUS = 2;

    /** Why this JVM cannot run the tests here, or null when it can. */
    static String cannotRun(int cpus) {
        return cpus >= MIN_CPUS ? null : "this JVM may use " + cpus + " CPU (taskset, a cpuset or a container limit), and "
                + "JCStress runs each of a test's " + MIN_CPUS + " threads on a CPU of its own";
    }

    public Result run() {
        String why = cannotRun(Runtime.getRuntime().availableProcessors());
        if (why != null) {
            // no child JVM started: a result that says so, which no check can read as a pass or a fail
            return tests.size() == 1 ? notRun(tests.get(0), why) : notRunSuite(why);
        }
        Path work;
        try {
            // <checkout>/build/jcstress/<time>: the jar is <checkout>/stress/target/jcstress.jar
            Path base = jar().toAbsolutePath().getParent().getParent().getParent().resolve("build").resolve("jcstress");
            Files.createDirectories(base);
            work = Files.createTempDirectory(base, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String regex = tests.size() == 1 ? Pattern.quote(tests.get(0)) + "$"
                : each ? "(" + String.join("|", tests.stream().map(x -> Pattern.quote(x) + "$").toList()) + ")"
                : "dev\\.racelab\\.stress\\.";
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.javaBinary(), "-jar", jar().toString(), "-t", regex));
        if (mode == Mode.SANITY) cmd.addAll(List.of("-m", "sanity"));
        else cmd.addAll(List.of("-m", "quick", "-sc", "false", "-jvmArgs", "-XX:+UseSerialGC"));
        String console;
        int exit;
        long t0 = System.nanoTime();
        try (ChildProcesses kids = new ChildProcesses();
             Progress progress = Progress.start("JCStress " + (tests.size() == 1 ? short_(tests.get(0)) : "suite of " + tests.size())
                     + ", seconds of the " + time.toSeconds() + " s budget", time.toSeconds())) {
            Process p = kids.start(new ProcessBuilder(cmd).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("console.txt").toFile()));
            long deadline = System.nanoTime() + time.toNanos();
            long probed = -1; // when JCStress had probed the JVM and started testing
            while (p.isAlive()) {
                Budget.checkInterrupt();
                if (System.nanoTime() > deadline) {
                    kids.close();
                    throw new IllegalStateException("JCStress did not finish within " + time.toSeconds() + " s; killed");
                }
                Budget.call(() -> p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS));
                progress.set((System.nanoTime() - t0) / 1_000_000_000L);
                if (probed < 0 && testing(work)) probed = System.nanoTime();
            }
            long ended = System.nanoTime();
            exit = p.exitValue();
            console = Files.readString(work.resolve("console.txt"));
            lastStarted = t0;
            lastStartupS = ((probed < 0 ? ended : probed) - t0) / 1e9;
            lastTestingS = (probed < 0 ? 0 : ended - probed) / 1e9;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ResultsReader.Row> rows = ResultsReader.readInChildJvm(work, jar());
        lastRows = rows;
        lastWork = work;
        if (rows.isEmpty()) {
            throw new IllegalStateException("JCStress wrote no results (exit " + exit + "); console:\n"
                    + console.lines().skip(Math.max(0, console.lines().count() - 20)).reduce("", (a, b) -> a + b + "\n"));
        }
        return tests.size() == 1 ? single(rows, work) : summary(rows, work, exit, tests.size(), mode, lastStarted);
    }

    /** One result per test named in {@link #tests}, in that order, from a single JCStress run. */
    public List<Result> runEach() {
        String why = cannotRun(Runtime.getRuntime().availableProcessors());
        if (why != null) return tests.stream().map(t -> notRun(t, why)).toList();
        each = true;
        Result all = run(); // the rows are kept in lastRows
        List<Result> out = new ArrayList<>();
        for (String t : tests) {
            List<ResultsReader.Row> mine = lastRows.stream().filter(r -> r.test().equals(t)).toList();
            if (mine.isEmpty()) throw new IllegalStateException("JCStress wrote no results for " + t + ": " + all.toText());
            out.add(single(mine, lastWork));
        }
        return out;
    }

    private List<ResultsReader.Row> lastRows = List.of();
    private Path lastWork;
    /** Seconds JCStress spent starting (probing the OS and the JVM, one short JVM per option) and then testing. */
    private double lastStartupS = Double.NaN, lastTestingS = Double.NaN;
    private long lastStarted = System.nanoTime();

    /** The line JCStress prints when its probes are done and the tests begin. */
    static final String TESTING = "Test configuration:";

    private static boolean testing(Path work) {
        try {
            return Files.readString(work.resolve("console.txt")).contains(TESTING);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // not written yet
        }
    }

    private static String short_(String full) {
        return full.substring(full.lastIndexOf('.') + 1);
    }

    private Result single(List<ResultsReader.Row> rows, Path work) {
        DataTable t = new DataTable("outcome", "count", "expect", "description");
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Color> colours = new LinkedHashMap<>();
        long forbidden = 0, interesting = 0, total = 0;
        boolean passed = true;
        String name = short_(rows.get(0).test());
        for (ResultsReader.Row r : rows) {
            if (r.outcome().isEmpty()) { passed &= r.passed(); continue; } // the test's status row
            t.add(r.outcome(), r.count(), r.expect(), r.description());
            counts.put(r.outcome(), r.count());
            colours.put(r.outcome(), colour(r.expect()));
            total += r.count();
            if (r.expect().equals("FORBIDDEN")) forbidden += r.count();
            if (r.expect().equals("ACCEPTABLE_INTERESTING")) interesting += r.count();
        }
        return Result.builder("jcstress", "JCStress " + name + " (" + mode.name().toLowerCase() + " mode)")
                .startedAt(lastStarted)
                .param("test", rows.get(0).test()).param("mode", mode.name().toLowerCase())
                .param("tests_in_run", tests.size())
                .samples(t).showSamples()
                .figure("samples", total, "")
                .figure("interesting", interesting, "")
                .figure("forbidden", forbidden, "")
                .figure("passed", passed && forbidden == 0 ? 1 : 0, "")
                .figure("startup_s", lastStartupS, "s")
                .figure("testing_s", lastTestingS, "s")
                .note("Outcomes read from JCStress's binary results file in " + work)
                .chart(res -> Charts.coloredBars(name + ": how often each outcome was observed", "times observed", counts, colours))
                .explainer(JcStressExplain::explain)
                .build();
    }

    /** A test JCStress could not run here: no samples, and the reason, for the explanation to say. */
    public Result notRun(String test, String why) {
        return Result.builder("jcstress", "JCStress " + short_(test) + " (not run here)")
                .param("test", test).param("mode", mode.name().toLowerCase()).param("not_run", why)
                .samples(new DataTable("outcome", "count", "expect", "description")).showSamples()
                .figure("samples", 0, "").figure("interesting", 0, "").figure("forbidden", 0, "").figure("passed", 0, "")
                .explainer(JcStressExplain::explain)
                .build();
    }

    private Result notRunSuite(String why) {
        return Result.builder("jcstress-suite", "JCStress suite (not run here)").param("mode", mode.name().toLowerCase())
                .param("not_run", why).samples(new DataTable("test", "samples", "interesting", "forbidden", "status"))
                .figure("tests", 0, "").figure("missing", tests.size(), "").figure("failed", tests.size(), "")
                .figure("jcstress_exit", -1, "").figure("passed", 0, "")
                .note("JCStress did not run: " + why + ".")
                .build();
    }

    /** One row per test, by name; a test fails on a FORBIDDEN outcome, on an error status, or by being missing. */
    static Result summary(List<ResultsReader.Row> rows, Path work, int exit, int expectedTests, Mode mode) {
        return summary(rows, work, exit, expectedTests, mode, System.nanoTime());
    }

    static Result summary(List<ResultsReader.Row> rows, Path work, int exit, int expectedTests, Mode mode, long started) {
        DataTable t = new DataTable("test", "samples", "interesting", "forbidden", "status");
        Map<String, long[]> perTest = new java.util.TreeMap<>();
        Map<String, String> status = new LinkedHashMap<>();
        for (ResultsReader.Row r : rows) {
            long[] c = perTest.computeIfAbsent(r.test(), k -> new long[3]);
            if (r.outcome().isEmpty()) { status.put(r.test(), r.passed() ? "passed" : r.description()); continue; }
            c[0] += r.count();
            if (r.expect().equals("ACCEPTABLE_INTERESTING")) c[1] += r.count();
            if (r.expect().equals("FORBIDDEN")) c[2] += r.count();
        }
        int failed = 0;
        for (var e : perTest.entrySet()) {
            String st = status.getOrDefault(e.getKey(), "no status");
            if (!st.equals("passed") || e.getValue()[2] > 0) failed++;
            t.add(short_(e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2], st);
        }
        int missing = Math.max(0, expectedTests - perTest.size());
        return Result.builder("jcstress-suite", "JCStress suite (" + mode.name().toLowerCase() + " mode)")
                .startedAt(started)
                .param("mode", mode.name().toLowerCase())
                .samples(t).showSamples()
                .figure("tests", perTest.size(), "")
                .figure("missing", missing, "")
                .figure("failed", failed + missing, "")
                .figure("jcstress_exit", exit, "")
                .figure("passed", failed + missing == 0 && exit == 0 ? 1 : 0, "")
                .note("Outcomes read from JCStress's binary results file in " + work)
                .build();
    }

    static Color colour(String expect) {
        return switch (expect) {
            case "ACCEPTABLE" -> Charts.ACCEPTABLE;
            case "ACCEPTABLE_INTERESTING" -> Charts.INTERESTING;
            default -> Charts.FORBIDDEN;
        };
    }
}
