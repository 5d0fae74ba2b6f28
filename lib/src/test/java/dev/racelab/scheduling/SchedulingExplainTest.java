package dev.racelab.scheduling;

import static org.junit.jupiter.api.Assertions.*;
import static dev.racelab.core.SentenceForms.masked;

import dev.racelab.core.Conditions;
import dev.racelab.core.Conditions.Regime;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import org.junit.jupiter.api.Test;

/** Every branch of notebook 07's explanations, on synthetic results: the sentences follow the intervals and the CPU. */
class SchedulingExplainTest {
    static Interval iv(double est, double lo, double hi) {
        return new Interval(est, lo, hi, 5, "synthetic");
    }

    /** A sweep whose register-only and working-set changes per doubling have the given intervals. */
    static Result sweep(Interval reg, Interval cache, Interval extra, double inv, Regime regime, int max) {
        return Result.builder("thread-sweep", "synthetic").conditions(Conditions.of(regime))
                .param("per_thread_ms", 8.0).param("working_set_kib", 256).param("repeats", 5)
                .figure("cores", 2, "").figure("max_threads", max, "")
                .figure("register_speedup_at_cores", iv(1.9, 1.8, 2.0), "")
                .figure("register_change_cores_to_max", iv(reg.estimate() * 3, reg.low() * 3, reg.high() * 3), "")
                .figure("register_change_per_doubling", reg, "")
                .figure("register_involuntary_per_thread_at_max", iv(inv, inv - 1, inv + 1), "")
                .figure("cache_change_cores_to_max", iv(cache.estimate() * 3, cache.low() * 3, cache.high() * 3), "")
                .figure("cache_change_per_doubling", cache, "")
                .figure("cache_extra_change", extra, "")
                .explainer(ThreadSweepExplain::explain).build();
    }

    static final Interval ZERO_NARROW = iv(0.005, -0.02, 0.03), ZERO_WIDE = iv(0.02, -0.15, 0.2),
            DOWN = iv(-0.1, -0.15, -0.05), UP = iv(0.1, 0.05, 0.15);

    @Test
    void fallNoChangeAndRiseReadAlikeWithTheirIntervals() {
        // "It fell", "No measurable change" and "It rose" (and the three cache sentences) alternated between runs of
        // one machine: one form now, the intervals say which it was
        String flat = sweep(ZERO_NARROW, ZERO_WIDE, iv(0, -0.1, 0.1), 12, Regime.FREE, 16).prose().text();
        String fell = sweep(DOWN, iv(-0.3, -0.35, -0.25), iv(-0.4, -0.5, -0.3), 12, Regime.FREE, 16).prose().text();
        String rose = sweep(UP, UP, iv(0.2, 0.1, 0.3), 12, Regime.FREE, 16).prose().text();
        assertEquals(masked(flat), masked(fell));
        assertEquals(masked(flat), masked(rose));
        assertTrue(fell.contains("changed by **-10 %** [-15–-5 %] per doubling"), fell);
        assertTrue(fell.contains("An interval below 0 means that past the core count the extra threads cost more"), fell);
        assertTrue(fell.contains("minus the register-only work's: **-40 %**"), fell);
        assertTrue(fell.contains("the hidden cost of a switch"), fell);
        assertFalse(fell.contains("**fell**") || fell.contains("No measurable change"), fell);
        assertFalse(flat.contains("shared with other work"), flat);
    }

    @Test
    void aBusyMachineNamesTheLoad() {
        String s = sweep(UP, UP, iv(0.2, 0.1, 0.3), 12, Regime.BUSY, 16).prose().text();
        assertTrue(s.contains("The cores were shared with other work"), s);
        assertTrue(s.contains("a larger share of the cores from other programs"), s);
    }

