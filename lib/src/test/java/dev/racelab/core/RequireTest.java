package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequireTest {
    @Test
    void namesTheAllowedRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Require.inRange("threads", 0, 1, 256));
        assertEquals("threads must be between 1 and 256 (got 0)", e.getMessage());
        assertEquals(256, Require.inRange("threads", 256, 1, 256));
        var d = assertThrows(IllegalArgumentException.class, () -> Require.inRange("share", 1.5, 0, 1));
        assertTrue(d.getMessage().contains("between 0.0 and 1.0"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Require.inRange("share", Double.NaN, 0, 1));
    }

    @Test
    void oneOfListsTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> Require.oneOf("mode", "x", List.of("a", "b")));
        assertEquals("mode must be one of a, b (got x)", e.getMessage());
    }

    @Test
    void profileParsesAndRejects() {
        assertEquals(Profile.QUICK, Profile.parse(null));
        assertEquals(Profile.FULL, Profile.parse(" Full "));
        var e = assertThrows(IllegalArgumentException.class, () -> Profile.parse("fast"));
        assertTrue(e.getMessage().contains("quick, full"), e.getMessage());
        assertEquals(3, Profile.QUICK.pick(3, 9));
    }

    @Test
    void budgetValidates() {
        assertThrows(IllegalArgumentException.class, () -> Budget.of(0, Duration.ofSeconds(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> Budget.of(1, Duration.ZERO));
        assertTrue(e.getMessage().contains("between 1 ms and 3600 s"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Budget.of(1, Duration.ofHours(2)));
    }

    @Test
    void aRangeWrittenAsHelpShowsItChecksTheSameBounds() {
        assertEquals(10_000, Require.inRange("capacity", 10_000, "1..10000"));
        var e = assertThrows(IllegalArgumentException.class, () -> Require.inRange("capacity", 10_001, "1..10000"));
        assertEquals("capacity must be between 1 and 10,000 (got 10,001)", e.getMessage());
        assertEquals(0L, Require.inRange("delay (ms)", 0L, "0..60000"));
        assertThrows(IllegalArgumentException.class, () -> Require.inRange("delay (ms)", -1L, "0..60000"));
        assertEquals(0.01, Require.inRange("width", 0.01, "0.01..1"));
        e = assertThrows(IllegalArgumentException.class, () -> Require.inRange("width", 1.5, "0.01..1"));
        assertEquals("width must be between 0.01 and 1.0 (got 1.5)", e.getMessage());
        // a constant typed wrong is the programmer's error, not the user's
        assertThrows(IllegalStateException.class, () -> Require.inRange("x", 1, "1-10"));
        assertThrows(IllegalStateException.class, () -> Require.inRange("x", 1, "10..1"));
    }
}
