package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Notebook 08's commands: bad input exits 2 with one line naming what is allowed. */
class ModelsCommandsTest {
    static void badInput(String expected, String... args) {
        MainTest.Run r = MainTest.run(args);
        assertEquals(2, r.code(), r.err());
        MainTest.oneLine(r);
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void badInputNamesTheAllowedValues() {
        badInput("requests must be between 1 and 10,000 (got 0)", "exp", "throttle", "--requests", "0");
        badInput("part must be one of cpu, counter, counter-one-step, processes (got nope)", "exp", "gil", "--part", "nope");
        badInput("handler must be one of read_await_write", "exp", "event-loop", "--handler", "nope");
        badInput("source must be racy, unguarded, guarded or an existing .java file", "exp", "guarded-by", "--source", "nope");
        badInput("platform threads must be between 1 and 20,000 (got 30,000)", "exp", "sleeping-threads", "--platform", "30000");
        badInput("limit must be between 1 and 1,000 (got 0)", "exp", "throttle", "--limit", "0");
        badInput("language must be one of rust, go (got cobol)", "exp", "race-tools", "--language", "cobol");
        badInput("samples must be between 10 and 100,000 (got 1)", "exp", "start-cost", "--samples", "1");
    }

    @Test
    void theNewExperimentsAreListed() {
        MainTest.Run r = MainTest.run("exp", "nope");
        for (String name : new String[] {"event-loop", "gil", "sleeping-threads", "pinning", "guarded-by", "throttle"}) {
            assertTrue(r.err().contains(name), name + " missing from: " + r.err());
        }
    }
}
