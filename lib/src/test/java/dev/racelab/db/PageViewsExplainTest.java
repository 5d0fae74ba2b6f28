package dev.racelab.db;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

class PageViewsExplainTest {
    static Result views(double requests, double fixLost, double atomic, double forUpdate, double optimistic) {
        return Result.builder("page-views", "s")
                .figure("read_then_write_requests", requests, "").figure("read_then_write_lost", requests / 2, "")
                .figure("atomic_update_lost", fixLost, "").figure("select_for_update_lost", 0, "").figure("optimistic_lost", 0, "")
                .figure("atomic_update_per_s", atomic, "").figure("select_for_update_per_s", forUpdate, "")
                .figure("optimistic_per_s", optimistic, "").figure("optimistic_retries", 114, "")
                .explainer(PageViewsExplain::explain).build();
    }

    @Test
    void everyBranch() {
        assertTrue(views(0, 0, 0, 0, 0).prose().text().contains("no data"));
        String a = views(10_000, 0, 37_000, 8_800, 26_000).prose().text();
        assertTrue(a.contains("The fixes lost none") && a.contains("not a ranking to rely on"), a);
        String o = views(10_000, 0, 20_000, 8_800, 26_000).prose().text();
        assertEquals(a.replaceAll("[0-9,]+", "#"), o.replaceAll("[0-9,]+", "#"), "the same words whichever was fastest");
        String f = views(10_000, 3, 2_000, 8_800, 6_000).prose().text();
        assertTrue(f.contains("A fix lost views"), f);
    }
}
