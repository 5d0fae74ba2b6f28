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
        assertTrue(Double.isNaN(r.value("ranges_overlap")), "an old file has no ranges");
        assertTrue(r.prose().text().contains("older version that kept each side's best iteration"), r.prose().text());
        assertTrue(r.prose().text().contains("does not say how busy"), r.prose().text());
    }

    static String fig(String name, double v) {
        return "\"" + name + "\": {\"value\": " + v + ", \"unit\": \"x\"},\n";
    }

    @Test
    void mediansWithRangesSayWhetherTheyAgreeAndHowBusyTheMachineWas(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bench.json");
        String body = fig("counters_load_average_1m", 5.5) + fig("counters_cores", 2)
                + fig("jmh_synchronized_2t_mops", 5.4) + fig("jmh_synchronized_2t_mops_low", 5.0) + fig("jmh_synchronized_2t_mops_high", 6.1)
                + fig("quick_synchronized_2t_mops", 4.6) + fig("quick_synchronized_2t_mops_low", 4.0) + fig("quick_synchronized_2t_mops_high", 5.2)
                + fig("quick_vs_jmh_synchronized_2t", 0.85)
                + fig("jmh_atomic_integer_2t_mops", 40) + fig("jmh_atomic_integer_2t_mops_low", 38) + fig("jmh_atomic_integer_2t_mops_high", 44)
                + fig("quick_atomic_integer_2t_mops", 20) + fig("quick_atomic_integer_2t_mops_low", 18) + fig("quick_atomic_integer_2t_mops_high", 25)
                + fig("quick_vs_jmh_atomic_integer_2t", 0.5);
        Files.writeString(f, "{\n" + body + "\"end\": {\"value\": 0, \"unit\": \"\"}\n}\n");
        var r = JmhComparison.read(f);
        assertEquals(2, r.value("pairs"));
        assertEquals(1, r.value("within_30pct"));
        assertEquals(1, r.value("ranges_overlap"));
        assertEquals("yes", r.samples().where("counter, threads", "synchronized_2t").strings("ranges overlap").get(0));
        String text = r.prose().text();
        assertTrue(text.contains("**1** of **2** quick medians were within 30 % of JMH's median, and in **1** of **2** the two "
                + "ranges overlapped"), text);
        assertTrue(text.contains("The machine was busy: a load average of **5.5** on **2** cores"), text);
        assertTrue(text.contains("What still differs by design"), text);
        Files.writeString(f, Files.readString(f).replace("\"counters_load_average_1m\": {\"value\": 5.5", "\"counters_load_average_1m\": {\"value\": 0.5"));
        assertTrue(JmhComparison.read(f).prose().text().contains("was not overloaded (load average **0.5** on **2** cores)"));
    }
}
