package dev.racelab.jcstress;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.DataTable;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of a JCStress test's sentence, on synthetic outcome tables. */
class JcStressExplainTest {
    static Result test(long acceptable, long interesting, long forbidden) {
        DataTable t = new DataTable("outcome", "count", "expect", "description");
        t.add("2", acceptable, "ACCEPTABLE", "Both updates landed.");
        t.add("1", interesting, "ACCEPTABLE_INTERESTING", "Lost update, although the field is volatile.");
        if (forbidden >= 0) t.add("0", forbidden, "FORBIDDEN", "Nothing landed.");
        long n = acceptable + interesting + Math.max(0, forbidden);
        return Result.builder("jcstress", "synthetic").param("test", "dev.racelab.stress.Counter_02_VolatileIncrement")
                .param("mode", "quick").samples(t).figure("samples", n, "").figure("interesting", interesting, "")
                .figure("forbidden", Math.max(0, forbidden), "").explainer(JcStressExplain::explain).build();
    }

    @Test
    void seenOutcomesAreCountedWithTheTestsOwnWords() {
        String s = test(15_000_000, 4_000_000, -1).prose().text();
        assertTrue(s.contains("JCStress ran `Counter_02_VolatileIncrement` **19,000,000** times (quick mode)."), s);
        assertTrue(s.contains("The interesting outcome `1` — Lost update, although the field is volatile — was seen **4,000,000** times (**21.1 %**"), s);
    }

    @Test
    void theToolsStartUpAndTheTestingAreTimedApart() {
        Result one = Result.builder("jcstress", "s").param("test", "dev.racelab.stress.Counter_03_Synchronized")
                .param("mode", "quick").param("tests_in_run", 1).samples(new DataTable("outcome", "count", "expect", "description")
                        .add("2", 10L, "ACCEPTABLE", "ok")).figure("samples", 10, "").figure("startup_s", 8.4, "s")
                .figure("testing_s", 3.8, "s").explainer(JcStressExplain::explain).build();
        String s = one.prose().text();
        assertTrue(s.contains("JCStress took **8.4 s** to start — it probes the OS and this JVM first, one short JVM per "
                + "option it tries — and then **3.8 s** to test."), s);
        Result each = Result.builder("jcstress", "s").param("test", "dev.racelab.stress.Counter_03_Synchronized")
                .param("mode", "quick").param("tests_in_run", 5).samples(new DataTable("outcome", "count", "expect", "description"))
                .figure("samples", 10, "").figure("startup_s", 8.4, "s").figure("testing_s", 19, "s")
                .explainer(JcStressExplain::explain).build();
        assertTrue(each.prose().text().contains("**19.0 s** to test (the 5 tests of this run together)."), each.prose().text());
        assertFalse(test(10, 1, -1).prose().text().contains("to start"), "no timing, no sentence");
    }

    @Test
    void unseenIsNotImpossible() {
        String s = test(19_000_000, 0, 0).prose().text();
        assertTrue(s.contains("was not seen (with 95 % confidence it comes up in fewer than 1 in **"), s);
        assertTrue(s.contains("not seen is not impossible"), s);
        assertTrue(s.contains("The forbidden outcome `0`"), s);
        assertTrue(test(0, 0, -1).prose().text().contains("no data, so no verdict"));
    }

    @Test
    void oneCpuRunsNothingAndSaysWhy() {
        // JCStress refuses to run a 2-thread test on one CPU ("No scheduling is possible"): no child JVM, no samples
        assertNull(JcStress.cannotRun(2));
        String why = JcStress.cannotRun(1);
        assertTrue(why.contains("may use 1 CPU") && why.contains("a CPU of its own"), why);
        Result r = JcStress.test("Counter_02_VolatileIncrement").notRun("dev.racelab.stress.Counter_02_VolatileIncrement", why);
        assertEquals(0, r.value("samples"));
        String s = r.prose().text();
        assertTrue(s.startsWith("JCStress did not run `Counter_02_VolatileIncrement` here: this JVM may use 1 CPU"), s);
        assertTrue(s.contains("No samples, so no verdict") && !s.contains("was not seen"), s);
    }
}
