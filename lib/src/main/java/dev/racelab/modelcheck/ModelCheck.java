package dev.racelab.modelcheck;

import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.race.CounterKind;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the interleaving that breaks a piece of concurrent code, with JetBrains Lincheck's model checker: it runs the
 * code's threads under its own scheduler, switching between them at every shared read, write and lock, and tries one
 * interleaving after another until a check fails or its bound is reached. The losing interleaving comes back as a
 * {@link Trace}: one column per thread, one row per event.
 * {@code ModelCheck.counter(CounterKind.PLAIN_STATIC).run()}, {@code ModelCheck.deadlock().run()},
 * {@code ModelCheck.source(mySource).run()}
 *
 * <p>Two kinds of code under test. A <b>counter</b>: a class implementing {@code dev.racelab.race.Counter}; each
 * thread calls {@code add(increments)} on one shared instance, then {@code get()} must equal threads × increments.
 * <b>Threads</b>: a class with methods {@code thread1()}, {@code thread2()}, … (one per thread) and optionally
 * {@code String check()} (null when the end state is right); the harness runs each method in its own thread on one
 * shared instance. Either way the shared instance lives in a static field of the harness, created before Lincheck
 * starts: an object created inside the checked block counts as local to it, and its races are not seen.
 *
 * <p>Implementation note: Lincheck runs in a <b>child JVM</b> ({@code Lincheck.runConcurrentTest} on a harness compiled
 * with {@code javax.tools} in the caller's JVM, where javac is already warm), never in the notebook's kernel. In the
 * kernel it only works after every one of its ~8,500 classes has been loaded through the kernel's class loader up
 * front (measured for issue 14: kernel start 3.2–3.9 s instead of ~1.8 s for every notebook, ~45 MB more heap, ~20 MB
 * more per check), and it looks classes up by name, which JShell's wrapper classes defeat. A child JVM needs no
 * workaround, leaves no byte-code agent attached to the kernel, and a check that never ends or blocks forever is ended
 * by killing the process at the time budget. A class from a notebook cell reaches the child as class files
 * ({@link ClassFiles}). Lincheck's jars are copied by Maven to
 * {@code lib/target/lincheck/}. It assumes sequential consistency: reordering bugs are JCStress's job (notebook 04).
 */
public final class ModelCheck {
    /** What the code under test is. */
    enum Kind { COUNTER, THREADS, CALLS }

    private final String label;
    private final String source;
    private final Kind kind;
    private int threads = 2;
    private int increments = 1;
    private int invocations = 10_000;
    private double seconds = 20;

    /** For a class (not a source): its binary name and the class files the child needs that it cannot load itself. */
    private String binaryName;
    private Map<String, byte[]> classFiles = Map.of();
    /** For {@link #calls}: the type the harness holds the instance as, each thread's statements, the check. */
    private String sharedType = "dev.racelab.race.Counter";
    private List<String> calls = List.of();
    private String check = "null";
    /** For {@link #harness}: the harness's static members, written by the caller; null otherwise. */
    private String members;
    /** The harness's package ("" for none): the package of the code it calls, so it may call package-private code. */
    private String harnessPackage = "";
    /** Threads the code under test starts itself in each interleaving (the child counts interleavings by threads started). */
    private int extraThreads;

    private ModelCheck(String label, String source, Kind kind) {
        this.label = label;
        this.source = source;
        this.kind = kind;
    }

    /**
     * A learner's counter class, as compiled in the notebook: its class files (and those of the notebook's other
     * snippets it may use) go to the child JVM, which creates one instance by its no-argument constructor.
     * {@code ModelCheck.counterClass(SafeCounter.class).run()}
     */
    public static ModelCheck counterClass(Class<? extends dev.racelab.race.Counter> c) {
        Require.notNull("counter class", c);
        ModelCheck m = new ModelCheck(c.getSimpleName(), null, Kind.COUNTER);
        m.binaryName = c.getName();
        m.classFiles = ClassFiles.of(c);
        return m;
    }

    // --- the code the course checks ---------------------------------------------------------------------------------

    /** The classic program reduced to its race: {@code static int count}, each thread does {@code count++}. */
    public static final String CLASSIC = """
            class Classic implements dev.racelab.race.Counter {
                static int count;                    // shared by every thread, as in the book program

                public void add(int times) {
                    for (int i = 0; i < times; i++) {
                        count++;                     // read, add, write: three steps
                    }
                }

                public long get() { return count; }

                public void reset() { count = 0; }
            }
            """;

    static final String VOLATILE = CounterSources.VOLATILE;
    static final String SYNCHRONIZED = CounterSources.SYNCHRONIZED;
    static final String ATOMIC = CounterSources.ATOMIC;

    /** Two locks taken in opposite order (notebook 03's deadlock). */
    public static final String TWO_LOCKS = """
            class TwoLocks {
                final Object a = new Object();
                final Object b = new Object();
                int moved;

                void thread1() {
                    synchronized (a) {
                        synchronized (b) {
                            moved++;
                        }
                    }
                }

                void thread2() {
                    synchronized (b) {
                        synchronized (a) {
                            moved++;
                        }
                    }
                }
            }
            """;

    /** A thread that waits for a flag nobody sets: it never ends. */
    public static final String NEVER_ENDS = """
            class NeverEnds {
                boolean done;                        // nobody ever sets it

                void thread1() {
                    while (!done) { }
                }

                void thread2() { }
            }
            """;

    /** The classic {@code count++} on a plain static field. */
    public static ModelCheck classic() {
        return new ModelCheck("classic count++", CLASSIC, Kind.COUNTER);
    }

    /** A counter kind of the course; every kind but the one that writes through a register has a source here. */
    public static ModelCheck counter(CounterKind kind) {
        Require.notNull("counter kind", kind);
        return switch (kind) {
            case PLAIN_STATIC -> classic();
            case VOLATILE -> new ModelCheck(kind.label(), VOLATILE, Kind.COUNTER);
            case SYNCHRONIZED -> new ModelCheck(kind.label(), SYNCHRONIZED, Kind.COUNTER);
            case ATOMIC_INTEGER -> new ModelCheck(kind.label(), ATOMIC, Kind.COUNTER);
            default -> throw new IllegalArgumentException("no model-check source for the " + kind.label()
                    + " counter; allowed: PLAIN_STATIC, VOLATILE, SYNCHRONIZED, ATOMIC_INTEGER");
        };
    }

    /** Two threads taking two locks in opposite order. */
    public static ModelCheck deadlock() {
        return new ModelCheck("two locks in opposite order", TWO_LOCKS, Kind.THREADS);
    }

    /** A thread spinning on a flag nobody sets: the checker reports it as hung. */
    public static ModelCheck neverEnds() {
        return new ModelCheck("a loop that never ends", NEVER_ENDS, Kind.THREADS);
    }

    /**
     * Any source: a class implementing {@code dev.racelab.race.Counter} (checked as a counter), or a class with
     * {@code thread1()}, {@code thread2()}, … and optionally {@code String check()}.
     */
    public static ModelCheck source(String source) {
        Require.notNull("source", source);
        String name = className(source);
        boolean counter = Pattern.compile("implements\\s+[\\w.]*Counter\\b").matcher(source).find();
        if (!counter && threadMethods(source).isEmpty()) {
            throw new IllegalArgumentException("the class " + name + " must implement dev.racelab.race.Counter or "
                    + "declare thread1(), thread2(), … (one method per thread)");
        }
        return new ModelCheck(name, source, counter ? Kind.COUNTER : Kind.THREADS);
    }

    /** The ranges of the setters below; the terminal options' help names the same constants. */
    public static final String THREADS_RANGE = "2..4", INCREMENTS_RANGE = "1..4", INVOCATIONS_RANGE = "10..100000", SECONDS_RANGE = "2..120";

    /** Threads for a counter ({@value #THREADS_RANGE}); a {@code thread1()…} source has one thread per method. */
    public ModelCheck threads(int n) {
        if (kind != Kind.COUNTER) throw new IllegalArgumentException("a thread1()/thread2() source or a list of calls has one thread per method or call");
        this.threads = Require.inRange("threads", n, THREADS_RANGE);
        return this;
    }

    /** Increments per thread for a counter ({@value #INCREMENTS_RANGE}): each adds a read and a write per thread to explore. */
    public ModelCheck increments(int n) {
        this.increments = Require.inRange("increments", n, INCREMENTS_RANGE);
        return this;
    }

    /** The most interleavings Lincheck tries ({@value #INVOCATIONS_RANGE}; default 10,000). */
    public ModelCheck invocations(int n) {
        this.invocations = Require.inRange("invocations", n, INVOCATIONS_RANGE);
        return this;
    }

    /** Time budget of the whole check in seconds, child JVM included ({@value #SECONDS_RANGE}; default 20). */
    public ModelCheck seconds(double s) {
        this.seconds = Require.inRange("seconds", s, SECONDS_RANGE);
        return this;
    }

    // --- running ---------------------------------------------------------------------------------------------------

    private static final Pattern CLASS = Pattern.compile("\\b(?:class|record|enum)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern SETUP = Pattern.compile("\\bstatic\\s+void\\s+setup\\s*\\(\\s*\\)");
    private static final Pattern THREAD_METHOD = Pattern.compile("\\bvoid\\s+thread(\\d+)\\s*\\(\\s*\\)");

    /**
     * A class compiled elsewhere (a learner's, from a notebook cell), one instance shared by one thread per entry of
     * {@code perThread} (Java statements on {@code shared}, held as {@code type}); {@code check} is a Java expression
     * giving null when the end state is right, else what is wrong.
     * {@code ModelCheck.calls(MyMax.class, "Checks.Maximum", List.of("shared.offer(1);", "shared.offer(2);"),
     * "shared.get() == 2 ? null : \"get() = \" + shared.get()")}
     */
    public static ModelCheck calls(Class<?> c, String type, List<String> perThread, String check) {
        Require.notNull("class", c);
        Require.notNull("type", type);
        Require.inRange("threads", Require.notNull("per-thread calls", perThread).size(), THREADS_RANGE);
        ModelCheck m = new ModelCheck(c.getSimpleName(), null, Kind.CALLS);
        m.binaryName = c.getName();
        m.classFiles = ClassFiles.of(c);
        m.sharedType = type;
        m.calls = List.copyOf(perThread);
        m.check = Require.notNull("check", check);
        return m;
    }

    /**
     * A harness of the caller's making around code compiled elsewhere (a notebook cell): {@code members} declares the
     * harness's static fields (the shared objects, made when the harness class is initialised, before Lincheck
     * starts) and static helpers; one thread per entry of {@code perThread} (Java statements that may use them);
     * {@code check} as in {@link #calls}. {@code anchor} is a class of the code under test: its class files (in the
     * kernel: those of every snippet) go to the child JVM. When {@code members} declares {@code static void setup()},
     * each interleaving calls it first: objects holding a {@code java.util.concurrent} lock must be made there and kept
     * in a static field (one made before Lincheck starts hangs it, Lincheck issues #673/#674; stored in a static field
     * it is shared, not local).
     * {@code ModelCheck.harness("transfer", Host.class, "static final Account a = Account.of(1, 100); …",
     * List.of("move(a, b, 10);", "move(b, a, 20);"), "a.balance() == 110 ? null : \"…\"")}
     */
    public static ModelCheck harness(String label, Class<?> anchor, String members, List<String> perThread, String check) {
        Require.notNull("label", label);
        Require.notNull("anchor class", anchor);
        Require.inRange("threads", Require.notNull("per-thread calls", perThread).size(), THREADS_RANGE);
        ModelCheck m = new ModelCheck(label, null, Kind.CALLS);
        m.binaryName = anchor.getName();
        m.classFiles = ClassFiles.of(anchor);
        m.members = Require.notNull("harness members", members);
        m.calls = List.copyOf(perThread);
        m.check = Require.notNull("check", check);
        return m;
    }

    /**
     * Puts the harness in {@code pkg} (a Java package name, or "" for none), so that it may call the code under
     * test's package-private classes and methods directly, as the learner's code does: Lincheck then shows each call.
     */
    public ModelCheck inPackage(String pkg) {
        Require.notNull("package", pkg);
        if (!pkg.isEmpty() && !pkg.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw new IllegalArgumentException("not a Java package name: " + pkg);
        }
        this.harnessPackage = pkg;
        return this;
    }

    /**
     * Threads the code under test starts itself in each interleaving (0..16; default 0), besides the harness's one
     * per call: the child counts interleavings by the threads started, so it must know them.
     */
    public ModelCheck startsThreads(int n) {
        this.extraThreads = Require.inRange("threads started by the code under test", n, 0, 16);
        return this;
    }

    /** The harness's binary name, which the child JVM loads. */
    String harnessName() {
        return harnessPackage.isEmpty() ? "RacelabHarness" : harnessPackage + ".RacelabHarness";
    }

    String simpleName() {
        return binaryName != null ? binaryName : className(source);
    }

    static String className(String source) {
        Matcher m = CLASS.matcher(source);
        if (!m.find()) throw new IllegalArgumentException("the source must declare a class (found none)");
        return m.group(1);
    }

    static List<Integer> threadMethods(String source) {
        TreeSet<Integer> ns = new TreeSet<>();
        Matcher m = THREAD_METHOD.matcher(source);
        while (m.find()) ns.add(Integer.parseInt(m.group(1)));
        return List.copyOf(ns);
    }

    int threadCount() {
        return kind == Kind.COUNTER ? threads : kind == Kind.CALLS ? calls.size() : threadMethods(source).size();
    }

    /** The generated harness: the shared instance in a static field, one thread per part, then the check. */
    String harness() {
        StringBuilder sb = new StringBuilder();
        if (!harnessPackage.isEmpty()) sb.append("package ").append(harnessPackage).append(";\n\n");
        sb.append("public class RacelabHarness {\n");
        if (members != null) {
            sb.append(members.indent(4)).append('\n');
        } else if (binaryName != null) {
            // a class compiled elsewhere (a notebook cell): made by reflection, which also opens a non-public constructor
            sb.append("    static final ").append(sharedType).append(" shared = make();\n\n");
            sb.append("    static ").append(sharedType).append(" make() {\n        try {\n");
            sb.append("            var k = Class.forName(\"").append(binaryName).append("\").getDeclaredConstructor();\n");
            sb.append("            k.setAccessible(true);\n");
            sb.append("            return (").append(sharedType).append(") k.newInstance();\n");
            sb.append("        } catch (ReflectiveOperationException e) {\n");
            sb.append("            throw new IllegalStateException(\"cannot create ").append(binaryName)
                    .append(" with a no-argument constructor: \" + e, e);\n        }\n    }\n");
        } else {
            String name = className(source);
            sb.append("    static final ").append(name).append(" shared = new ").append(name).append("();\n");
        }
        sb.append("    public static final Runnable BODY = RacelabHarness::body;\n\n");
        sb.append("    static void body() {\n");
        if (members != null && SETUP.matcher(members).find()) sb.append("        setup();\n");
        List<String> ts = new ArrayList<>();
        if (kind == Kind.COUNTER) {
            sb.append("        shared.reset();\n");
            for (int i = 1; i <= threads; i++) {
                sb.append("        Thread t").append(i).append(" = new Thread(() -> shared.add(").append(increments).append("));\n");
                ts.add("t" + i);
            }
        } else if (kind == Kind.CALLS) {
            for (int i = 1; i <= calls.size(); i++) {
                sb.append("        Thread t").append(i).append(" = new Thread(() -> { ").append(calls.get(i - 1)).append(" });\n");
                ts.add("t" + i);
            }
        } else {
            List<Integer> ms = threadMethods(source);
            for (int n : ms) {
                sb.append("        Thread t").append(n).append(" = new Thread(() -> shared.thread").append(n).append("());\n");
                ts.add("t" + n);
            }
        }
        for (String t : ts) sb.append("        ").append(t).append(".start();\n");
        sb.append("        try {\n");
        for (String t : ts) sb.append("            ").append(t).append(".join();\n");
        sb.append("        } catch (InterruptedException e) {\n            throw new IllegalStateException(e);\n        }\n");
        if (kind == Kind.COUNTER) {
            long expected = (long) threads * increments;
            sb.append("        long v = shared.get();\n");
            sb.append("        if (v != ").append(expected).append("L) throw new IllegalStateException(\"lost update: get() = \" + v + \", expected ")
                    .append(expected).append("\");\n");
        } else if (kind == Kind.CALLS) {
            sb.append("        String bad = ").append(check).append(";\n");
            sb.append("        if (bad != null) throw new IllegalStateException(bad);\n");
        } else if (Pattern.compile("\\bString\\s+check\\s*\\(\\s*\\)").matcher(source).find()) {
            sb.append("        String bad = shared.check();\n");
            sb.append("        if (bad != null) throw new IllegalStateException(bad);\n");
        }
        sb.append("    }\n}\n");
        return sb.toString();
    }

    /** Runs the check in a child JVM within the time budget; never throws for a failing, hung or stuck program. */
    public Checked run() {
        int nThreads = threadCount();
        Result.Builder b = Result.builder("model-check", "Model checker (Lincheck): " + label)
                .param("code", label).param("class", simpleName()).param("kind", kind.name().toLowerCase(Locale.ROOT))
                .param("threads", nThreads).param("increments", kind == Kind.COUNTER ? increments : 0)
                .param("invocation_bound", invocations).param("time_budget_s", seconds)
                .explainer(ModelCheckExplain::explain);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("racelab-modelcheck");
            if (source != null) Files.writeString(dir.resolve(className(source) + ".java"), source);
            Files.writeString(dir.resolve("RacelabHarness.java"), harness());
            Path log = dir.resolve("child.log");
            Path classes = Files.createDirectories(dir.resolve("classes"));
            for (Map.Entry<String, byte[]> f : classFiles.entrySet()) {
                Path file = classes.resolve(f.getKey().replace('.', '/') + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, f.getValue());
            }
            String classpath = classes + File.pathSeparator + ChildJvm.classpath();
            long c0 = System.nanoTime();
            String errors = Compile.compile(dir, classes, classpath);
            b.figure("compile_s", (System.nanoTime() - c0) / 1e9, "s");
            if (errors != null) {
                b.param("verdict", "compile-error").param("compile_errors", errors)
                        .note("does not compile: " + errors).ended("compile error");
                b.figure("interleavings", 0, "").figure("found", 0, "");
                return new Checked(b, Trace.EMPTY, source);
            }
            List<String> jvm = List.of("-XX:+EnableDynamicAgentLoading", "-Xshare:auto", "-XX:TieredStopAtLevel=1");
            List<String> cmd = new ArrayList<>(ChildJvm.command(jvm, ModelCheckChild.class, dir.toString(),
                    String.valueOf(invocations), String.valueOf(nThreads + extraThreads), harnessName()));
            int cp = cmd.indexOf("-cp") + 1;
            cmd.set(cp, classpath + File.pathSeparator + lincheckClasspath());
            long t0 = System.nanoTime();
            int exit;
            try (ChildProcesses kids = new ChildProcesses()) {
                Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()));
                exit = kids.waitFor(p, Duration.ofMillis((long) (seconds * 1000)));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Parsed parsed = parse(output);
            b.figure("check_s", wall, "s");
            String verdict = exit == -1 ? "timeout" : parsed.verdict == null ? "error" : parsed.verdict;
            b.param("verdict", verdict);
            Trace trace = Trace.EMPTY;
            switch (verdict) {
                case "timeout" -> b.note(String.format(Locale.ROOT, "stopped by the time budget: the check did not "
                        + "finish within %.0f s (a thread that never ends or blocks forever, or a machine too busy); "
                        + "raise it with .seconds(…)", seconds)).ended("stopped by the time budget");
                case "compile-error" -> b.note("does not compile: " + parsed.message).ended("compile error");
                case "error" -> b.note("the model checker failed: " + (parsed.message != null ? parsed.message
                        : "exit " + exit + ": " + tail(output))).ended("error");
                default -> {
                    if (parsed.message != null && !verdict.equals("pass")) trace = Trace.parse(parsed.message, source);
                    if (verdict.equals("hung") && !trace.deadlock().isEmpty()) {
                        verdict = "deadlock";   // threads spinning in a ReentrantLock's queue, each for a lock another holds
                        b.param("verdict", verdict);
                    }
                    b.ended(switch (verdict) {
                        case "pass" -> "no failing interleaving found";
                        case "deadlock" -> "deadlock found";
                        case "hung" -> "a thread never ends";
                        default -> "failing interleaving found";
                    });
                }
            }
            b.figure("interleavings", parsed.invocations, "");
            b.figure("found", verdict.equals("pass") || verdict.equals("timeout") || verdict.equals("error")
                    || verdict.equals("compile-error") ? 0 : 1, "");
            b.figure("checker_ms", parsed.ms, "ms");
            if (parsed.ms > 0) b.figure("interleavings_per_s", parsed.invocations / (parsed.ms / 1000.0), "1/s");
            b.figure("trace_events", trace.events().size(), "");
            if (!trace.events().isEmpty()) b.samples(trace.table());
            if (!trace.failure().isEmpty()) b.param("failure", trace.failure());
            if (!trace.deadlock().isEmpty()) b.param("deadlock", trace.deadlock());
            if (!trace.hang().isEmpty()) b.param("hang", trace.hang());
            if (!trace.lostUpdate().isEmpty()) b.param("lost_update", String.join("|", trace.lostUpdate()));
            if (verdict.equals("compile-error")) b.param("compile_errors", parsed.message == null ? "" : parsed.message.strip());
            return new Checked(b, trace, source);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the model checker: " + e.getMessage(), e);
        } finally {
            // RACELAB_MODELCHECK_KEEP=1 keeps the harness and the child's whole report (child.log) for a look
            if (dir != null && System.getenv("RACELAB_MODELCHECK_KEEP") == null) deleteQuietly(dir);
        }
    }

    static String tail(String s) {
        return s.strip().length() > 600 ? "…" + s.strip().substring(s.strip().length() - 600) : s.strip();
    }

    record Parsed(String verdict, long invocations, long ms, String message) {}

    static Parsed parse(String output) {
        String verdict = null, message = null;
        long runs = 0, ms = 0;
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("RESULT\t")) verdict = l.substring(7).strip();
            else if (l.startsWith("INVOCATIONS\t")) runs = Long.parseLong(l.substring(12).strip());
            else if (l.startsWith("MS\t")) ms = Long.parseLong(l.substring(3).strip());
            else if (l.equals("MESSAGE")) {
                message = String.join("\n", lines.subList(i + 1, lines.size()));
                break;
            }
        }
        return new Parsed(verdict, runs, ms, message);
    }

    /** Lincheck and its dependencies, as Maven copied them to {@code target/lincheck/} beside the library. */
    public static String lincheckClasspath() {
        Path dir = lincheckDir();
        try (Stream<Path> s = Files.list(dir)) {
            List<String> jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).toList();
            if (jars.stream().noneMatch(j -> Path.of(j).getFileName().toString().startsWith("lincheck-"))) {
                throw new IllegalStateException("no Lincheck jar in " + dir + "; rebuild the library (./course setup)");
            }
            return String.join(File.pathSeparator, jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path lincheckDir() {
        try {
            Path here = Path.of(ModelCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = here.getParent().resolve("lincheck");
            if (Files.isDirectory(dir)) return dir;
            String home = System.getenv("RACELAB_HOME");
            if (home != null && Files.isDirectory(Path.of(home, "lib", "target", "lincheck"))) {
                return Path.of(home, "lib", "target", "lincheck");
            }
            throw new IllegalStateException("Lincheck's jars are missing (looked in " + dir + "); build the library "
                    + "with ./course setup (Maven copies them there)");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the racelab library: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) { /* a temporary directory: the OS cleans it eventually */ }
    }

    /** A model checker's answer: the figures, and the failing interleaving as a {@link Trace} (empty on a pass). */
    public static final class Checked extends Result {
        private final Trace trace;
        private final String source;

        Checked(Result.Builder b, Trace trace, String source) {
            super(b);
            this.trace = trace;
            this.source = source;
        }

        /** The failing interleaving (empty when none was found). */
        public Trace trace() {
            return trace;
        }

        /** The code that was checked. */
        public String source() {
            return source;
        }

        /** The failing interleaving replayed in the stepper (the counter level), when it is a counter's lost update. */
        public Stepper stepper() {
            return Stepper.replay(this);
        }

        public boolean found() {
            return value("found") == 1;
        }

        public String verdict() {
            return String.valueOf(params().get("verdict"));
        }

        @Override
        public String toText() {
            StringBuilder sb = new StringBuilder(super.toText());
            if (!trace.events().isEmpty()) sb.append('\n').append(trace.toText());
            sb.append('\n').append(prose().text().replace("**", "")).append('\n');
            return sb.toString();
        }

        @Override
        public Map<String, String> mimeBundle() {
            Map<String, String> m = new java.util.LinkedHashMap<>(super.mimeBundle());
            if (!trace.events().isEmpty()) {
                m.put("text/html", m.get("text/html") + trace.html());
            }
            m.put("text/plain", toText());
            return m;
        }
    }

    /**
     * The model checker's answer beside the exact count of interleavings ({@code Interleavings.of(k)}) and a start-gate
     * run of the same race: how rare the losing orders are among all, that the checker finds one, and how often the
     * hardware picked one. {@code ModelCheck.together(mc, exactK, tiny).explain()}
     */
    public static Result together(Checked checker, Result exact, Result gate) {
        return Together.of(checker, exact, gate);
    }
}
