package dev.racelab.race;

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
    private static volatile int ball;

    private Handoff() {}

    /** Median round trip in µs over {@code rounds} hand-offs between two spinning threads. */
    public static double roundTripMicros(int rounds) {
        Require.inRange("rounds", rounds, 1, 10_000_000);
        double[] samples = new double[rounds];
        ball = 0;
        try (Crew crew = Crew.platform("handoff")) {
            crew.start(() -> {
                for (int i = 0; i < rounds; i++) {
                    while (ball != 2 * i + 1) {
                        if (crew.stopping()) return;
                        Thread.onSpinWait();
                    }
                    ball = 2 * i + 2;
                }
            });
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                ball = 2 * i + 1;
                int spins = 0;
                while (ball != 2 * i + 2) {
                    if (++spins % 100_000 == 0) dev.racelab.core.Budget.checkInterrupt();
                    Thread.onSpinWait();
                }
                samples[i] = (System.nanoTime() - t0) / 1e3;
            }
            crew.joinAll(Duration.ofSeconds(10));
        }
        return Stats.of(samples).median();
    }
}