    @Test
    void tooFewRepeatsGiveNoVerdict() {
        Interval one = new Interval(-0.1, -0.1, -0.1, 1, "single sample");
        String s = sweep(one, one, one, 12, Regime.BUSY, 16).prose().text();
        assertTrue(s.contains("too few to put an interval"), s);
        assertFalse(s.contains("An interval below 0"), s);
    }

    @Test
    void fewPreemptionsAreSaidAndNoOversubscriptionIsNoData() {
        String s = sweep(ZERO_NARROW, ZERO_NARROW, iv(0, -0.1, 0.1), 1, Regime.FREE, 16).prose().text();
        assertTrue(s.contains("preempted **1** [0–2] times") && s.contains("fewer than three times barely took turns"), s);
        // the same sentence at 12 preemptions (it flipped between "really took turns" and "barely")
        assertEquals(masked(s), masked(sweep(ZERO_NARROW, ZERO_NARROW, iv(0, -0.1, 0.1), 12, Regime.FREE, 16).prose().text()));
        String none = sweep(ZERO_NARROW, ZERO_NARROW, iv(0, -0.1, 0.1), 1, Regime.FREE, 2).prose().text();
        assertTrue(none.contains("says nothing about oversubscription"), none);
        Result empty = Result.builder("thread-sweep", "synthetic").conditions(Conditions.of(Regime.FREE))
                .param("per_thread_ms", 8.0).param("working_set_kib", 256).param("repeats", 5)
                .figure("cores", 2, "").figure("max_threads", 16, "")
                .figure("register_change_per_doubling", Interval.empty(), "").explainer(ThreadSweepExplain::explain).build();
        assertTrue(empty.prose().text().contains("no data on oversubscription"), empty.prose().text());
    }

    // --- switch cost --------------------------------------------------------------------------------------------------

    static Result switches(boolean pinned, boolean cross, boolean perf, Interval same, Interval crossIv, Interval perfSame, Regime regime) {
        Result.Builder b = Result.builder("switch-cost", "synthetic").conditions(Conditions.of(regime)).param("rounds", 1000);
        if (pinned) {
            b.param("cpu_same", 0).figure("park_unpark_same_cpu_median_us", same, "")
                    .figure("park_unpark_same_cpu_voluntary_per_round_trip", 0.6, "")
                    .figure("park_unpark_same_cpu_involuntary_per_round_trip", 0.4, "");
        }
        if (cross) b.param("cpus_cross", "0,1").figure("park_unpark_cross_cpu_median_us", crossIv, "");
        b.figure("park_unpark_median_us", iv(8, 7.9, 8.1), "").figure("park_unpark_voluntary_per_round_trip", 0.5, "")
                .figure("park_unpark_involuntary_per_round_trip", 0.5, "")
                .figure("synchronous_queue_median_us", iv(16, 15.9, 16.1), "");
        if (perf) {
            if (pinned) b.figure("perf_sched_pipe_same_cpu_us", perfSame, "");
            b.figure("perf_sched_pipe_us", iv(12, 10, 14), "");
        }
        b.figure("perf_ran", perf ? 1 : 0, "");
        return b.explainer(SwitchExplain::explain).build();
    }

    @Test
    void aSwitchOnOneCpuIsToldFromAWakeUpAcrossTwo() {
        String s = switches(true, true, true, iv(6, 5.9, 6.1), iv(16, 15.8, 16.2), iv(12, 6.4, 15), Regime.FREE).prose().text();
        assertTrue(s.contains("**One CPU** (both threads pinned to CPU 0)"), s);
        assertTrue(s.contains("within **0.20 µs** of it"), s);
        assertTrue(s.contains("**3.0 µs** per switch"), s);
        assertTrue(s.contains("cost more than the switch on one core (**2.7×**)"), s);
        assertTrue(s.contains("mixes switches on one core with wake-ups across two"), s);
        assertTrue(s.contains("pinned the same way (`taskset -c 0`)"), s);
        assertTrue(s.contains("That is **×2.00** [×1.05–×2.54] the time of the park/unpark round trip"), s);
        assertFalse(s.contains("not installed"), s);
    }

