package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Message passing with plain fields: the writer stores the data, then a flag; the reader reads the flag, then the
 * data. Can it see the flag but not the data? The Java memory model allows it (no happens-before edge), and so do
 * weak processors such as ARM and POWER, which may reorder two stores or two loads. x86-64 keeps stores in order
 * and loads in order, so there only the JIT could reorder them. Backs notebook 09.
 * Run: ./course exp jcstress --test Reorder_03
 */
@JCStressTest
@Description("Notebook 09: message passing with plain fields: the flag may arrive before the data.")
@Outcome(id = {"0, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "Flag not seen yet, or flag and data both seen.")
@Outcome(id = "1, 0", expect = ACCEPTABLE_INTERESTING, desc = "Flag seen, data not: the two stores or the two loads were reordered.")
@State
public class Reorder_03_MessagePassing {
    int data, flag;

    @Actor public void writer() { data = 1; flag = 1; }
    @Actor public void reader(II_Result r) { r.r1 = flag; r.r2 = data; }
}
