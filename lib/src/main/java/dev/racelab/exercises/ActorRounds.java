package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The JCStress way of meeting a race, for the exercise checks: many fresh objects per round, two actor threads that
 * each do one small action on every object of the round in the same order, then an arbiter (the calling thread)
 * judges each object. The actors wait for a round by <em>spinning</em> on a volatile round number, not by parking,
 * so both start within nanoseconds of each other and really meet on the same objects. Each round records whether the
 * two actors' passes overlapped in time (only those rounds can show a race), so a busy machine that keeps them apart
 * shows up as few raced rounds, not as a pass: the rounds go on until the time budget or until {@code raced} rounds
 * overlapped. {@code ActorRounds.run(Foo::new, f -> f.a(), f -> f.b(), f -> f.ok(), 1_000, 50, Duration.ofSeconds(2))}
 */
final class ActorRounds {
    private ActorRounds() {}

    /** What the rounds found: objects judged, bad outcomes, rounds, rounds whose two passes overlapped in time. */
    record Outcome(long objects, long bad, long rounds, long racedRounds) {}

    static <T> Outcome run(Supplier<? extends T> factory, Consumer<? super T> actorA, Consumer<? super T> actorB,
                           Predicate<? super T> ok, int perRound, int wantRaced, Duration time) {
        return run(factory, actorA, actorB, ok, perRound, wantRaced, time, 100);
    }

    /**
     * Runs rounds until the time budget ends, {@code wantRaced} rounds overlapped, or {@code stopAfterBad} bad
     * outcomes were seen.
     */
    static <T> Outcome run(Supplier<? extends T> factory, Consumer<? super T> actorA, Consumer<? super T> actorB,
                           Predicate<? super T> ok, int perRound, int wantRaced, Duration time, int stopAfterBad) {
        Budget.Meter meter = Budget.of(100_000_000, time).start();
        long bad = 0, objects = 0, rounds = 0, raced = 0;
        Shared shared = new Shared();
        @SuppressWarnings("unchecked")
        Consumer<Object>[] actors = new Consumer[] {actorA, actorB};
        try (Crew crew = Crew.platform("exercise-actor")) {
            for (int a = 0; a < 2; a++) {
                int id = a;
                crew.start(() -> {
                    int seen = 0;
                    while (true) {
                        int spins = 0;
                        while (shared.round == seen) {   // spin: a parked thread would start microseconds late
                            if (crew.stopping()) return;
                            if (++spins > 20_000) Thread.yield();
                            else Thread.onSpinWait();
                        }
                        seen = shared.round;
                        Object[] os = shared.objects;
                        if (os == null) return;
                        try {
                            shared.times.set(2 * id, System.nanoTime());
                            for (Object o : os) actors[id].accept(o);
                            shared.times.set(2 * id + 1, System.nanoTime());
                        } finally {
                            shared.done.incrementAndGet();
                        }
                    }
                });
            }
            while (meter.more() && bad < stopAfterBad && raced < wantRaced) {
                Object[] os = new Object[perRound];
                for (int i = 0; i < perRound; i++) os[i] = factory.get();
                shared.done.set(0);
                shared.objects = os;
                shared.round++;                          // go
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (shared.done.get() < 2) {
                    LockSupport.parkNanos(20_000);
                    Budget.checkInterrupt();
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("one round on " + perRound + " objects took over 10 s: is a thread stuck?");
                    }
                }
                @SuppressWarnings("unchecked")
                Predicate<Object> judge = (Predicate<Object>) ok;
                for (Object o : os) {
                    if (!judge.test(o)) bad++;
                }
                // the passes overlapped: each started before the other ended
                if (shared.times.get(0) < shared.times.get(3) && shared.times.get(2) < shared.times.get(1)) raced++;
                objects += perRound;
                rounds++;
                meter.count();
            }
            shared.objects = null;
            shared.round++;
        }
        return new Outcome(objects, bad, rounds, raced);
    }

    /** What the arbiter hands the two actors each round. */
    private static final class Shared {
        volatile int round;
        volatile Object[] objects;
        final AtomicInteger done = new AtomicInteger();
        final AtomicLongArray times = new AtomicLongArray(4); // start A, end A, start B, end B
    }
}
