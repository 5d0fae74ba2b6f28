package dev.racelab.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal figure names equal the names the library built by concatenation before (issue 17): notebooks read them. */
class FigureNamesTest {
    @Test
    void spawnCost() {
        List<String> all = new ArrayList<>(SpawnCost.KINDS);
        all.addAll(SpawnCost.START_ONLY);
        assertEquals(6, all.size());
        for (String kind : all) {
            String k = kind.replace(", start only", "_start_only").replace(' ', '_');
            SpawnCost.Names n = SpawnCost.Names.of(kind);
            assertEquals(List.of(k + "_median_us", k + "_samples"), List.of(n.median(), n.samples()));
        }
    }

    @Test
    void isolation() {
        for (String fate : Isolation.FATES) {
            Isolation.Names n = Isolation.Names.of(fate);
            assertEquals(List.of(fate + "_finished", fate + "_exit_code"), List.of(n.finished(), n.exitCode()));
        }
    }
}
