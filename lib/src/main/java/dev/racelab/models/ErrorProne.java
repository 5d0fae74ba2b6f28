package dev.racelab.models;

import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Rust refuses a data race at compile time; javac accepts the racy counter. The closest Java has: Error Prone, a
 * compiler plugin, checks {@code @GuardedBy("lock")} fields and rejects an access made without holding the lock.
 * Compiles a source through {@code javax.tools} with and without Error Prone and keeps every diagnostic.
 * {@code ErrorProne.compile(ErrorProne.UNGUARDED)}, {@code ErrorProne.javac(ErrorProne.RACY)}
 *
 * <p>Implementation note: Error Prone reaches into javac's internals, which a JVM only opens with
 * {@code --add-exports} flags given at start-up, and it brings its own Guava and protobuf: so the compile runs in a
 * child JVM started with those flags (still through {@code javax.tools}, with Error Prone as a {@code -Xplugin}),
 * and the notebook's JVM never loads Error Prone. Its jars are copied by Maven to {@code lib/target/errorprone/}.
 */
public final class ErrorProne {
    private ErrorProne() {}

    /** The racy counter: javac compiles it without a word. */
    public static final String RACY = """
            class Counter {
                private int count;

                void increment() { count++; }     // two threads: updates get lost

                int get() { return count; }
            }
            """;

    /** The same counter with its rule written down ({@code @GuardedBy}) and broken in {@code increment}. */
    public static final String UNGUARDED = """
            import com.google.errorprone.annotations.concurrent.GuardedBy;

            class Counter {
                @GuardedBy("this") private int count;   // the rule: touch count only while holding this

                void increment() { count++; }            // breaks the rule

                synchronized int get() { return count; }
            }
            """;

    /** The rule kept: every access holds the lock. */
    public static final String GUARDED = """
            import com.google.errorprone.annotations.concurrent.GuardedBy;

            class Counter {
                @GuardedBy("this") private int count;

                synchronized void increment() { count++; }

                synchronized int get() { return count; }
            }
            """;

