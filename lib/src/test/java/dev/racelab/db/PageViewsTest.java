package dev.racelab.db;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Crew;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageViewsTest {
    @AfterEach
    void reset() {
        PageViews.afterSetup = c -> { };
        assertEquals(0, PageViews.openConnections(), "connections left open");
        assertEquals(List.of(), Crew.liveThreadNames());
    }

    @Test
    void aSingleMethodCountsEveryViewAndRunsInRounds() {
        var r = PageViews.requests(203).workers(3).run(PageViews.Method.ATOMIC_UPDATE);
        assertEquals(203, r.value("views"));
        assertEquals(0, r.value("lost"));
        var c = PageViews.requests(203).workers(2).compare();
        assertEquals(203, c.value("optimistic_requests"), "the rounds together run every request");
        assertEquals(0, c.value("select_for_update_lost"));
    }

    @Test
    void anH2FailureSurfacesClearlyAndClosesEveryConnection() {
        // a real failure inside H2: the table disappears after set-up, while the workers hold open connections
        PageViews.afterSetup = c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE pages");
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        };
        var e = assertThrows(IllegalStateException.class, () -> PageViews.requests(100).workers(4).run(PageViews.Method.READ_THEN_WRITE));
        assertTrue(e.getMessage().startsWith("H2 failed"), e.getMessage());
        assertTrue(e.getMessage().contains("PAGES"), "the message should name what H2 could not find: " + e.getMessage());
        assertEquals(0, PageViews.openConnections());
    }

    @Test
    void badInputNamesTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> PageViews.requests(10).workers(65));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PageViews.requests(10_000_001));
    }
}
