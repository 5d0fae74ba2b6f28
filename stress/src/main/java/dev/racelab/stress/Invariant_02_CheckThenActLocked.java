package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * The same two setters under one lock: the check and the act become one step. Backs notebook 04.
 * Run: java -jar stress/target/jcstress.jar -t Invariant_02 -m sanity
 */
@JCStressTest
@Description("Notebook 04: with one lock around check and act, lower <= upper always holds.")
@Outcome(id = "5, 10", expect = ACCEPTABLE, desc = "Alpha won.")
@Outcome(id = "0, 4", expect = ACCEPTABLE, desc = "Beta won.")
@Outcome(id = "5, 4", expect = FORBIDDEN, desc = "Invariant broken despite the lock.")
@State
public class Invariant_02_CheckThenActLocked {
    int lower = 0;
    int upper = 10;

    @Actor public void alpha() { synchronized (this) { if (5 <= upper) lower = 5; } }
    @Actor public void beta() { synchronized (this) { if (4 >= lower) upper = 4; } }
    @Arbiter public void result(II_Result r) { synchronized (this) { r.r1 = lower; r.r2 = upper; } }
}
