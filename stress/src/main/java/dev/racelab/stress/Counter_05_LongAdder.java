package dev.racelab.stress;

import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * LongAdder: each thread may add to its own cell; sum() adds the cells. Backs notebook 04 (atomics).
 * Run: ./course exp jcstress --test Counter_05
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   1                0  FORBIDDEN
 *   2        1,349,651  ACCEPTABLE
 */
@JCStressTest
@Description("Notebook 04: LongAdder never loses an update (the sum after both actors is 2).")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates counted.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update.")
@State
public class Counter_05_LongAdder {
    final LongAdder count = new LongAdder();

    @Actor public void alpha() { count.increment(); }
    @Actor public void beta() { count.increment(); }
    @Arbiter public void result(J_Result r) { r.r1 = count.sum(); }
}
