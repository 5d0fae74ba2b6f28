package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Publication_01_Unsafe with the object's field final: a thread that sees the reference to an object whose
 * constructor did not leak `this` sees its final fields as the constructor set them, even through a plain field
 * (JLS 17.5). Backs notebook 09. Run: ./course exp jcstress --test Publication_02
 */
@JCStressTest
@Description("Notebook 09: an object with a final field, published through a plain field, is seen fully built.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "Object not published yet.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "Object seen fully built.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "Final field seen before the constructor wrote it.")
@State
public class Publication_02_FinalField {
    static class Box {
        final int x;
        Box() { x = 42; }
    }

    Box box;

    @Actor public void writer() { box = new Box(); }

    @Actor public void reader(I_Result r) {
        Box b = box;
        r.r1 = b == null ? -1 : b.x;
    }
}
