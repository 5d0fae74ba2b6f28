package dev.racelab.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal figure names equal the names the library built by concatenation before (issue 17): notebooks read them. */
class FigureNamesTest {
    @Test
    void pageViews() {
        for (PageViews.Method m : PageViews.Method.values()) {
            String k = m.name().toLowerCase(java.util.Locale.ROOT);
            PageViews.Names n = PageViews.Names.of(m);
            assertEquals(List.of(k + "_requests", k + "_lost", k + "_per_s", k + "_retries"),
                    List.of(n.requests(), n.lost(), n.perS(), n.retries()));
        }
    }
}
