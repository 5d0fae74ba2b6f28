package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Is count++ on a plain int atomic? Backs notebooks 02 (the data race) and 04 (atomics).
 * Two actors each increment once; the arbiter reads the result. 1 means one update was lost.
 * Run: java -jar stress/target/jcstress.jar -t Counter_01 -m sanity
 */
@JCStressTest
@Description("Notebooks 02 and 04: plain count++ loses updates.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates landed.")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost update: both read the same value, both wrote value + 1.")
@State
public class Counter_01_PlainIncrement {
    int count;

    @Actor public void alpha() { count++; }
    @Actor public void beta() { count++; }
    @Arbiter public void result(I_Result r) { r.r1 = count; }
}
