package dev.racelab.locks;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.atomics.CasRetries;
import dev.racelab.atomics.Invariant;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import dev.racelab.core.Result;
import dev.racelab.db.PageViews;
import dev.racelab.jcstress.JcStress;
import dev.racelab.race.CounterKind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocksTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(List.of(), ChildProcesses.liveChildren().stream().map(ProcessHandle::pid).toList());
        assertEquals(0, PageViews.openConnections());
    }

    @Test
    void aDeadlockIsDetectedAndBrokenAndBothFixesComplete() {
        Result d = Deadlock.provoke();
        assertEquals(2, d.value("deadlocked_threads"));
        assertEquals(1, d.value("freed"));
        assertEquals("lock A", d.samples().where("thread", "Alpha").get(0, "holds"));
        assertEquals("lock B", d.samples().where("thread", "Alpha").get(0, "waits for"));
        Result naive = Deadlock.naive(2_000), order = Deadlock.fixedByLockOrder(2_000), tryLock = Deadlock.fixedByTryLock(2_000);
        assertEquals(1, naive.value("deadlocked"), "the control without a fix deadlocks: " + naive.toText());
        assertEquals(1, order.value("completed"));
        assertEquals(1, tryLock.value("completed"));
        assertTrue(tryLock.value("retries") > 0, "tryLock had to back off: " + tryLock.toText());
        String s = DeadlockExplain.fixes(naive, order, tryLock).text();
        assertTrue(s.contains("deadlocked after") && s.contains("retries: each retry"), s);
    }

    @Test
    void aLockCheckCountsLossesAndHowOftenTheLockChangedHands() {
        for (CounterKind k : List.of(CounterKind.SYNCHRONIZED, CounterKind.REENTRANT_LOCK)) {
            Result r = LockCheck.of(k).seconds(1).run();
            assertTrue(r.value("trials") > 0 && r.value("copy_trials") > 0, r.toText());
            assertEquals(0, r.value("trials_with_loss"), r.toText());
            assertTrue(r.value("median_owner_changes") >= 0, r.toText());
        }
        assertThrows(IllegalArgumentException.class, () -> LockCheck.of(CounterKind.VOLATILE));
    }

    @Test
    void repeatedThroughputPointsGiveMediansWithIntervalsAndCountEveryIncrement() {
        Result r = Throughput.of(CounterKind.VOLATILE, CounterKind.SYNCHRONIZED).threads(1, 2).withUncontended()
                .repeats(3).millisPerPoint(20).run();
        assertEquals(2 * 3 * 3, r.samples().size(), "2 kinds x (1, 2, own 2) x 3 repeats");
        assertTrue(r.hasInterval("synchronized_2t_mops") && r.hasInterval("synchronized_2t_own_mops"));
        assertTrue(r.interval("synchronized_2t_mops").low() <= r.value("synchronized_2t_mops"));
        assertEquals(0, r.value("locked_lost"));
        assertTrue(r.value("locked_made") > 0);
        assertTrue(r.prose().text().contains("Every increment counted"), r.prose().text());
        r.chart().png();
    }

    @Test
    void fairnessRecordsRunsAndWaits() {
        Result r = Fairness.compare().threads(3).millis(100).run();
        assertTrue(r.value("unfair_median_run") >= 1 && r.value("fair_median_run") >= 1, r.toText());
        assertTrue(r.value("fair_p99_wait_us") >= 0 && r.value("unfair_max_wait_us") >= r.value("unfair_p99_wait_us"), r.toText());
        assertTrue(r.prose().text().contains("in a row"), r.prose().text());
    }

    @Test
    void coarseningRunsBothJvmsAndKeepsEveryLoop() {
        Result r = Coarsening.measure();
        assertEquals(2 * Coarsening.LOOPS, r.samples().size());
        assertTrue(r.value("ns_coarsening_on") > 0 && r.value("ns_coarsening_off") > 0, r.toText());
    }

    @Test
    void lockedCountersCountEveryIncrement() {
        Result r = Throughput.of(CounterKind.SYNCHRONIZED, CounterKind.ATOMIC_INTEGER, CounterKind.LONG_ADDER)
                .threads(1, 3).withUncontended().millisPerPoint(30).run();
        for (Object[] row : r.samples().rows()) {
            assertEquals(((Number) row[5]).longValue(), ((Number) row[4]).longValue(), "lost updates in " + List.of(row));
            double cpu = ((Number) row[6]).doubleValue();
            assertTrue(cpu > 0 && cpu <= 1, "a thread's share of a core lies in (0, 1]: " + List.of(row));
        }
    }

    @Test
    void waitingThreadsAreSeenWaiting() {
        Result s = ThreadStates.synchronizedLock().workers(3).millis(200).run();
        assertTrue(s.value("share_blocked") > 0, "no worker was ever BLOCKED on the contended monitor");
        Result r = ThreadStates.reentrantLock().workers(3).millis(200).run();
        assertEquals(0, r.value("share_blocked"), "ReentrantLock waiters park (WAITING), they are never BLOCKED");
    }

    @Test
    void theDatabaseFixesLoseNoViews() {
        Result r = PageViews.requests(400).workers(3).compare();
        assertEquals(0, r.value("atomic_update_lost"));
        assertEquals(0, r.value("select_for_update_lost"));
        assertEquals(0, r.value("optimistic_lost"));
        assertTrue(r.value("read_then_write_lost") >= 0);
    }

    @Test
    void casLoopAndInvariantFixesAreExact() {
        Result c = CasRetries.defaults().threads(2).increments(50_000).run();
        assertEquals(c.value("expected"), c.value("final"));
        assertEquals(100_000, c.value("expected"), "every increment ran: the budget is far away");
        // with work between read and CAS and a short budget: the budget ends the run, the count is still exact
        Result w = CasRetries.defaults().threads(2).workNanos(200).seconds(0.2).run();
        assertEquals(w.value("expected"), w.value("final"));
        assertTrue(w.value("expected") < 200_000_000L && w.value("expected") > 0);
        assertTrue(w.value("cpu_share") > 0 && w.value("cpu_share") <= 1);
        long sum = 0;
        for (long n : w.samples().longs("increments")) sum += n;
        assertEquals((long) w.value("expected"), sum, "the histogram counts every increment once");
        assertEquals(0, Invariant.locked().trials(2_000).run().value("broken"));
        assertEquals(0, Invariant.oneAtomicReference().trials(2_000).run().value("broken"));
    }

    @Test
    void badInputNamesTheRangeAndUnknownTestsAreListed() {
        assertThrows(IllegalArgumentException.class, () -> ThreadStates.synchronizedLock().workers(0));
        assertThrows(IllegalArgumentException.class, () -> Fairness.compare().threads(1));
        assertThrows(IllegalArgumentException.class, () -> Throughput.of());
        assertThrows(IllegalArgumentException.class, () -> PageViews.requests(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadStates.reentrantLock().sleepMicros(-1));
        assertThrows(IllegalArgumentException.class, () -> CasRetries.defaults().workNanos(-1));
        var budget = assertThrows(IllegalArgumentException.class, () -> CasRetries.defaults().seconds(0));
        assertTrue(budget.getMessage().contains("0.1"), budget.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> JcStress.test("Nope_99"));
        assertTrue(e.getMessage().contains("Counter_01_PlainIncrement"), e.getMessage());
    }

    @Test
    void repeatedThroughputGivesMediansWithIntervalsAndExplains() {
        Result r = Throughput.of(CounterKind.SYNCHRONIZED, CounterKind.ATOMIC_INTEGER, CounterKind.LONG_ADDER)
                .threads(1, 2).repeats(3).millisPerPoint(20).run();
        assertEquals(3 * 2 * 3, r.samples().size());
        assertEquals(3, r.interval("atomicinteger_2t_mops").n());
        assertTrue(r.interval("atomicinteger_2t_mops").low() <= r.interval("atomicinteger_2t_mops").high());
        assertTrue(r.prose().text().contains("median of **3** repeats"), r.prose().text());
        assertTrue(r.chart().png().length > 1000);
    }

    static Result speeds(double sync2, double atomic1, double atomic2, double adder2) {
        return speeds(sync2, atomic1, atomic2, adder2, dev.racelab.core.Conditions.Regime.FREE);
    }

    static Result speeds(double sync2, double atomic1, double atomic2, double adder2, dev.racelab.core.Conditions.Regime regime) {
        Result.Builder b = Result.builder("throughput", "synthetic")
                .conditions(dev.racelab.core.Conditions.of(regime))
                .param("kinds", "SYNCHRONIZED,ATOMIC_INTEGER,LONG_ADDER").param("thread_counts", "1,2,4")
                .param("repeats", 5).param("ms_per_point", 60L).param("cores", 2);
        double[][] v = {{60, sync2, 50}, {atomic1, atomic2, 40}, {100, adder2, 200}};
        String[] keys = {"synchronized", "atomicinteger", "longadder"};
        int[] ns = {1, 2, 4};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                double x = v[k][i];
                b.figure(keys[k] + "_" + ns[i] + "t_mops", new dev.racelab.core.Interval(x, x * 0.9, x * 1.1, 5, "test"), "");
            }
        }
        return b.explainer(CounterRatesExplain::explain).build();
    }

    /** The text as tools/stability.py compares it: load sentences out, measured numbers and intervals masked. */
    static String masked(Result r) {
        return dev.racelab.core.SentenceForms.forms(r.prose());
    }

    @Test
    void throughputExplainGivesEachComparisonAsARatioWithItsInterval() {
        // intervals ±10 %: 40 / 70 = ×0.57 [×0.47–×0.70], 200 / 40 = ×5.0 [×4.1–×6.1], 40 / 140 = ×0.29 [×0.23–×0.35]
        String lockWins = speeds(70, 140, 40, 200).prose().text();
        assertTrue(lockWins.contains("The ratio of `AtomicInteger`'s rate to `synchronized`'s with **2** threads: **×0.6** [×0.5–×0.7]"), lockWins);
        assertTrue(lockWins.contains("The ratio of `LongAdder`'s rate to `AtomicInteger`'s with **2** threads: **×5.0** [×4.1–×6.1]"), lockWins);
        assertTrue(lockWins.contains("The ratio of `AtomicInteger`'s rate with **2** threads to its rate alone: **×0.3** [×0.2–×0.3]"), lockWins);
        assertTrue(lockWins.contains("one below ×1 means the lock was faster"), lockWins);
        // the atomic ahead: 41 / 20 = ×2.1 [×1.7–×2.5]; LongAdder and the one-thread rate within the noise
        String atomicWins = speeds(20, 40, 41, 40).prose().text();
        assertTrue(atomicWins.contains("**×2.0** [×1.7–×2.5]") || atomicWins.contains("**×2.1** [×1.7–×2.5]"), atomicWins);
        String same = speeds(58, 30, 60, 40).prose().text();
        assertTrue(same.contains("The ratio of `AtomicInteger`'s rate to `synchronized`'s with **2** threads: **×1.0** [×0.8–×1.3]"), same);
        // every case, the busy one too, has the same sentence forms: no verdict word flips with the data
        String busy = speeds(70, 140, 40, 200, dev.racelab.core.Conditions.Regime.BUSY).prose().text();
        assertTrue(busy.contains("shared with other work") && busy.contains("as much about which moments"), busy);
        for (String s : new String[] {lockWins, atomicWins, same, busy}) {
            assertFalse(s.contains("beat") || s.contains("within the noise of each other") || s.contains("did not beat")
                    || s.contains("fell from"), s);
        }
        Result free = speeds(70, 140, 40, 200);
        assertEquals(masked(free), masked(speeds(20, 40, 41, 40)));
        assertEquals(masked(free), masked(speeds(58, 30, 60, 40)));
        assertEquals(masked(free), masked(speeds(70, 140, 40, 200, dev.racelab.core.Conditions.Regime.BUSY)));
        assertEquals(masked(free), masked(speeds(70, 140, 40, 200, dev.racelab.core.Conditions.Regime.ONE_CORE)));
    }

    @Test
    void throughputExplainOnEitherSideOfSeparation() {
        // the runs of the stability check: synchronized 11 M [11–15] against AtomicInteger 51 M [22–55] read "The
        // atomic beat the lock"; 14 M [12–29] against 22 M [20–23] "within the noise of each other". Now one form.
        Result a = rates(new double[] {63, 11}, new double[] {102, 51}, new double[] {87, 171}, new double[][] {{47, 81}, {11, 15}},
                new double[][] {{94, 178}, {22, 55}}, new double[][] {{73, 154}, {140, 187}});
        Result b = rates(new double[] {58, 14}, new double[] {95, 22}, new double[] {77, 138}, new double[][] {{54, 88}, {12, 29}},
                new double[][] {{91, 163}, {20, 23}}, new double[][] {{74, 93}, {109, 166}});
        String ta = a.prose().text(), tb = b.prose().text();
        // 51 / 11 with [22/15, 55/11] = ×4.6 [×1.5–×5.0]; 22 / 14 with [20/29, 23/12] = ×1.6 [×0.7–×1.9]
        assertTrue(ta.contains("**×4.6** [×1.5–×5.0]"), ta);
        assertTrue(tb.contains("**×1.6** [×0.7–×1.9]"), tb);
        assertEquals(masked(a), masked(b));
    }

    /** synchronized, AtomicInteger, LongAdder at 1 and 2 threads: medians and their intervals. */
    static Result rates(double[] sync, double[] atom, double[] adder, double[][] syncIv, double[][] atomIv, double[][] adderIv) {
        Result.Builder b = Result.builder("throughput", "synthetic")
                .conditions(dev.racelab.core.Conditions.of(dev.racelab.core.Conditions.Regime.FREE))
                .param("kinds", "SYNCHRONIZED,ATOMIC_INTEGER,LONG_ADDER").param("thread_counts", "1,2")
                .param("repeats", 5).param("ms_per_point", 60L).param("cores", 2);
        String[] keys = {"synchronized", "atomicinteger", "longadder"};
        double[][] est = {sync, atom, adder};
        double[][][] ivs = {syncIv, atomIv, adderIv};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 2; i++) {
                b.figure(keys[k] + "_" + (i + 1) + "t_mops",
                        new dev.racelab.core.Interval(est[k][i], ivs[k][i][0], ivs[k][i][1], 5, "test"), "");
            }
        }
        return b.explainer(CounterRatesExplain::explain).build();
    }
}
