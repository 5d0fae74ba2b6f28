package dev.racelab.modelcheck;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of the model checker's explanations and of the trace parser, on synthetic data (no child JVM). */
class ModelCheckExplainTest {
    static Result mc(String verdict, long n, long bound, String key, String value) {
        Result.Builder b = Result.builder("model-check", "synthetic").param("code", "classic count++")
                .param("verdict", verdict).param("invocation_bound", bound).param("time_budget_s", 20.0)
                .figure("interleavings", n, "").figure("found", 1, "");
        if (key != null) b.param(key, value);
        return b.explainer(ModelCheckExplain::explain).build();
    }

    @Test
    void passSaysWhetherTheSpaceWasExhausted() {
        assertTrue(mc("pass", 200, 10_000, null, null).prose().text().replace("**", "").contains("every interleaving it could make"));
        assertTrue(mc("pass", 10_000, 10_000, null, null).prose().text().replace("**", "").contains("evidence, not a proof"));
    }

    @Test
    void failTellsTheLostUpdate() {
        String t = mc("fail", 7, 10_000, "lost_update", "Thread 1|0|Thread 2|1|1").prose().text().replace("**", "");
        assertTrue(t.contains("Thread 1 read 0; before it wrote back, Thread 2 wrote 1; then Thread 1 wrote 1 over it"), t);
        t = mc("fail", 7, 10_000, "failure", "queue lost an element").prose().text().replace("**", "");
        assertTrue(t.contains("queue lost an element"), t);
    }

    @Test
    void deadlockHangTimeoutCompileAndError() {
        assertTrue(mc("deadlock", 3, 10_000, "deadlock", "Thread 1 holds `a` and waits for `b`").prose().text().replace("**", "")
                .contains("Thread 1 holds `a` and waits for `b`"));
        assertTrue(mc("hung", 2, 10_000, "hang", "livelock").prose().text().replace("**", "").contains("never ends"));
        assertTrue(mc("timeout", 0, 10_000, null, null).prose().text().replace("**", "").contains("time budget of 20 s"));
        assertTrue(mc("compile-error", 0, 10_000, "compile_errors", "X.java:1: ';' expected").prose().text().replace("**", "").contains("';' expected"));
        assertTrue(mc("error", 0, 10_000, null, null).prose().text().replace("**", "").contains("itself failed"));
    }

    static Result together(double found, double share, Interval gate, double trials) {
        return Result.builder("model-check-together", "synthetic")
                .figure("k", 4, "").figure("all_interleavings", 34_650, "").figure("share_losing", share, "")
                .figure("checker_interleavings", 7, "").figure("checker_found", found, "")
                .figure("gate_trials", trials, "").figure("gate_share_with_loss", gate, "")
                .explainer(ModelCheckExplain::together).build();
    }

    @Test
    void togetherComparesTheHardwareWithEveryOrder() {
        String rare = together(1, 0.9, Interval.wilson(10, 20_000), 20_000).prose().text().replace("**", "");
        assertTrue(rare.contains("less often than if every order were equally likely"), rare);
        assertTrue(rare.contains("after trying 7"), rare);
        assertTrue(rare.contains("3,465 (10 %) end with every update"), rare);
        String often = together(1, 0.001, Interval.wilson(10_000, 20_000), 20_000).prose().text().replace("**", "");
        assertTrue(often.contains("more often"), often);
        String same = together(0, 0.5, Interval.wilson(10, 20), 20).prose().text().replace("**", "");
        assertTrue(same.contains("ithin the noise"), same);
        assertTrue(same.contains("no losing order in 7 tries"), same);
        String none = together(1, 0.5, Interval.empty(), 0).prose().text().replace("**", "");
        assertTrue(none.contains("no trial to compare"), none);
    }

    static final String DEADLOCK_REPORT = """
            = Concurrent test has hung =

            The following interleaving leads to the error:
            | --- |
            | Main Thread | Thread 1 | Thread 2 |
            | --- |

            Detailed trace:
            | ------------- |
            |                   Main Thread                   |                   Thread 1                  |                   Thread 2                   |
            | ------------- |
            | Thread#1.start() at RacelabHarness.body(RacelabHarness.java:6) |  |  |
            | switch (reason: waiting for Thread 1 to finish) |  |  |
            |  |  | run() |
            |  |  |   MONITORENTER at TwoLocks.thread2(TwoLocks.java:3) |
            |  |  |   switch |
            |  | run() |  |
            |  |   MONITORENTER at TwoLocks.thread1(TwoLocks.java:2) |  |
            |  |   MONITORENTER at TwoLocks.thread1(TwoLocks.java:3) |  |
            |  |   switch (reason: lock is already acquired) |  |
            |  |  |   MONITORENTER at TwoLocks.thread2(TwoLocks.java:2) |
            | ------------- |
            All unfinished threads are in deadlock
            """;

    @Test
    void theParserReadsLocksAndWaitsAndDropsHarnessPlumbing() {
        String src = "class TwoLocks {\n    synchronized (a) {\n    synchronized (b) {\n}";
        Trace t = Trace.parse(DEADLOCK_REPORT, src);
        assertEquals(3, t.threads().size());
        assertTrue(t.events().stream().noneMatch(e -> e.raw().contains("start()")), t.toText());
        assertEquals("Thread 1 holds `synchronized (a)` (line 2) and waits for `synchronized (b)` (line 3); "
                + "Thread 2 holds `synchronized (b)` (line 3) and waits for `synchronized (a)` (line 2)", t.deadlock());
        assertEquals(2, t.events().stream().filter(e -> e.kind() == Trace.Kind.WAIT).count(), t.toText());
        assertTrue(t.lostUpdate().isEmpty());
    }

    @Test
    void theParserFindsALostUpdate() {
        String report = """
                java.lang.IllegalStateException: lost update: get() = 1, expected 2

                The following interleaving leads to the error:
                | -- |
                | Main Thread | Thread 1 | Thread 2 |
                | -- |
                |  | T.count ➜ 0 |  |
                |  | switch |  |
                |  |  | T.count ➜ 0 |
                |  |  | T.count = 1 |
                |  | T.count = 1 |  |
                | -- |
                """;
        Trace t = Trace.parse(report, "");
        assertEquals("lost update: get() = 1, expected 2", t.failure());
        assertEquals(java.util.List.of("Thread 1", "0", "Thread 2", "1", "1"), t.lostUpdate());
        assertTrue(t.toText().contains("read T.count → 0"), t.toText());
        // the same steps without the overlap lose nothing
        Trace fine = Trace.parse(report.replace("|  | T.count ➜ 0 |  |\n|  | switch |  |\n", "")
                .replace("|  | T.count = 1 |  |\n", "|  | T.count ➜ 1 |  |\n|  | T.count = 2 |  |\n"), "");
        assertTrue(fine.lostUpdate().isEmpty(), fine.toText());
    }
}
