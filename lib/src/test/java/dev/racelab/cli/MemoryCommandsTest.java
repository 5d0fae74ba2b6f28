package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.ChildProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** Notebook 09's terminal commands: bad input exits 2 with one line naming the range; a small run prints its figures. */
class MemoryCommandsTest {
    @Test
    void badInputExitsTwoWithOneLine() {
        String[][] bad = {
                {"exp", "visibility", "--limit-ms", "10"},
                {"exp", "visibility", "--plain-jvms", "0"},
                {"exp", "visibility", "--volatile-runs", "x"},
                {"exp", "reordering", "--part", "nope"},
                {"exp", "reordering", "--seconds", "1"},
        };
        for (String[] args : bad) {
            MainTest.Run r = MainTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            MainTest.oneLine(r);
        }
        assertTrue(MainTest.run("exp", "visibility", "--limit-ms", "10").err().contains("limit (ms) must be between 50 and 60,000 (got 10)"));
        assertTrue(MainTest.run("exp", "reordering", "--part", "nope").err().contains("reordering, publication, happens-before"));
    }

    @Test
    void aSmallVisibilityRunEndsEveryChildJvm() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        int code;
        try {
            code = Main.execute(new String[] {"exp", "visibility", "--plain-jvms", "1", "--runs-per-jvm", "3", "--volatile-runs", "5",
                    "--format", "csv"}, new java.io.PrintWriter(System.err, true));
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertEquals(0, code, out);
        assertTrue(out.contains("# experiment: visibility"), out);
        assertTrue(out.lines().filter(l -> l.contains(",volatile,")).count() == 5, out);
        assertTrue(ChildProcesses.liveChildren().isEmpty(), "a child JVM outlived the experiment");
    }
}