    @Test
    void spinningOnOneCpuWaitsForTheTimeSlice() {
        // pinned to one CPU the spin took 7,998 µs (a time slice), and the sentence called it "what is left when the OS
        // is not asked to do anything"
        Result.Builder one = Result.builder("switch-cost", "s").conditions(Conditions.of(Regime.ONE_CORE)).param("rounds", 1000)
                .figure("park_unpark_median_us", iv(6, 5.9, 6.1), "").figure("spin_median_us", iv(7998, 7990, 8001), "")
                .figure("synchronous_queue_median_us", iv(14, 13.9, 14.1), "").figure("perf_ran", 0, "").explainer(SwitchExplain::explain);
        String s = one.build().prose().text();
        assertTrue(s.contains("**7,998 µs** (median) — on one CPU the spinning thread holds the only core"), s);
        Result.Builder two = Result.builder("switch-cost", "s").conditions(Conditions.of(Regime.FREE)).param("rounds", 1000)
                .figure("park_unpark_median_us", iv(6, 5.9, 6.1), "").figure("spin_median_us", iv(0.4, 0.39, 0.41), "")
                .figure("synchronous_queue_median_us", iv(14, 13.9, 14.1), "").figure("perf_ran", 0, "").explainer(SwitchExplain::explain);
        String t = two.build().prose().text();
        assertTrue(t.contains("**0.40 µs** (median) — what is left when the OS is not asked"), t);
    }

    @Test
    void directionsOnlyWhenIntervalsSeparate() {
        String less = switches(true, true, true, iv(6, 5.9, 6.1), iv(4, 3.9, 4.1), iv(12, 11, 13), Regime.FREE).prose().text();
        assertTrue(less.contains("cost less than the switch on one core"), less);
        assertTrue(less.contains("That is **×2.00**"), less);
        String noise = switches(true, true, true, iv(6, 5, 7), iv(6.5, 5.5, 7.5), iv(6.2, 5, 7), Regime.FREE).prose().text();
        assertTrue(noise.contains("the two were within the noise of this run"), noise);
        assertTrue(noise.contains("That is **×1.03**"), noise);
    }

    @Test
    void missingPerfAndPinningAreSaidNeverFaked() {
        String s = switches(false, false, false, null, null, null, Regime.BUSY).prose().text();
        assertTrue(s.contains("could not be pinned"), s);
        assertTrue(s.contains("`perf` is not installed here"), s);
        assertFalse(s.contains("per switch"), s);
        assertTrue(s.contains("The cores were shared with other work"), s);
        String one = switches(true, false, true, iv(6, 5.9, 6.1), null, iv(12, 11, 13), Regime.ONE_CORE).prose().text();
        assertFalse(one.contains("**Two CPUs**"), one);
        assertTrue(one.contains("only one CPU"), one);
    }

