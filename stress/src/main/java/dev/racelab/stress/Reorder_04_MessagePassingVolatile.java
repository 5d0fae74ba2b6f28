package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Message passing through a volatile flag: the write of data comes before the volatile write of the flag in program
 * order, that write happens-before the read that sees it, and that read comes before the read of data: so a reader
 * that sees the flag must see the data. Only the flag needs to be volatile. Backs notebook 09.
 * Run: ./course exp jcstress --test Reorder_04
 */
@JCStressTest
@Description("Notebook 09: message passing through a volatile flag: flag without data is forbidden.")
@Outcome(id = {"0, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "Flag not seen yet, or flag and data both seen.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Flag seen, data not: the volatile edge would be broken.")
@State
public class Reorder_04_MessagePassingVolatile {
    int data;
    volatile int flag;

    @Actor public void writer() { data = 1; flag = 1; }
    @Actor public void reader(II_Result r) { r.r1 = flag; r.r2 = data; }
}
