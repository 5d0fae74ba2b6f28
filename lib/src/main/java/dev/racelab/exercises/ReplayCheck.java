package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Require;
import dev.racelab.race.Interleavings;
import java.util.ArrayList;
import java.util.List;

/** The check behind {@code Checks} for replaying an interleaving (notebook 02); see the facade for what it asks of the learner. */
final class ReplayCheck {
    private ReplayCheck() {}

    /**
     * The learner's replay against the library's: every schedule of 2 threads × 2 increments (924 of them), then
     * random schedules of 3 to 5 increments each. Passes when every final count agrees.
     */
    static Verdict replay(String title, Replay replay) {
        Require.notNull("replay", replay);
        return Exercise.check(title, () -> {
            List<String> all = new ArrayList<>();
            schedules("", 6, 6, all);
            java.util.Random rnd = new java.util.Random(2);
            int random = 300;
            for (int i = 0; i < random; i++) all.add(randomSchedule(3 + rnd.nextInt(3), rnd));
            int losing = 0;
            for (int i = 0; i < all.size(); i++) {
                String s = all.get(i);
                long expected = (long) Interleavings.replay(0, s).value("final");
                long yours = replay.finalCount(s);
                if (yours != expected) {
                    return Exercise.fail("schedule %s (%d increments per thread): you said %d, replaying it gives %d%s",
                            s, s.length() / 6, yours, expected, i < 924 ? "" : " (the 924 short schedules all agreed)")
                            .detail("Replay it step by step: Interleavings.replay(0, \"%s\")", s);
                }
                if (i < 924 && expected < 4) losing++;
            }
            return Exercise.pass("all %,d schedules of 2 threads × 2 increments and %d random longer ones give the same "
                    + "final count as the replay; %,d of the 924 short ones lose at least one update", 924, random, losing);
        });
    }

    private static void schedules(String prefix, int a, int b, List<String> out) {
        if (a == 0 && b == 0) {
            out.add(prefix);
            return;
        }
        if (a > 0) schedules(prefix + 'A', a - 1, b, out);
        if (b > 0) schedules(prefix + 'B', a, b - 1, out);
    }

    private static String randomSchedule(int k, java.util.Random rnd) {
        StringBuilder sb = new StringBuilder();
        int a = 3 * k, b = 3 * k;
        while (a + b > 0) {
            boolean alpha = rnd.nextInt(a + b) < a;
            sb.append(alpha ? 'A' : 'B');
            if (alpha) a--; else b--;
        }
        return sb.toString();
    }
}
