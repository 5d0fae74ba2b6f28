package dev.racelab.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The literal figure names equal the names the library built by concatenation before (issue 17): notebooks read them. */
class FigureNamesTest {
    @Test
    void fairness() {
        for (boolean fair : new boolean[] {false, true}) {
            String k = fair ? "fair" : "unfair";
            Fairness.Names n = Fairness.Names.of(fair);
            assertEquals(List.of(k + "_acquisitions_per_s", k + "_max_over_min", k + "_median_run", k + "_p99_run",
                    k + "_median_handoff_wait_us", k + "_p99_wait_us", k + "_max_wait_us"),
                    List.of(n.acquisitionsPerS(), n.maxOverMin(), n.medianRun(), n.p99Run(), n.medianHandoffWaitUs(),
                            n.p99WaitUs(), n.maxWaitUs()));
        }
    }
}
