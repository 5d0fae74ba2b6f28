package dev.racelab.stress;

import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.J_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * LongAdder: each thread may add to its own cell; sum() adds the cells. Backs notebook 04 (atomics).
 * Run: java -jar stress/target/jcstress.jar -t Counter_05 -m sanity
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