    /** Flags Error Prone needs on a JDK 16+ (from its installation guide). */
    static final List<String> JVM_FLAGS = List.of(
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.main=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.model=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.processing=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED",
            // a short-lived compiler: C1 alone reaches speed sooner than waiting for C2
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    /** Compiles {@code source} with Error Prone as a javac plugin. */
    public static Result compile(String source) {
        return run(source, true);
    }

    /** The two compiles side by side, in words: {@code ErrorProne.explain(refused, accepted)} as a cell's last line. */
    public static dev.racelab.render.Renderable explain(Result refused, Result accepted) {
        return refused.explained(ErrorProneExplain.explain(refused, accepted));
    }

    /**
     * Compiles each source with Error Prone, all in one child JVM (its start-up and Error Prone's are paid once), one
     * result per source in order: {@code var rs = ErrorProne.compileEach(UNGUARDED, GUARDED)}.
     */
    public static List<Result> compileEach(String... sources) {
        if (sources.length == 0) throw new IllegalArgumentException("give at least one source to compile");
        List<String> names = new ArrayList<>();
        for (String source : sources) names.add(className(source));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("racelab-compile");
            List<String> args = new ArrayList<>(List.of("batch", jarsDir().toString()));
            for (int i = 0; i < sources.length; i++) {
                Path d = Files.createDirectories(dir.resolve("s" + i));
                Path src = d.resolve(names.get(i) + ".java");
                Files.writeString(src, sources[i]);
                args.add(src.toString());
                args.add(Files.createDirectories(d.resolve("classes")).toString());
            }
            List<String> cmd = ChildJvm.command(JVM_FLAGS, Child.class, args.toArray(new String[0]));
            String output;
            int exit;
            try (ChildProcesses kids = new ChildProcesses()) {
                Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true));
                output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                exit = kids.waitFor(p, Duration.ofSeconds(90));
            }
            String[] sections = output.split("(?m)^BEGIN\\t\\d+\\R");
            if (sections.length != sources.length + 1) {
                throw new IllegalStateException("the compiler child exited with " + exit + " after "
                        + (sections.length - 1) + " of " + sources.length + " sources: " + output.strip());
            }
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < sources.length; i++) {
                Result.Builder b = Result.builder("error-prone", "javac + Error Prone: " + names.get(i) + ".java")
                        .param("tool", "javac + Error Prone").param("class", names.get(i));
                results.add(toResult(b, "javac + Error Prone", names.get(i), sections[i + 1], exit));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("could not compile: " + e.getMessage(), e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    private static String className(String source) {
        Require.notNull("source", source);
        Matcher m = CLASS.matcher(source);
        if (!m.find()) throw new IllegalArgumentException("the source must declare a class (found none)");
        return m.group(1);
    }

    /** Compiles {@code source} with plain javac (the annotations jar on the classpath, no plugin). */
    public static Result javac(String source) {
        return run(source, false);
    }

    /** Where Maven copied Error Prone and its dependencies: {@code target/errorprone/} beside the library. */
    public static Path jarsDir() {
        try {
            Path here = Path.of(ErrorProne.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = here.getParent().resolve("errorprone");
            if (Files.isDirectory(dir)) return dir;
            String home = System.getenv("RACELAB_HOME");
            if (home != null && Files.isDirectory(Path.of(home, "lib", "target", "errorprone"))) {
                return Path.of(home, "lib", "target", "errorprone");
            }
            throw new IllegalStateException("Error Prone's jars are missing (looked in " + dir + "); build the "
                    + "library with ./course setup (Maven copies them there)");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the racelab library: " + e.getMessage(), e);
        }
    }

    static List<Path> jars() {
        try (Stream<Path> s = Files.list(jarsDir())) {
            List<Path> jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("error_prone_core"))) {
                throw new IllegalStateException("no error_prone_core jar in " + jarsDir());
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern CHECK = Pattern.compile("^\\[(\\w+)\\]\\s*");
    private static final Pattern CLASS = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Za-z_$][\\w$]*)");

    static Result run(String source, boolean errorProne) {
        Require.notNull("source", source);
        Matcher m = CLASS.matcher(source);
        if (!m.find()) throw new IllegalArgumentException("the source must declare a class (found none)");
        String name = m.group(1);
        String tool = errorProne ? "javac + Error Prone" : "javac";
        Result.Builder b = Result.builder(errorProne ? "error-prone" : "javac", tool + ": " + name + ".java")
                .param("tool", tool).param("class", name);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("racelab-compile");
            Path src = dir.resolve(name + ".java");
            Files.writeString(src, source);
            Path out = Files.createDirectories(dir.resolve("classes"));
            List<String> cmd = ChildJvm.command(errorProne ? JVM_FLAGS : List.of(), Child.class,
                    errorProne ? "errorprone" : "javac", src.toString(), out.toString(), jarsDir().toString());
            String output;
            int exit;
            try (ChildProcesses kids = new ChildProcesses()) {
                Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true));
                output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                exit = kids.waitFor(p, Duration.ofSeconds(60));
            }
            return toResult(b, tool, name, output, exit);
        } catch (IOException e) {
            throw new UncheckedIOException("could not compile: " + e.getMessage(), e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    /** A compile's DIAG and RESULT lines as a result. */
    private static Result toResult(Result.Builder b, String tool, String name, String output, int exit) {
        DataTable t = new DataTable("kind", "line", "check", "message");
        String verdict = null;
        for (String line : output.lines().toList()) {
            if (line.startsWith("DIAG\t")) {
                String[] f = line.split("\t", 5);
                String msg = f[4].replace("\\n", "\n");
                Matcher c = CHECK.matcher(msg);
                String check = "javac";
                if (c.find()) {
                    check = c.group(1);
                    msg = msg.substring(c.end());
                }
                t.add(f[1].toLowerCase(Locale.ROOT), Long.parseLong(f[2]), check, msg.lines().findFirst().orElse(""));
            } else if (line.startsWith("RESULT\t")) {
                verdict = line.substring(7);
            }
        }
        if (verdict == null) {
            throw new IllegalStateException("the compiler child exited with " + exit + " without a result: " + output.strip());
        }
        long errors = t.strings("kind").stream().filter(k -> k.equals("error")).count();
        long warnings = t.strings("kind").stream().filter(k -> k.contains("warning")).count();
        b.samples(t).showSamples();
        b.figure("compiled", verdict.equals("ok") ? 1 : 0, "");
        b.figure("errors", errors, "");
        b.figure("warnings", warnings, "");
        b.figure("guarded_by_errors", t.rows().stream().filter(r -> "GuardedBy".equals(r[2]) && "error".equals(r[0])).count(), "");
        b.note(verdict.equals("ok") ? tool + " compiled " + name + ".java without an error."
                : tool + " refused " + name + ".java.");
        b.ended(verdict.equals("ok") ? "compiled" : "refused");
        return b.build();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /**
     * Child main: {@code errorprone|javac SOURCE OUTDIR JARDIR}. Compiles through {@code javax.tools}, prints one
     * {@code DIAG} line per diagnostic and a {@code RESULT ok|failed} line.
     */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
            if (args[0].equals("batch")) { // batch JARDIR SRC OUT [SRC OUT ...]: Error Prone on each, one section each
                for (int i = 2; i + 1 < args.length; i += 2) {
                    System.out.println("BEGIN\t" + (i / 2 - 1));
                    compileOne(true, Path.of(args[i]), Path.of(args[i + 1]), Path.of(args[1]));
                }
                return;
            }
            compileOne(args[0].equals("errorprone"), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        }

        static void compileOne(boolean errorProne, Path src, Path out, Path jarDir) throws IOException {
            List<String> jars = new ArrayList<>();
            try (Stream<Path> s = Files.list(jarDir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
            }
            String annotations = jars.stream().filter(j -> Path.of(j).getFileName().toString().startsWith("error_prone_annotations"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no error_prone_annotations jar"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) throw new IllegalStateException("this Java has no compiler (a JRE, not a JDK)");
            DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
            List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-classpath", annotations,
                    "-Xlint:none", "-proc:none"));
            if (errorProne) {
                options.remove("-proc:none"); // the plugin needs javac's processing machinery
                options.addAll(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
                        "-processorpath", String.join(File.pathSeparator, jars),
                        // a notebook's snippet lives in the default package: that advice is noise here
                        "-Xplugin:ErrorProne -Xep:DefaultPackage:OFF"));
            }
            boolean ok;
            try (StandardJavaFileManager files = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
                ok = javac.getTask(null, files, diags, options, null, files.getJavaFileObjects(src.toFile())).call();
            }
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                System.out.println("DIAG\t" + d.getKind() + "\t" + d.getLineNumber() + "\t" + d.getColumnNumber() + "\t"
                        + d.getMessage(Locale.ROOT).replace("\t", " ").replace("\n", "\\n"));
            }
            System.out.println("RESULT\t" + (ok ? "ok" : "failed"));
        }
    }
}
