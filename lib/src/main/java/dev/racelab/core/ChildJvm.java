package dev.racelab.core;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Command lines for child JVMs that run a main class of this library, on the same JDK as the caller.
 * {@code new ProcessBuilder(ChildJvm.command(List.of("-Xint"), Child.class, "arg"))}
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The {@code java} launcher of the running JDK. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The library and its dependencies, wherever this JVM loaded them from (jar, or classes in a build). */
    public static String classpath() {
        try {
            Path here = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> parts = new ArrayList<>();
            parts.add(here.toString());
            Path deps = here.getParent().resolve("lib");
            if (Files.isRegularFile(here) && Files.isDirectory(deps)) {
                try (Stream<Path> s = Files.list(deps)) {
                    s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> parts.add(p.toString()));
                }
            } else {
                // running from target/classes (unit tests): the test JVM's classpath has the dependencies
                for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    if (!parts.contains(e)) parts.add(e);
                }
            }
            return String.join(File.pathSeparator, parts);
        } catch (URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException("cannot locate the racelab library: " + e.getMessage(), e);
        }
    }

    public static List<String> command(List<String> jvmArgs, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
