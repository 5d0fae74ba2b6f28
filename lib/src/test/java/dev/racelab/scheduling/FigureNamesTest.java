package dev.racelab.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal figure names equal the names the library built by concatenation before (issue 17): notebooks read them. */
class FigureNamesTest {
    @Test
    void slowExports() {
        for (String s : SlowExports.SCENARIOS) {
            String k = switch (s) {
                case SlowExports.BASELINE -> "baseline";
                case SlowExports.SHARED -> "shared";
                case SlowExports.BULKHEAD -> "bulkhead";
                default -> "virtual";
            };
            SlowExports.Names n = SlowExports.Names.of(s);
            assertEquals(List.of(k, k + "_p50_ms", k + "_p99_ms", k + "_max_ms"), List.of(n.key(), n.p50(), n.p99(), n.max()));
        }
    }

    @Test
    void switchCost() {
        String[][] methods = {{SwitchCost.PARK, "park_unpark"}, {SwitchCost.QUEUE, "synchronous_queue"}, {SwitchCost.SPIN, "spin"},
                {SwitchCost.PARK_SAME, "park_unpark_same_cpu"}, {SwitchCost.PARK_CROSS, "park_unpark_cross_cpu"}};
        for (String[] m : methods) {
            String k = m[1];
            SwitchCost.Names n = SwitchCost.Names.of(m[0]);
            assertEquals(List.of(k + "_median_us", k + "_p99_us", k + "_mean_us", k + "_round_trips",
                    k + "_voluntary_per_round_trip", k + "_involuntary_per_round_trip"),
                    List.of(n.median(), n.p99(), n.mean(), n.roundTrips(), n.voluntary(), n.involuntary()));
        }
        assertEquals("perf_sched_pipe_us", SwitchCost.perfFigure(SwitchCost.PERF_PROCESSES));
        assertEquals("perf_sched_pipe_same_cpu_us", SwitchCost.perfFigure(SwitchCost.PERF_SAME));
    }

    @Test
    void threadSweep() {
        for (String kind : ThreadSweep.KINDS) {
            String k = kind.equals(ThreadSweep.REGISTER) ? "register" : "cache";
            ThreadSweep.Names n = ThreadSweep.Names.of(kind);
            assertEquals(List.of(k, k + "_speedup_at_cores", k + "_change_cores_to_max", k + "_change_per_doubling",
                    k + "_involuntary_per_thread_at_max", k + "_involuntary_per_thread_at_cores", k + "_throughput_at_8"),
                    List.of(n.key(), n.speedupAtCores(), n.changeCoresToMax(), n.changePerDoubling(), n.involuntaryAtMax(),
                            n.involuntaryAtCores(), n.throughputAt(8)));
        }
    }
}
