package dev.racelab;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's walls (issue 17): packages import in one direction — render, then chart, then core, then the rest —
 * with no circle between packages, and no source file over 600 lines. Read from the sources, so a new import that
 * runs upward or closes a circle fails here with the files that do it.
 */
class ArchitectureTest {
    static final Path SRC = Path.of("src/main/java/dev/racelab");
    static final Pattern REF = Pattern.compile("\\bdev\\.racelab\\.([a-z]+)\\.[A-Z]");
    /** The lowest layers, lowest first: each may use only the ones before it. */
    static final List<String> BOTTOM = List.of("render", "chart", "core");

    static Map<String, Map<String, Set<String>>> graph() throws IOException {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
                String pkg = SRC.relativize(f.getParent()).toString().replace('/', '.');
                String text = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    if (m.group(1).equals(pkg)) continue;
                    g.computeIfAbsent(pkg, k -> new TreeMap<>()).computeIfAbsent(m.group(1), k -> new TreeSet<>())
                            .add(f.getFileName().toString());
                }
                g.computeIfAbsent(pkg, k -> new TreeMap<>());
            }
        }
        return g;
    }

    @Test
    void theBottomLayersImportOnlyDownward() throws IOException {
        var g = graph();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < BOTTOM.size(); i++) {
            Set<String> allowed = new HashSet<>(BOTTOM.subList(0, i));
            String layer = BOTTOM.get(i);
            g.getOrDefault(layer, Map.of()).forEach((to, files) -> {
                if (!allowed.contains(to)) wrong.add(layer + " -> " + to + " " + files);
            });
        }
        assertTrue(wrong.isEmpty(), "imports that run upward: " + wrong);
    }

    @Test
    void noCircleBetweenPackages() throws IOException {
        var g = graph();
        List<String> circles = new ArrayList<>();
        for (String start : g.keySet()) {
            Deque<List<String>> todo = new ArrayDeque<>(List.of(List.of(start)));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                List<String> path = todo.pop();
                for (String next : g.getOrDefault(path.get(path.size() - 1), Map.of()).keySet()) {
                    if (next.equals(start)) circles.add(String.join(" -> ", path) + " -> " + start);
                    else if (seen.add(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        todo.add(longer);
                    }
                }
            }
        }
        assertTrue(circles.isEmpty(), "import circles: " + circles);
    }

    @Test
    void noSourceFileOver600Lines() throws IOException {
        List<String> long_ = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                long n = Files.lines(f).count();
                if (n > 600) long_.add(SRC.relativize(f) + " (" + n + " lines)");
            }
        }
        assertTrue(long_.isEmpty(), "files over 600 lines: " + long_);
    }
}
