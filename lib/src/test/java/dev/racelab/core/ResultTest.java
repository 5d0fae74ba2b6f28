package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.chart.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTest {
    static Result sample() {
        DataTable t = new DataTable("kind", "value");
        t.add("a, quoted \"one\"", 1L).add("b", 2.5);
        return Result.builder("demo", "A demo").param("threads", 2).samples(t)
                .figure("median", 1.75, "µs").note("a note")
                .chart(r -> Charts.histogram("values", "value", new long[] {1, 2, 2}))
                .build();
    }

    @Test
    void aResultBuiltAfterItsRunsCountsItsWallTimeFromTheirStart() throws Exception {
        // experiments that make their builder after the trials said "0.0 s" in the footer
        Budget.Meter m = Budget.of(1, java.time.Duration.ofSeconds(10)).start();
        Thread.sleep(60);
        Result r = Result.builder("x", "t").ended(m).build();
        assertTrue(r.wall().toMillis() >= 60, r.wall().toString());
        long t0 = System.nanoTime();
        Thread.sleep(60);
        assertTrue(Result.builder("x", "t").startedAt(t0).build().wall().toMillis() >= 60);
        assertTrue(Result.builder("x", "t").build().wall().toMillis() < 60, "a builder alone counts from its making");
    }

    @Test
    void csvCarriesMetadataAndRoundTrips(@TempDir Path dir) {
        Result r = sample();
        Path f = r.writeCsv(dir.resolve("sub/demo.csv"));
        Csv back = Csv.read(f);
        assertEquals("demo", back.metadata().get("experiment"));
        assertEquals("2", back.metadata().get("param.threads"));
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), back.metadata().get("cores"));
        assertNotNull(back.metadata().get("jdk"));
        assertNotNull(back.metadata().get("date"));
        assertEquals("a, quoted \"one\"", back.table().get(0, "kind"));
        assertEquals(2.5, back.table().doubles("value")[1]);
    }

    @Test
    void figuresByName() {
        Result r = sample();
        assertEquals(1.75, r.value("median"));
        var e = assertThrows(IllegalArgumentException.class, () -> r.value("mean"));
        assertTrue(e.getMessage().contains("median"), e.getMessage());
    }

    @Test
    void rendersTableAndChartForTheNotebook() {
        var bundle = sample().mimeBundle();
        assertTrue(bundle.get("text/html").contains("<img width=\"760\""));
        assertTrue(bundle.get("text/html").contains("data:image/png;base64,"));
        assertTrue(bundle.get("text/plain").contains("median"));
        String json = sample().toJson();
        assertTrue(json.startsWith("{\"experiment\":\"demo\""), json);
        assertTrue(json.contains("\"summary\":{\"median\":1.75}"), json);
    }

    @Test
    void writesAtomically(@TempDir Path dir) throws Exception {
        Path f = Result.writeAtomically(dir.resolve("x.txt"), "hello");
        assertEquals("hello", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }
}
