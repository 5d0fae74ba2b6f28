package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    record Run(int code, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(err, true));
        return new Run(code, err.toString());
    }

    static void oneLine(Run r) {
        assertEquals(1, r.err().strip().lines().count(), "one readable line, no stack trace: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownExperimentListsTheAllowedOnes() {
        Run r = run("exp", "nope");
        assertEquals(2, r.code());
        oneLine(r);
        assertTrue(r.err().contains("unknown experiment 'nope'; allowed: spawn-cost"), r.err());
    }

    @Test
    void outOfRangeOptionNamesTheRange() {
        Run r = run("exp", "spawn-cost", "--threads", "0");
        assertEquals(2, r.code());
        oneLine(r);
        assertTrue(r.err().contains("between 1 and 1,000,000"), r.err());
    }

    @Test
    void badFormatAndUnknownCommand() {
        Run f = run("exp", "isolation-memory", "--format", "xml");
        assertEquals(2, f.code());
        oneLine(f);
        assertTrue(f.err().contains("table, csv, json"), f.err());
        Run c = run("frob");
        assertEquals(2, c.code());
        oneLine(c);
        Run b = run("bench", "--only", "nope");
        assertEquals(2, b.code());
        oneLine(b);
        assertTrue(b.err().contains("allowed: spawn"), b.err());
    }

    @Test
    void raceCommandsValidate() {
        Run t = run("exp", "race-gate", "--threads", "0");
        assertEquals(2, t.code());
        oneLine(t);
        assertTrue(t.err().contains("threads must be between 1 and 256"), t.err());
        Run c = run("exp", "race-gate", "--counter", "nope");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("plain_static"), c.err());
        Run k = run("exp", "interleavings", "--k", "0");
        assertEquals(2, k.code());
        oneLine(k);
        Run s = run("exp", "race-sweep", "--jit", "--counters", "volatile");
        assertEquals(2, s.code());
        oneLine(s);
    }
}
