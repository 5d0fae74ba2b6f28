package dev.racelab.race;

import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.Require;
import dev.racelab.core.Stats;
import java.time.Duration;

/**
 * The floor under any start gate: one thread hands a token to another and gets it back, by spinning on a
 * volatile field. A gate trial cannot cost less than this round trip.
 * {@code Handoff.roundTripMicros(10_000)}
 */
public final class Handoff {
    /** Whole-measurement limit: the partner may be descheduled, but not forever. */
    static final Duration LIMIT = Duration.ofSeconds(30);
    private static volatile int ball;

    private Handoff() {}

    /** Median round trip in µs over {@code rounds} hand-offs between two spinning threads. */
    public static synchronized double roundTripMicros(int rounds) {
        Require.inRange("rounds", rounds, 1, 10_000_000);
        double[] samples = new double[rounds];
        ball = 0;
        try (Crew crew = Crew.platform("handoff")) {
            crew.start(() -> {
                for (int i = 0; i < rounds; i++) {
                    int spins = 0;
                    while (ball != 2 * i + 1) {
                        if (crew.stopping()) return;
                        if (++spins % 10_000 == 0) Thread.yield();
                        Thread.onSpinWait();
                    }
                    ball = 2 * i + 2;
                }
            });
            long deadline = System.nanoTime() + LIMIT.toNanos();
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                ball = 2 * i + 1;
                int spins = 0;
                while (ball != 2 * i + 2) {
                    if (++spins % 10_000 == 0) {
                        Budget.checkInterrupt();
                        if (System.nanoTime() - deadline > 0) {
                            throw new IllegalStateException("hand-off measurement exceeded " + LIMIT.toSeconds() + " s after "
                                    + i + " of " + rounds + " rounds (is the machine overloaded?)");
                        }
                        Thread.yield(); // on a busy machine the partner may need this core
                    }
                    Thread.onSpinWait();
                }
                samples[i] = (System.nanoTime() - t0) / 1e3;
            }
            crew.joinAll(Duration.ofSeconds(10));
        }
        return Stats.of(samples).median();
    }
}
