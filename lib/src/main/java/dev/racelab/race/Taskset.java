package dev.racelab.race;

import dev.racelab.core.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code taskset} command (Linux util-linux), found once. */
final class Taskset {
    private Taskset() {}

    private static final String PATH = find();

    static String path() {
        return PATH;
    }

    /** The first CPU this process may run on ("0" when unknown). */
    static String firstCpu() {
        String allowed = Conditions.readCpusAllowed();
        if (allowed == null || allowed.isBlank() || allowed.equals("n/a")) return "0";
        String first = allowed.split(",")[0].split("-")[0].trim();
        return first.matches("\\d+") ? first : "0";
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "taskset");
            if (Files.isExecutable(p)) return p.toString();
        }
        for (String p : List.of("/usr/bin/taskset", "/bin/taskset")) if (Files.isExecutable(Path.of(p))) return p;
        return null;
    }
}
