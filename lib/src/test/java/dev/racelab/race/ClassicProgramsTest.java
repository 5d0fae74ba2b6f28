package dev.racelab.race;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The programs that run are the ones the notebook names, in the JIT state and on the CPUs it names. */
class ClassicProgramsTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void theBookProgramIsExactlyTheBookProgram() {
        String src = Classic.source(Classic.Program.BOOK);
        assertTrue(src.startsWith("public class RaceConditionTest {"), "no header comment, nothing added:\n" + src);
        assertTrue(src.contains("for (int i = 0; i < 10000; i++) count++;"), src);
        assertFalse(src.contains("args["), "the book program reads no argument");
        assertFalse(src.contains("nanoTime"), "the book program takes no timestamps");
        assertTrue(Classic.source(Classic.Program.TIMED).contains("i < 10000"), "the timed copy differs only by its stamps");
        assertTrue(Classic.source(Classic.Program.SIZED).contains("Integer.parseInt(args[0])"));
    }

    @Test
    void eachJitModeRunsAndIsRecorded() {
        for (Classic.Jit j : Classic.Jit.values()) {
            Classic.ClassicResult r = Classic.book().jit(j).runs(2).seconds(60).run();
            assertEquals(2, r.value("runs"), j + ": " + r.ended());
            assertEquals(j.label(), r.params().get("jit"));
            assertEquals(String.join(" ", j.options(Classic.Program.BOOK)), r.params().get("jvm_args"));
            assertFalse(r.timed(), "the book program has no stamps");
            assertThrows(IllegalStateException.class, r::overlapChart);
        }
        assertTrue(Classic.Jit.C2.options(Classic.Program.BOOK).contains("-XX:CompileCommand=compileonly,RaceConditionTest::lambda*"));
    }

    @Test
    void pinnedRunsUseOneCpu() {
        assumeTrue(Taskset.path() != null, "no taskset here");
        Classic.ClassicResult r = Classic.of(Classic.Program.SIZED_TIMED).increments(1_000).pinned().runs(3).seconds(60).run();
        assertEquals(3, r.value("runs"));
        assertEquals(Taskset.firstCpu(), r.params().get("pinned_cpu"));
        assertTrue(r.title().contains("pinned to CPU"), r.title());
    }

    @Test
    void precisionStopsEarlyAndSaysSo() {
        // an outcome that never varies (a 10-increment loop cannot overlap) reaches a narrow interval at the minimum
        Classic.ClassicResult r = Classic.of(Classic.Program.SIZED).increments(10).precision(0.2).seconds(60).run();
        assertEquals(Classic.MIN_RUNS_FOR_PRECISION, r.value("runs"), r.ended());
        assertTrue(r.ended().contains("stopped early"), r.ended());
        assertTrue(r.interval("share_exact").width() <= 0.2);
    }
}
