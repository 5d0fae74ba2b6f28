package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.race.Counter;
import dev.racelab.race.StartGate;
import java.time.Duration;
import java.util.function.Supplier;

/** The check behind {@code Checks} for a thread-safe counter (notebooks 02, 03, 04); see the facade for what it asks of the learner. */
final class CounterCheck {
    private CounterCheck() {}

    /**
     * A thread-safe {@link Counter}: one thread first (does it count at all?), then the start gate (4 threads ×
     * 10,000 increments, many trials), then single {@code add(1)} calls separated by memory fences, which the JIT
     * cannot merge into one big add. Passes only with zero updates lost (or gained) in every trial.
     */
    static Verdict counter(String title, Supplier<? extends Counter> factory) {
        Require.notNull("counter factory", factory);
        return Exercise.check(title, () -> {
            Counter one = factory.get();
            one.reset();
            one.add(1_000);
            if (one.get() != 1_000) {
                return Exercise.fail("one thread called add(1000) and get() returned %,d", one.get());
            }
            Profile p = Profile.current();
            ModelEvidence mc = model(one.getClass(), p);
            Result gate = StartGate.of("your counter", factory::get).threads(4).increments(10_000)
                    .trials(p.pick(200, 2_000)).seconds(p.pick(2, 20)).run();
            long[] lost = gate.samples().longs("lost");
            long badTrials = java.util.Arrays.stream(lost).filter(v -> v != 0).count();
            long lostSum = java.util.Arrays.stream(lost).filter(v -> v > 0).sum();
            long gained = -java.util.Arrays.stream(lost).filter(v -> v < 0).sum();
            if (lost.length == 0) {
                return Exercise.fail("not one start-gate trial finished within %.0f s: is a thread stuck?",
                        gate.params().get("time_budget_s")).with(gate).detail(mc.line()).trace(mc.trace());
            }
            if (badTrials > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials (4 threads × 10,000 increments)%s",
                        lostSum, badTrials, lost.length, gained > 0 ? String.format(java.util.Locale.ROOT,
                                "; %,d updates appeared from nowhere", gained) : "").with(gate).detail(mc.line()).trace(mc.trace());
            }
            long[] pairs = actors(factory, 1_000, Duration.ofMillis(p.pick(2_000, 5_000)));
            if (pairs[1] + pairs[2] > 0) {
                return Exercise.fail("JCStress-style, two actors each called add(1) once on %,d fresh counters: %,d ended "
                        + "at 1 (a lost update, forbidden)%s; the start gate had found nothing in %,d trials", pairs[0],
                        pairs[1], pairs[2] > 0 ? String.format(java.util.Locale.ROOT, " and %,d at another value", pairs[2]) : "",
                        lost.length).with(gate).detail(mc.line()).trace(mc.trace());
            }
            long[] fenced = fenced(factory, 4, CALLS, 10_000, Duration.ofSeconds(p.pick(3, 20)));
            if (fenced[1] > 0) {
                return Exercise.fail("lost %,d updates in %,d of %,d trials of single add(1) calls (4 threads × "
                        + "%,d calls; the start gate had found nothing in %,d trials)", fenced[2], fenced[1], fenced[0],
                        CALLS, lost.length).with(gate).detail(mc.line()).trace(mc.trace());
            }
            if (mc.found()) {
                return Exercise.fail("the model checker found an interleaving of two add(1) calls in which your counter "
                        + "loses an update (the stress tests lost none: the hardware rarely picks it)")
                        .detail(mc.line()).trace(mc.trace()).with(gate);
            }
            return Exercise.pass("0 updates lost in %,d of %,d start-gate trials (4 threads × 10,000 increments) "
                    + "and in %,d trials of single add(1) calls (4 threads × %,d)", lost.length, lost.length, fenced[0], CALLS)
                    .detail("JCStress-style: two actors called add(1) once each on %,d fresh counters (%,d of %,d rounds "
                            + "overlapped in time): all ended at 2 (acceptable), none at 1 (a lost update, forbidden)",
                            pairs[0], pairs[4], pairs[3])
                    .detail("start gate: %s", gate.ended())
                    .detail(mc.line())
                    .with(gate);
        });
    }

    /**
     * Lincheck's model checker on the learner's own class (in a child JVM): two threads each call {@code add(1)} on
     * one instance, then {@code get()} must be 2.
     */
    static ModelEvidence model(Class<?> c, Profile p) {
        if (!Counter.class.isAssignableFrom(c)) return new ModelEvidence("model checker: not run (not a Counter)", null, false);
        @SuppressWarnings("unchecked")
        Class<? extends Counter> k = (Class<? extends Counter>) c;
        return ModelEvidence.of(() -> dev.racelab.modelcheck.ModelCheck.counterClass(k).seconds(p.pick(30, 60)),
                "two threads × add(1)", "lost an update");
    }

    /**
     * The JCStress way ({@link ActorRounds}): many fresh counters per round, two actor threads released together that
     * each call {@code add(1)} once on every counter of the round in the same order, then an arbiter reads each
     * counter. Returns {counters, ended at 1 (lost update), ended at neither 1 nor 2, rounds, rounds that raced};
     * stops early after 100 bad outcomes or once {@code wantRaced} rounds overlapped.
     */
    static long[] actors(Supplier<? extends Counter> factory, int perRound, Duration time) {
        return actors(factory, perRound, 400, time);
    }

    static long[] actors(Supplier<? extends Counter> factory, int perRound, int wantRaced, Duration time) {
        long[] ones = {0}, others = {0};
        ActorRounds.Outcome o = ActorRounds.run(() -> {
            Counter c = factory.get();
            c.reset();
            return c;
        }, c -> c.add(1), c -> c.add(1), c -> {
            long v = c.get();
            if (v == 1) ones[0]++;
            else if (v != 2) others[0]++;
            return v == 2;
        }, perRound, wantRaced, time);
        return new long[] {o.objects(), ones[0], others[0], o.rounds(), o.racedRounds()};
    }

    /** Calls per thread in the fenced phase: long enough to overlap even on a busy machine. */
    static final int CALLS = 100_000;

    /** A fence the harness writes and reads between two calls: no compiler may merge the calls across it. */
    private static volatile int fence;

    /**
     * {trials, trials that lost or gained, updates lost}: {@code threads} × {@code calls} single add(1) calls per
     * trial, trial after trial until the time budget ends or 5 trials went wrong.
     */
    static long[] fenced(Supplier<? extends Counter> factory, int threads, int calls, int trials, Duration time) {
        Counter c = factory.get();
        Budget.Meter meter = Budget.of(trials, time).start();
        long bad = 0, lostTotal = 0;
        while (meter.more()) {
            c.reset();
            try (Crew crew = Crew.platform("exercise-counter")) {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                for (int w = 0; w < threads; w++) {
                    crew.start(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < calls; i++) {
                            c.add(1);
                            fence = i;
                            if (fence < 0) return; // reads the fence back; never true
                        }
                    });
                }
                go.countDown();
                if (!crew.joinUntil(meter.deadlineNanos() + Duration.ofSeconds(5).toNanos())) {
                    throw new IllegalStateException("single add(1) calls did not finish: a thread seems stuck");
                }
            }
            long lost = (long) threads * calls - c.get();
            if (lost != 0) bad++;
            lostTotal += Math.max(lost, 0);
            meter.count();
            if (bad >= 5) break;
        }
        return new long[] {meter.done(), bad, lostTotal};
    }
}
