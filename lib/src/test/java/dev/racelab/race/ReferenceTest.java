package dev.racelab.race;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Csv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceTest {
    @Test
    void outcomeBinsCoverEveryRun() {
        long[] mine = {20_000, 20_000, 19_000, 12_000, 10_000, 9_000, 10_001, 15_000};
        var o = Reference.outcomes(20_000, Map.of("this machine", mine, "reference", new long[] {20_000}));
        Map<String, Double> row = o.get("this machine (8 runs)");
        assertEquals(List.of("exactly 20,000", "15,000–19,999", "10,001–14,999", "exactly 10,000", "below 10,000"),
                List.copyOf(row.keySet()));
        assertEquals(100.0, row.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertEquals(25.0, row.get("exactly 20,000"), 1e-9);
        assertEquals(25.0, row.get("15,000–19,999"), 1e-9);   // 19,000 and 15,000
        assertEquals(25.0, row.get("10,001–14,999"), 1e-9);   // 12,000 and 10,001
        assertEquals(12.5, row.get("exactly 10,000"), 1e-9);
        assertEquals(100.0, o.get("reference (1 runs)").get("exactly 20,000"), 1e-9);
    }

    @Test
    void theReferenceFilesCarryTheirMachine() {
        for (String name : List.of("race-classic.csv", "race-sweep.csv")) {
            Csv csv = Csv.read(Reference.path(name));
            for (String key : List.of("date", "jdk", "cores", "os")) {
                assertTrue(csv.metadata().containsKey(key), name + " has no '" + key + "' in its header");
            }
            assertTrue(csv.table().size() > 0, name + " has no rows");
        }
        assertTrue(Csv.read(Reference.path("race-classic.csv")).table().columns().contains("value"));
        assertTrue(Csv.read(Reference.path("race-sweep.csv")).table().columns().containsAll(
                List.of("counter", "increments", "share_with_loss")));
    }
}
