package dev.racelab.basics;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of notebook 01's explanations, on synthetic results. */
class BasicsExplainTest {
    static Interval iv(double est, double lo, double hi) {
        return new Interval(est, lo, hi, 2000, "test");
    }

    static Result spawn(Interval platform, Interval virtual, Interval platformStart, Interval virtualStart) {
        Result.Builder b = Result.builder("spawn-cost", "synthetic").param("tiny_process", "/usr/bin/true")
                .param("child_jvm_flags", "-Xshare:auto")
                .figure("platform_thread_median_us", platform, "µs").figure("virtual_thread_median_us", virtual, "µs")
                .figure("child_process_median_us", iv(1700, 1600, 1800), "µs")
                .figure("child_JVM_median_us", iv(90_000, 85_000, 95_000), "µs")
                .figure("platform_thread_samples", 2000, "").figure("virtual_thread_min_us", 3.5, "µs")
                .figure("platform_thread_start_only_median_us", platformStart, "µs")
                .figure("virtual_thread_start_only_median_us", virtualStart, "µs")
                .figure("process_per_thread", Interval.ratio(iv(1700, 1600, 1800), platform), "×")
                .figure("jvm_per_thread", Interval.ratio(iv(90_000, 85_000, 95_000), platform), "×")
                .figure("platform_per_virtual", Interval.ratio(platform, virtual), "×")
                .figure("platform_per_virtual_start_only", Interval.ratio(platformStart, virtualStart), "×")
                .figure("virtual_waiting_share", SpawnCost.waitingShare(virtualStart, virtual), "");
        return b.explainer(SpawnExplain::explain).build();
    }

    @Test
    void aSmallStartJoinRatioIsTheWaitingNotTheStart() {
        String s = spawn(iv(105, 100, 110), iv(66, 63, 69), iv(60, 55, 65), iv(1.5, 1.4, 1.6)).prose().text();
        assertTrue(s.contains("a virtual thread was cheaper"), s);
        assertTrue(s.contains("of a virtual thread's start + join was waiting"), s);
        assertTrue(s.contains("Neither ratio is why notebook 08"), s);
        assertFalse(s.contains("that is why"), s);
    }

    @Test
    void overlappingMediansAreWithinNoise() {
        String s = spawn(iv(70, 60, 80), iv(66, 55, 75), iv(60, 55, 65), iv(1.5, 1.4, 1.6)).prose().text();
        assertTrue(s.contains("the same within the noise of this run"), s);
    }

    @Test
    void aSlowerVirtualThreadIsSaid() {
        String s = spawn(iv(50, 48, 52), iv(66, 63, 69), iv(40, 38, 42), iv(30, 28, 32)).prose().text();
        assertTrue(s.contains("*not* cheaper"), s);
        assertTrue(s.contains("Waiting in `join()` was"), "little waiting: no claim that it dominates: " + s);
    }

    @Test
    void noThreadSamplesIsNoData() {
        String s = spawn(Interval.empty(), Interval.empty(), Interval.empty(), Interval.empty()).prose().text();
        assertTrue(s.contains("no data"), s);
        assertFalse(s.contains("cheaper"), s);
    }

    @Test
    void noStartOnlySamplesIsNoData() {
        String s = spawn(iv(105, 100, 110), iv(66, 63, 69), Interval.empty(), Interval.empty()).prose().text();
        assertTrue(s.contains("no data for it"), s);
    }

    static Result memory(double childStart, double parentAfter, double thread) {
        return Result.builder("isolation-memory", "synthetic").figure("parent_value_at_start", 43, "")
                .figure("child_started_with", childStart, "").figure("child_sees", 99, "")
                .figure("process_parent_sees", parentAfter, "").figure("thread_parent_sees", thread, "")
                .explainer(IsolationExplain::memory).build();
    }

    @Test
    void memoryBranches() {
        String ok = memory(42, 43, 99).prose().text();
        assertTrue(ok.contains("not even a copy") && ok.contains("happens-before"), ok);
        assertTrue(memory(43, 43, 99).prose().text().contains("looks like a copy"));
        assertTrue(memory(42, 99, 99).prose().text().contains("should be impossible"));
        assertTrue(memory(42, 43, 42).prose().text().contains("breaks the guarantee"));
    }

    static Result crash(double exc, double exit, double heap, double oom, double oomOthers) {
        return Result.builder("isolation-crash", "synthetic").param("workers", 3)
                .figure("processes_finished", 2, "").figure("killed_exit_code", 137, "").figure("killed_finished_first", exit == 2 ? 1 : 0, "")
                .figure("exception_finished", exc, "").figure("exception_exit_code", 0, "")
                .figure("exit_finished", exit, "").figure("exit_exit_code", 1, "")
                .figure("heap_finished", heap, "").figure("heap_out_of_memory", oom, "")
                .figure("heap_out_of_memory_others", oomOthers, "")
                .explainer(IsolationExplain::crash).build();
    }

    @Test
    void crashTellsWhatEachFailureTookDown() {
        String s = crash(2, 0, 0, 3, 2).prose().text();
        assertTrue(s.contains("the other **2** of **3** finished their work"), s);
        assertTrue(s.contains("ends one thread, not the process"), s);
        assertTrue(s.contains("`System.exit` ends the whole JVM"), s);
        assertTrue(s.contains("did nothing wrong"), s);
        assertTrue(s.contains("but not one that exhausts its heap"), s);
        assertTrue(s.contains("SIGKILL"), s);
        assertTrue(crash(2, 2, 0, 3, 2).prose().text().contains("no data on a killed process"));
    }

    @Test
    void crashBranchesWhenTheRunDiffers() {
        String s = crash(0, 1, 2, 1, 0).prose().text();
        assertTrue(s.contains("not the **2** that an uncaught exception normally leaves"), s);
        assertFalse(s.contains("ends the whole JVM"), s);
        assertTrue(s.contains("did not need memory at the wrong moment"), s);
        assertFalse(s.contains("exhausts its heap"), s);
    }
}
