package dev.racelab.processes;

import static dev.racelab.core.SentenceForms.masked;
import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of notebook 06's explanations, on synthetic results. */
class PoolExplainTest {
    static Interval iv(double e, double lo, double hi) {
        return new Interval(e, lo, hi, 4, "synthetic");
    }

    /** Speed-ups at 1, 2, 4 workers: processes p2/p4, threads t2/t4 (virtual = threads). */
    static Result cmp(String kind, Interval p2, Interval t2, Interval p4, Interval t4, Regime regime) {
        Result.Builder b = Result.builder("pool-" + kind, "synthetic").conditions(Conditions.of(regime)).param("repeats", 4)
                .figure("cores", 2, "");
        for (String pool : PoolComparison.POOLS) {
            String k = PoolComparison.key(pool);
            b.figure(k + "_speedup_at_1", iv(1, 1, 1), "");
            b.figure(k + "_speedup_at_2", pool.equals("processes") ? p2 : t2, "");
            if (p4 != null) b.figure(k + "_speedup_at_4", pool.equals("processes") ? p4 : t4, "");
        }
        return b.explainer(kind.equals("cpu") ? PoolExplain::cpu : PoolExplain::io).build();
    }

    @Test
    void processesAndThreadsWithinNoiseAreNotCalledDifferent() {
        String s = cmp("cpu", iv(1.8, 1.5, 2.0), iv(1.9, 1.7, 2.0), iv(1.8, 1.6, 2.0), iv(1.9, 1.7, 2.0), Regime.FREE).prose().text();
        assertTrue(s.contains("Processes reached **0.95×** [0.75–1.18×] the speed-up of threads"), s);
        assertTrue(s.contains("one that reaches into 0.90–1.10× means they did about as well"), s);
        assertTrue(s.contains("one per core"), s);
        assertTrue(s.contains("reached **1.90×** [1.70–2.00×] (with **2** workers: **1.90×**)")
                && s.contains("can only take turns with each other"), s);
        assertFalse(s.contains("shared with other work"), s);
    }

    @Test
    void separatedIntervalsNameTheDirectionAndTheMachine() {
        String slower = cmp("cpu", iv(1.1, 1.0, 1.2), iv(1.9, 1.8, 2.0), iv(1.1, 1.0, 1.2), iv(2.5, 2.2, 2.8), Regime.BUSY).prose().text();
        assertTrue(slower.contains("Processes reached **0.58×** [0.50–0.67×] the speed-up of threads"), slower);
        assertTrue(slower.contains("on a shared machine they may win a larger share"), slower);
        assertTrue(slower.contains("The cores were shared with other work"), slower);
        assertTrue(slower.contains("noise in the one-worker baseline"), slower);
        String faster = cmp("cpu", iv(1.95, 1.9, 2.0), iv(1.5, 1.4, 1.6), iv(1.95, 1.9, 2.0), iv(1.2, 1.1, 1.3), Regime.FREE).prose().text();
        assertTrue(faster.contains("Processes reached **1.30×** [1.19–1.43×] the speed-up of threads"), faster);
        assertTrue(faster.contains("reached **1.20×** [1.10–1.30×] (with **2** workers: **1.50×**)"), faster);
    }

    @Test
    void processesAgainstThreadsIsOneSentenceFormWhateverTheRunMeasured() {
        // seen flipping between runs of one machine: "scaled worse than threads, beyond the noise" / "about as well"
        String worse = cmp("cpu", iv(1.1, 1.0, 1.2), iv(1.9, 1.8, 2.0), iv(1.1, 1.0, 1.2), iv(1.9, 1.7, 2.0), Regime.FREE).prose().text();
        String same = cmp("cpu", iv(1.8, 1.5, 2.0), iv(1.9, 1.7, 2.0), iv(1.1, 1.0, 1.2), iv(1.9, 1.7, 2.0), Regime.FREE).prose().text();
        String better = cmp("cpu", iv(1.95, 1.9, 2.0), iv(1.5, 1.4, 1.6), iv(1.1, 1.0, 1.2), iv(1.9, 1.7, 2.0), Regime.FREE).prose().text();
        assertEquals(masked(worse), masked(same));
        assertEquals(masked(worse), masked(better));
    }

    @Test
    void aSeparatedGapUnderTenPercentIsAboutAsWell() {
        String s = cmp("io", iv(2, 1.9, 2.1), iv(2, 1.9, 2.1), iv(3.7, 3.65, 3.75), iv(3.95, 3.9, 4.0), Regime.FREE).prose().text();
        assertTrue(s.contains("Processes reached **0.94×** [0.91–0.96×] the speed-up of threads"), s);
        String worse = cmp("io", iv(2, 1.9, 2.1), iv(2, 1.9, 2.1), iv(3.2, 3.1, 3.3), iv(3.95, 3.9, 4.0), Regime.FREE).prose().text();
        assertTrue(worse.contains("Processes reached **0.81×**"), worse);
        assertEquals(masked(s), masked(worse), "one sentence form whichever side of 10 % the ratio falls");
    }

