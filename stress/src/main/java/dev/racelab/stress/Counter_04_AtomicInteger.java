package dev.racelab.stress;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * AtomicInteger.incrementAndGet: a compare-and-set loop in hardware. Backs notebook 04 (atomics).
 * Run: java -jar stress/target/jcstress.jar -t Counter_04 -m sanity
 */
@JCStressTest
@Description("Notebook 04: AtomicInteger never loses an update.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates landed.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the atomic was not atomic.")
@State
public class Counter_04_AtomicInteger {
    final AtomicInteger count = new AtomicInteger();

    @Actor public void alpha() { count.incrementAndGet(); }
    @Actor public void beta() { count.incrementAndGet(); }
    @Arbiter public void result(I_Result r) { r.r1 = count.get(); }
}
