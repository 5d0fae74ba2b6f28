package dev.racelab.stress;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Two atomic fields that must change together: lower <= upper. Each setter checks the other field, then
 * acts. Each field is atomic; the pair is not. Backs notebook 04 ("when atomics are not enough").
 * Range starts at [0, 10]; alpha sets lower = 5 if 5 <= upper, beta sets upper = 4 if 4 >= lower.
 * Run: java -jar stress/target/jcstress.jar -t Invariant_01 -m sanity
 */
@JCStressTest
@Description("Notebook 04: check-then-act on two atomic fields can break the invariant lower <= upper.")
@Outcome(id = "5, 10", expect = ACCEPTABLE, desc = "Alpha won: range [5, 10].")
@Outcome(id = "0, 4", expect = ACCEPTABLE, desc = "Beta won: range [0, 4].")
@Outcome(id = "5, 4", expect = ACCEPTABLE_INTERESTING, desc = "Both checks passed before either act: lower > upper.")
@State
public class Invariant_01_CheckThenAct {
    final AtomicInteger lower = new AtomicInteger(0);
    final AtomicInteger upper = new AtomicInteger(10);

    @Actor public void alpha() { if (5 <= upper.get()) lower.set(5); }
    @Actor public void beta() { if (4 >= lower.get()) upper.set(4); }
    @Arbiter public void result(II_Result r) { r.r1 = lower.get(); r.r2 = upper.get(); }
}
