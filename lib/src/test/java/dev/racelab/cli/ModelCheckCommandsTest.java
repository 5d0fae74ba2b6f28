package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** ./course exp model-check: bad input is one line naming what is allowed, before any child JVM starts. */
class ModelCheckCommandsTest {
    @Test
    void badCodeAndRangesNameWhatIsAllowed() {
        MainTest.Run c = MainTest.run("exp", "model-check", "--code", "nope");
        assertEquals(2, c.code());
        MainTest.oneLine(c);
        assertTrue(c.err().contains("classic, volatile, synchronized, atomic, deadlock, never-ends"), c.err());
        MainTest.Run i = MainTest.run("exp", "model-check", "--increments", "9");
        assertEquals(2, i.code());
        MainTest.oneLine(i);
        assertTrue(i.err().contains("increments"), i.err());
        MainTest.Run t = MainTest.run("exp", "model-check", "--code", "deadlock", "--threads", "3");
        assertEquals(2, t.code());
        MainTest.oneLine(t);
        assertTrue(t.err().contains("one thread per method"), t.err());
    }
}
