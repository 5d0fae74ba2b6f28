package dev.racelab.jcstress;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.racelab.jcstress.ResultsReader.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JcStressTest {
    static final String A = "dev.racelab.stress.A_Test", B = "dev.racelab.stress.B_Test";

    static List<Row> rows(long forbiddenSeen, boolean bPassed) {
        return List.of(
                new Row(A, "", 0, "", "OK", true),
                new Row(A, "2", 1000, "ACCEPTABLE", "fine", true),
                new Row(A, "1", forbiddenSeen, "FORBIDDEN", "lost", true),
                new Row(B, "", 0, "", bPassed ? "OK" : "ERROR", bPassed),
                new Row(B, "1", 10, "ACCEPTABLE_INTERESTING", "lost", true));
    }

    @Test
    void theSuitePassesOnlyWithoutForbiddenOutcomesErrorsOrMissingTests() {
        var ok = JcStress.summary(rows(0, true), Path.of("."), 0, 2, JcStress.Mode.QUICK);
        assertEquals(1, ok.value("passed"));
        assertEquals(10, ok.samples().where("test", "B_Test").doubles("interesting")[0]);

        assertEquals(0, JcStress.summary(rows(1, true), Path.of("."), 0, 2, JcStress.Mode.QUICK).value("passed"),
                "one FORBIDDEN sample fails the suite");
        assertEquals(1, JcStress.summary(rows(1, true), Path.of("."), 0, 2, JcStress.Mode.QUICK).value("failed"));
        assertEquals(0, JcStress.summary(rows(0, false), Path.of("."), 0, 2, JcStress.Mode.QUICK).value("passed"),
                "a test that errored fails the suite");
        assertEquals(0, JcStress.summary(rows(0, true), Path.of("."), 0, 3, JcStress.Mode.QUICK).value("passed"),
                "a test with no results fails the suite");
        assertEquals(0, JcStress.summary(rows(0, true), Path.of("."), 1, 2, JcStress.Mode.QUICK).value("passed"),
                "a non-zero JCStress exit fails the suite");
    }

    @Test
    void unknownTestsListTheAvailableOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> JcStress.test("Nope_99"));
        assertTrue(e.getMessage().contains("Counter_06_ReentrantLock"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JcStress.test("Counter_01_PlainIncrement").seconds(0.5));
        assertEquals(JcStress.test("Counter_03").getClass(), JcStress.class, "a unique prefix is enough");
    }

    /** Runs one JCStress test in the JVM it is started in and prints what came back. */
    public static final class OneTest {
        public static void main(String[] args) {
            var r = JcStress.test("Counter_02_VolatileIncrement").run();
            System.out.println("samples=" + (long) r.value("samples") + " not_run=" + r.params().get("not_run"));
        }
    }

    @Test
    void onOneCpuNoJcStressRunsAndTheResultSaysWhy() throws Exception {
        // JCStress itself runs nothing on one CPU ("No scheduling is possible"): notebook 04 failed there; now the
        // library starts no JCStress and returns a result that names the reason (a real JVM pinned with taskset)
        Path taskset = Path.of("/usr/bin/taskset");
        assumeTrue(Files.isExecutable(taskset), "no taskset here");
        List<String> cmd = new ArrayList<>(List.of(taskset.toString(), "-c", "0"));
        cmd.addAll(dev.racelab.core.ChildJvm.command(List.of(), OneTest.class));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the pinned JVM did not end");
            assumeTrue(!out.contains("Invalid argument"), "CPU 0 is not ours to pin to: " + out);
            assertTrue(out.contains("samples=0 not_run=this JVM may use 1 CPU"), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
