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

    @Test
    void throughputExplainReadsOnlySeparatedDifferences() {
        String lockWins = speeds(70, 140, 40, 200).prose().text();
        assertTrue(lockWins.contains("Here the lock beat the atomic"), lockWins);
        assertTrue(lockWins.contains("`LongAdder` did **×5.0** [×4.1–×6.1] the `AtomicInteger` rate"), lockWins);
        assertTrue(lockWins.contains("`AtomicInteger` fell from **140 M**"), lockWins);
        String atomicWins = speeds(20, 40, 41, 40).prose().text();
        assertTrue(atomicWins.contains("The atomic beat the lock."), atomicWins);
        assertTrue(atomicWins.contains("`LongAdder` did not beat `AtomicInteger` measurably here"), atomicWins);
        assertTrue(atomicWins.contains("within the noise of one thread alone"), atomicWins);
        String same = speeds(58, 30, 60, 40).prose().text();
        assertTrue(same.contains("within the noise of each other in this run"), same);
        assertTrue(same.contains("even faster with **2** threads than alone"), same);
        String busy = speeds(70, 140, 40, 200, dev.racelab.core.Conditions.Regime.BUSY).prose().text();
        assertTrue(busy.contains("no counter is read as faster or slower here"), busy);
        assertFalse(busy.contains("beat"), busy);
    }
}
