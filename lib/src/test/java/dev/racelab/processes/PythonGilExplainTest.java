package dev.racelab.processes;

import static org.junit.jupiter.api.Assertions.*;
import static dev.racelab.core.SentenceForms.masked;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.DataTable;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of notebook 06's Python-against-Java sentence, on synthetic batch times. */
class PythonGilExplainTest {
    /** Batch times (ms) of three repeats per setup: serial, threads, processes, for Python (null: no Python) and Java. */
    static Result gil(double[][] python, double[][] java, Double gilOn, Regime regime) {
        DataTable t = new DataTable("language", "setup", "repeat", "wall_ms");
        String[] setups = {"serial", "threads", "processes"};
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 3; i++) {
                if (python != null) t.add("Python", setups[s], i, python[s][i]);
                t.add("Java", setups[s], i, java[s][i]);
            }
        }
        Result.Builder b = Result.builder("python-gil", "synthetic").conditions(Conditions.of(regime))
                .param("workers", 2).param("repeats", 3).samples(t).figure("python_found", python == null ? 0 : 1, "");
        if (gilOn != null) b.figure("python_gil", gilOn, "");
        return b.explainer(PythonGilExplain::explain).build();
    }

    static final double[][] JAVA_SCALES = {{200, 202, 204}, {100, 101, 103}, {104, 105, 106}};
    static final double[][] PY_GIL = {{400, 404, 410}, {405, 410, 420}, {210, 212, 215}};

    @Test
    void theGilStoryIsTwoRatiosWithTheirReadingRule() {
        String s = gil(PY_GIL, JAVA_SCALES, 1.0, Regime.FREE).prose().text();
        assertTrue(s.contains("Python with **2** threads: **0.99×**"), s);
        assertTrue(s.contains("Python's processes gained **1.93×** [1.84–2.05×] what its threads did, and Java's threads **2.03×**"), s);
        assertTrue(s.contains("This Python has a GIL: one Python thread computes at a time"), s);
        assertTrue(s.contains("a ratio whose interval lies above 1× shows it in this run"), s);
        assertFalse(s.contains("shared with other work"), s);
    }

    @Test
    void separatedAndOverlappingReadAlike() {
        // a busy moment once made Python's threads as fast as its processes; the sentences stay, the numbers move
        double[][] noisy = {{400, 404, 410}, {215, 410, 420}, {210, 300, 415}};
        double[][] procsOverlap = {{400, 404, 410}, {405, 410, 420}, {215, 300, 415}};
        String separated = gil(PY_GIL, JAVA_SCALES, 1.0, Regime.FREE).prose().text();
        for (double[][] d : new double[][][] {noisy, procsOverlap}) {
            String t = gil(d, JAVA_SCALES, 1.0, Regime.FREE).prose().text();
            assertEquals(masked(separated), masked(t));
            assertFalse(t.contains("under the GIL they computed one at a time"), t);
        }
        assertTrue(gil(noisy, JAVA_SCALES, 1.0, Regime.BUSY).prose().text().contains("shared with other work"));
    }

    @Test
    void freeThreadedPythonAndNoPython() {
        double[][] parallel = {{400, 404, 410}, {205, 206, 210}, {210, 212, 215}};
        assertTrue(gil(parallel, JAVA_SCALES, 0.0, Regime.FREE).prose().text().contains("without a GIL"));
        String none = gil(null, JAVA_SCALES, null, Regime.FREE).prose().text();
        assertTrue(none.startsWith("No Python was found, so only Java ran"), none);
        assertTrue(none.contains("**2.00×**"), none);
    }
}
