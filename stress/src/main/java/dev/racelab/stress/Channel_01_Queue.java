package dev.racelab.stress;

import java.util.concurrent.ArrayBlockingQueue;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * A bounded queue as a channel: two producers offer one message each; nothing is lost or duplicated.
 * Backs notebook 05 (channels). Run: java -jar stress/target/jcstress.jar -t Channel_01 -m sanity
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
