package dev.racelab.race;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** The classic programs' sources as shipped with the library, and their classes compiled once per JVM for child JVMs. */
final class ClassicSources {
    private ClassicSources() {}

    private static Path compiledDir;

    /** Tests: compile again on the next use. */
    static synchronized void forget() {
        compiledDir = null;
    }

    /**
     * Writes the programs to a temporary folder and compiles them once per JVM (javac in-process, no shell).
     * javac runs on its own short-lived thread: an interrupt that reached javac mid-read would close the JDK's
     * shared class-file channels and break every later compile in this JVM (seen: "cannot access module-info").
     */
    static synchronized Path compiled() {
        if (compiledDir != null && Files.isRegularFile(compiledDir.resolve("RaceConditionTest.class"))) return compiledDir;
        compiledDir = Classic.uninterruptibly("javac", () -> {
            Path dir = Files.createTempDirectory("racelab-classic");
            dir.toFile().deleteOnExit(); // registered first, deleted last (after the files below)
            List<String> args = new ArrayList<>(List.of("-d", dir.toString()));
            for (Classic.Program p : Classic.Program.values()) {
                String name = p.className();
                Path src = dir.resolve(name + ".java");
                Files.writeString(src, source(name));
                src.toFile().deleteOnExit();
                dir.resolve(name + ".class").toFile().deleteOnExit();
                args.add(src.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) throw new IllegalStateException("no Java compiler in this runtime: run the course on a JDK, not a JRE");
            java.io.StringWriter err = new java.io.StringWriter();
            int rc = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
                @Override public void write(int b) { err.write(b); }
            }), args.toArray(String[]::new));
            if (rc != 0) throw new IllegalStateException("javac failed: " + err);
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit()); // lambda classes too
            }
            return dir;
        });
        return compiledDir;
    }

    /** The source of one of the programs, as shipped with the library (e.g. "RaceConditionTest"). */
    public static String source(String name) {
        try (InputStream in = Classic.class.getResourceAsStream(name + ".java")) {
            if (in == null) throw new IllegalArgumentException("no program " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
