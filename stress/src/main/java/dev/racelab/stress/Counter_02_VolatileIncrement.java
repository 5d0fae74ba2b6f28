package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Does volatile make count++ atomic? No: it makes each read and write visible, not the pair indivisible.
 * Backs notebooks 02 and 04. Run: java -jar stress/target/jcstress.jar -t Counter_02 -m sanity
 */
@JCStressTest
@Description("Notebooks 02 and 04: volatile count++ still loses updates.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates landed.")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost update, although the field is volatile.")
@State
public class Counter_02_VolatileIncrement {
    volatile int count;

    @Actor public void alpha() { count++; }
    @Actor public void beta() { count++; }
    @Arbiter public void result(I_Result r) { r.r1 = count; }
}
