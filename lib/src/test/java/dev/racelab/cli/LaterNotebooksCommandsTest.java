package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The terminal commands of notebooks 05-07: bad input exits 2 with one line; a real run prints CSV. */
class LaterNotebooksCommandsTest {
    @Test
    void badInputExitsTwoWithOneLine() {
        String[][] bad = {
                {"exp", "channel-counter", "--threads", "0"},
                {"exp", "fan-out", "--workers", "0"},
                {"exp", "pool-cpu", "--workers", "1,65"},
                {"exp", "pool-crash", "--workers", "1"},
                {"exp", "thread-sweep", "--threads", "2000"},
                {"exp", "slow-exports", "--interval-ms", "0"},
                {"exp", "switch-cost", "--rounds", "x"},
        };
        for (String[] args : bad) {
            MainTest.Run r = MainTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            MainTest.oneLine(r);
        }
        assertTrue(MainTest.run("exp", "pool-cpu", "--workers", "1,65").err().contains("workers must be between 1 and 64 (got 65)"));
    }

    @Test
    void aRunPrintsCsvWithItsMetadata() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        int code;
        try {
            code = Main.execute(new String[] {"exp", "receive-timeout", "--timeout-ms", "300", "--delays", "0,1000", "--format", "csv"},
                    new java.io.PrintWriter(System.err, true));
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertEquals(0, code, out);
        assertTrue(out.contains("# experiment: receive-timeout"), out);
        assertTrue(out.contains("timed out"), out);
    }
}
