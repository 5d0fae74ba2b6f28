package dev.racelab.jcstress;

import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * Reads {@code jcstress-results-*.bin.gz} with JCStress's own classes ({@code DiskReadCollector},
 * {@code ReportUtils.mergedByName}, {@code grading()}). Grading needs the tests' {@code META-INF/TestList}, which
 * lives in {@code jcstress.jar}, so this main runs in a child JVM on that jar and prints tab-separated rows.
 */
public final class ResultsReader {
    /** One observed outcome of a test, or (outcome "") the test's own status. */
    public record Row(String test, String outcome, long count, String expect, String description, boolean passed) {}

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        List<TestResult> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("jcstress-results-")).sorted().toList()) {
                DiskReadCollector c = new DiskReadCollector(f.toString(), all::add);
                try {
                    c.dump();
                } finally {
                    c.close();
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (TestResult r : ReportUtils.mergedByName(all)) {
            TestGrading g = r.grading();
            boolean passed = g.isPassed && ReportUtils.statusToPassed(r);
            out.append(String.join("\t", r.getName(), "", "0", "", clean(ReportUtils.statusToLabel(r)), Boolean.toString(passed))).append('\n');
            for (GradingResult gr : g.gradingResults.values()) {
                out.append(String.join("\t", r.getName(), clean(gr.id), Long.toString(gr.count), gr.expect.name(),
                        clean(gr.description), "true")).append('\n');
            }
        }
        System.out.print(out);
        System.out.flush();
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }

    /** Runs {@link #main} on {@code jcstressJar} and parses its rows. */
    static List<Row> readInChildJvm(Path work, Path jcstressJar) {
        String cp = jcstressJar + File.pathSeparator + ChildJvm.classpath();
        List<String> cmd = List.of(ChildJvm.javaBinary(), "-cp", cp, ResultsReader.class.getName(), work.toString());
        try (ChildProcesses kids = new ChildProcesses()) {
            Process p = kids.start(new ProcessBuilder(cmd).redirectError(work.resolve("reader-err.txt").toFile()));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = kids.waitFor(p, Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IllegalStateException("reading JCStress results failed (exit " + exit + "): "
                        + Files.readString(work.resolve("reader-err.txt")));
            }
            List<Row> rows = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                rows.add(new Row(f[0], f[1], Long.parseLong(f[2]), f[3], f[4], Boolean.parseBoolean(f[5])));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
