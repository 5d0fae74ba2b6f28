package dev.racelab.stress;

import java.util.concurrent.ArrayBlockingQueue;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * A bounded queue as a channel: two producers offer one message each; nothing is lost or duplicated.
 * Backs notebook 05 (channels). Run: ./course exp jcstress --test Channel_01
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   2, 3       540,691  ACCEPTABLE
 */
@JCStressTest
@Description("Notebook 05: a channel (ArrayBlockingQueue) never loses or duplicates a message.")
@Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "Both messages arrived, once each (sum 1 + 2).")
@Outcome(expect = FORBIDDEN, desc = "A message was lost or duplicated.")
@State
public class Channel_01_Queue {
    final ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(4);

    @Actor public void alpha() { q.offer(1); }
    @Actor public void beta() { q.offer(2); }

    @Arbiter public void result(II_Result r) {
        int n = 0, sum = 0;
        for (Integer m; (m = q.poll()) != null; ) { n++; sum += m; }
        r.r1 = n;
        r.r2 = sum;
    }
}