    @Test
    void virtualThreadsCutByTheBudgetReadNoData() {
        Result r = Result.builder("pool-cpu", "s").conditions(Conditions.of(Regime.BUSY)).param("repeats", 3)
                .figure("cores", 2, "")
                .figure("processes_speedup_at_1", iv(1, 1, 1), "").figure("platform_threads_speedup_at_1", iv(1, 1, 1), "")
                .figure("virtual_threads_speedup_at_1", iv(1, 1, 1), "")
                .figure("processes_speedup_at_2", iv(1.8, 1.6, 2.0), "").figure("platform_threads_speedup_at_2", iv(1.9, 1.7, 2.0), "")
                .explainer(PoolExplain::cpu).build();
        String s = r.prose().text();
        assertTrue(s.contains("**no data** (virtual threads)"), s);
        assertTrue(s.contains("Processes reached **0.95×**"), s);
    }

    @Test
    void noPointsIsNoData() {
        Result r = Result.builder("pool-cpu", "s").conditions(Conditions.of(Regime.FREE)).param("repeats", 4)
                .figure("cores", 2, "").explainer(PoolExplain::cpu).build();
        assertTrue(r.prose().text().contains("no speed-up to report"), r.prose().text());
    }

    @Test
    void waitingScalesPastTheCores() {
        String s = cmp("io", iv(2, 1.9, 2.1), iv(2, 1.9, 2.1), iv(3.9, 3.7, 4.0), iv(3.9, 3.8, 4.0), Regime.FREE).prose().text();
        assertTrue(s.contains("Waiting scales with the number of workers"), s);
        assertTrue(s.contains("except its start-up bill"), s);
        String unsure = cmp("io", iv(2, 1.9, 2.1), iv(2, 1.9, 2.1), iv(2.5, 1.5, 3.5), iv(3.9, 3.8, 4.0), Regime.FREE).prose().text();
        assertTrue(unsure.contains("did not show all pools beyond the core count"), unsure);
    }

    static Result crash(double retried) {
        return Result.builder("pool-crash", "s").conditions(Conditions.of(Regime.FREE)).param("tasks", 12)
                .figure("process_pool_results", 12, "").figure("process_pool_distinct_results", 12, "")
                .figure("process_pool_duplicates", 0, "").figure("process_pool_retried", retried, "")
                .figure("thread_pool_results_after_kill", 3, "").figure("thread_pool_exception_results", 12, "")
                .figure("thread_pool_exception_failed", 1, "").explainer(PoolExplain::crash).build();
    }

    @Test
    void aCrashTeachesAtLeastOnceExecution() {
        String s = crash(1).prose().text();
        assertTrue(s.contains("ran a second time, on the replacement"), s);
        assertTrue(s.contains("**idempotent**"), s);
        assertTrue(s.contains("**11** results and **1** exception"), s);
        assertTrue(crash(2).prose().text().contains("**2** tasks ran a second time"), crash(2).prose().text());
    }

    static Result startup(double cross) {
        return Result.builder("pool-startup", "s").conditions(Conditions.of(Regime.FREE)).param("workers", 2)
                .figure("process_startup_ms", 400, "").figure("process_ready_median_ms", iv(350, 300, 400), "")
                .figure("thread_startup_ms", 0.2, "").figure("startup_ratio", 2000, "")
                .figure("process_task_overhead_us", iv(40, 38, 42), "").figure("thread_task_overhead_us", iv(5, 4.8, 5.2), "")
                .figure("task_overhead_ratio", 8, "").figure("process_crossover_tasks", cross, "")
                .figure("process_largest_batch_tasks", 10_000, "").figure("process_largest_batch_ms", 400 * 10_000 / cross, "")
                .explainer(PoolExplain::startup).build();
    }

    @Test
    void theCrossOverIsReadOffTheBatchesInOneSentenceForm() {
        String s = startup(10_000).prose().text();
        assertTrue(s.contains("the largest, **10,000** empty tasks, took **400 ms**"), s);
        assertTrue(s.contains("about **10,000** tasks at that rate"), s);
        String more = startup(40_000).prose().text();
        assertEquals(s.replaceAll("[0-9,.]+", "#"), more.replaceAll("[0-9,.]+", "#"), "the same sentence whatever the numbers");
    }
}
