package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Unsafe publication: one thread creates an object and stores it in a plain field; another reads the field
 * and then the object's (non-final) field. The JMM allows seeing the object before its constructor's write.
 * On x86 (stores are not reordered with stores) this is rarely or never seen; on ARM it shows. Backs notebook
 * 04's note on visibility. Run: java -jar stress/target/jcstress.jar -t Publication_01 -m sanity
 */
@JCStressTest
@Description("Notebook 04: an unsafely published object may be seen half-built (allowed by the JMM).")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "Object not published yet.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "Object seen fully built.")
@Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "Object seen before its field was written.")
@State
public class Publication_01_Unsafe {
    static class Box {
        int x;
        Box() { x = 42; }
    }

    Box box;

    @Actor public void writer() { box = new Box(); }

    @Actor public void reader(I_Result r) {
        Box b = box;
        r.r1 = b == null ? -1 : b.x;
    }
}
