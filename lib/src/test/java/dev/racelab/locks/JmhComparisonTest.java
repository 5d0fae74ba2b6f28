package dev.racelab.locks;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhComparisonTest {
    @Test
    void readsTheBenchFileTheWayToolsBenchWritesIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bench.json");
        assertEquals(0, JmhComparison.read(f).value("available"), "no file yet");
        Files.writeString(f, """
                {
                  "counters_load_average_1m": {
                    "value": 6.5,
                    "unit": "runnable tasks"
                  },
                  "jmh_volatile_1t_mops": {
                    "value": 164.75,
                    "unit": "M ops/s"
                  },
                  "quick_volatile_1t_mops": {
                    "value": 122.82,
                    "unit": "M ops/s"
                  },
                  "quick_vs_jmh_volatile_1t": {
                    "value": 0.75,
                    "unit": "x"
                  },
                  "jmh_long_adder_2t_mops": {
                    "value": 100.0,
                    "unit": "M ops/s"
                  },
                  "quick_vs_jmh_long_adder_2t": {
                    "value": 1.87,
                    "unit": "x"
                  },
                  "quick_vs_jmh_within_30pct": {
                    "value": 1,
                    "unit": "of 2"
                  }
                }
                """);
        var r = JmhComparison.read(f);
        assertEquals(1, r.value("available"));
        assertEquals(2, r.value("pairs"));
        assertEquals(1, r.value("within_30pct"));
        assertEquals(0, r.value("alone_within_30pct"), "no one-kind-per-JVM figures in this file");
        assertEquals(6.5, r.value("load_average_1m"));
        assertEquals(0.75, r.samples().where("counter, threads", "volatile_1t").doubles("quick / JMH")[0]);
    }
}
