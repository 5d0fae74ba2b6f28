package dev.racelab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The literal figure names equal the names the library built by concatenation before (issue 17): notebooks read them. */
class FigureNamesTest {
    @Test
    void pinning() {
        for (Pinning.Mode m : Pinning.Mode.values()) {
            String k = m.label().toLowerCase(Locale.ROOT).replace(' ', '_');
            assertEquals(List.of(k + "_wall_ms", k + "_max_sleeping"), List.of(m.wallFigure, m.maxSleepingFigure));
            assertEquals(m, Pinning.Mode.ofLabel(m.label()));
        }
    }
}