    @Test
    void theBillUsesTheMeasuredSwitchCostRange() {
        DataTable t = new DataTable("kind", "threads", "repeat", "wall_ms", "throughput_mrounds_s", "involuntary_per_thread",
                "voluntary_per_thread");
        for (int r = 0; r < 3; r++) {
            for (int n : new int[] {1, 2, 4, 8, 16}) {
                for (String k : ThreadSweep.KINDS) t.add(k, n, r, 8.0 * Math.max(1, n / 2), 100.0 * Math.min(n, 2), 5.0, 0.0);
            }
        }
        Result.Builder b = Result.builder("thread-sweep", "synthetic").conditions(Conditions.of(Regime.FREE))
                .param("per_thread_ms", 8.0).param("working_set_kib", 256).param("repeats", 3).samples(t)
                .figure("cores", 2, "").figure("max_threads", 16, "")
                .figure("register_involuntary_per_thread_at_max", iv(5, 4, 6), "")
                .figure("register_change_per_doubling", new Interval(0, -0.01, 0.01, 3, "bootstrap"), "");
        for (String k : new String[] {"register", "cache"}) {
            for (int n : new int[] {1, 2, 4, 8, 16}) b.figure(k + "_throughput_at_" + n, iv(100.0 * Math.min(n, 2), 99.0 * Math.min(n, 2), 101.0 * Math.min(n, 2)), "");
        }
        ThreadSweep.SweepResult sweep = new ThreadSweep.SweepResult(b);
        SwitchCost.SwitchResult sw = new SwitchCost.SwitchResult(Result.builder("switch-cost", "s")
                .conditions(Conditions.of(Regime.FREE)).figure("park_unpark_same_cpu_median_us", iv(6, 5.9, 6.1), "")
                .figure("perf_sched_pipe_us", iv(24, 20, 28), ""), new DataTable("method"));
        String s = ThreadSweepExplain.bill(sweep, sw).text();
        assertTrue(s.contains("about **80** switches in a **64** ms run"), s);
        assertTrue(s.contains("At **3.0**–**12.0** µs per switch"), s);
        assertTrue(s.contains("small part of the bill"), s);
        assertTrue(s.contains("grew at most **×1.001** per thread"), s);
        assertTrue(s.contains("the data bound it far below that"), s);
        assertFalse(s.contains("to double"), s);
    }

    // --- slow exports -------------------------------------------------------------------------------------------------

    static Result exports(Interval bulk99, Regime regime) {
        Result.Builder b = Result.builder("slow-exports", "synthetic").conditions(Conditions.of(regime));
        for (String k : new String[] {"baseline", "shared", "bulkhead", "virtual"}) {
            b.figure(k + "_p50_ms", iv(1.1, 1.0, 1.2), "");
            b.figure(k + "_p99_ms", k.equals("shared") ? iv(495, 480, 500) : k.equals("bulkhead") ? bulk99 : iv(3, 2.5, 4), "");
        }
        return b.explainer(SlowExports::explain).build();
    }

    @Test
    void theFixesAreBelowTheFreezeOnlyWhenIntervalsSeparate() {
        String s = exports(iv(2.7, 2.5, 3.0), Regime.FREE).prose().text();
        assertTrue(s.contains("(p50: half of them were faster)"), s);
        assertTrue(s.contains("beyond the noise of this run"), s);
        assertFalse(s.contains("shared with other work"), s);
        String busy = exports(iv(257, 100, 490), Regime.BUSY).prose().text();
        assertTrue(busy.contains("did not separate both fixes"), busy);
        assertTrue(busy.contains("Waits for a core add to every latency"), busy);
    }

    @Test
    void contextSwitchCountsAreExplainedOrSaidMissing() {
        Result r = Result.builder("context-switches", "s").conditions(Conditions.of(Regime.FREE)).param("threads_per_core", 4)
                .param("cpu_ms_per_thread", 60.0).figure("supported", 1, "").figure("pingpong_voluntary", 4995, "")
                .figure("pingpong_involuntary", 2162, "").figure("handoffs", 5000, "").figure("cpu_oversubscribed_voluntary", 0, "")
                .figure("cpu_fit_involuntary", 27, "").figure("cpu_oversubscribed_involuntary", 24, "")
                .explainer(ContextSwitches::explain).build();
        String s = r.prose().text();
        assertTrue(s.contains("blocked **4,995** times for **5,000** round trips"), s);
        assertTrue(s.contains("preempted **2,162** times besides"), s);
        Result none = Result.builder("context-switches", "s").conditions(Conditions.of(Regime.FREE)).param("threads_per_core", 4)
                .param("cpu_ms_per_thread", 60.0).figure("supported", 0, "").explainer(ContextSwitches::explain).build();
        assertTrue(none.prose().text().contains("skipped"), none.prose().text());
    }
}
