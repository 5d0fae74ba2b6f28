package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Is count++ on a plain int atomic? Backs notebooks 02 (the data race) and 04 (atomics).
 * Two actors each increment once; the arbiter reads the result. 1 means one update was lost.
 * Run: ./course exp jcstress --test Counter_01
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   1          985,686  ACCEPTABLE_INTERESTING
 *   2        1,961,405  ACCEPTABLE
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
