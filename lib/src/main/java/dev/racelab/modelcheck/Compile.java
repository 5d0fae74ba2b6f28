package dev.racelab.modelcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the code under test and the harness with {@code javax.tools} in the caller's JVM (in the notebook's kernel
 * javac is loaded and warm already, as JShell uses it: a fraction of a second, where a fresh child JVM spends seconds).
 */
final class Compile {
    private Compile() {}

    /** Compiles every {@code .java} in {@code dir} to {@code classes}; null when it compiled, else the errors. */
    static String compile(Path dir, Path classes, String classpath) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) return "no Java compiler in this JDK (a JRE?)";
        List<Path> sources = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-cp", classpath,
                    "-g", "-proc:none", "-nowarn");
            boolean ok = javac.getTask(null, fm, diags, options, null, fm.getJavaFileObjectsFromPaths(sources)).call();
            if (ok) return null;
            StringBuilder sb = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                String file = d.getSource() == null ? "" : Path.of(d.getSource().getName()).getFileName().toString();
                sb.append(file).append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
            }
            return sb.toString().strip();
        }
    }
}
