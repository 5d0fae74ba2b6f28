package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Publication_01_Unsafe with the reference volatile: the constructor's write comes before the volatile write of
 * the reference, which happens-before the read that sees it. Backs notebook 09.
 * Run: ./course exp jcstress --test Publication_03
 */
@JCStressTest
@Description("Notebook 09: an object published through a volatile field is seen fully built.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "Object not published yet.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "Object seen fully built.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "Object seen before its field was written.")
@State
public class Publication_03_VolatileField {
    static class Box {
        int x;
        Box() { x = 42; }
    }

    volatile Box box;

    @Actor public void writer() { box = new Box(); }

    @Actor public void reader(I_Result r) {
        Box b = box;
        r.r1 = b == null ? -1 : b.x;
    }
}
