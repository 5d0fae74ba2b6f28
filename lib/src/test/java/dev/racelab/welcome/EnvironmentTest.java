package dev.racelab.welcome;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    static String explain(Regime regime, int problems) {
        Result r = Result.builder("environment", "x").conditions(Conditions.of(regime)).figure("jdk_feature", 25, "")
                .figure("cores", regime == Regime.ONE_CORE ? 1 : 2, "").figure("problems", problems, "").build();
        return Environment.explain(r).text();
    }

    @Test
    void eachRegimeIsToldForWhatItDoesToRaces() {
        assertTrue(explain(Regime.FREE, 0).contains("*in parallel*"));
        assertTrue(explain(Regime.ONE_CORE, 0).contains("may use one CPU"));
        assertTrue(explain(Regime.QUOTA, 0).contains("CPU quota"));
        assertTrue(explain(Regime.BUSY, 0).contains("Other work is using the cores"));
        assertTrue(explain(Regime.FREE, 0).startsWith("Everything the course needs is here"));
        assertTrue(explain(Regime.FREE, 2).startsWith("**2** check(s) above are not ok"));
    }

    @Test
    void aBusyMomentIsANoteNotAProblem() {
        Result r = Environment.check();
        for (Object[] row : r.samples().rows()) {
            String status = String.valueOf(row[2]);
            assertTrue(status.equals("ok") || status.startsWith("note:") || r.value("problems") > 0, status);
        }
        assertTrue(r.hasExplanation());
    }
}
