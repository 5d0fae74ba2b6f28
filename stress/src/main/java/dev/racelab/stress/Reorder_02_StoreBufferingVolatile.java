package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Store buffering with volatile fields: volatile accesses are sequentially consistent (one total order that every
 * thread agrees on), so one of the two writes comes first and the other thread's read sees it: (0, 0) is forbidden.
 * The JIT pays for it on x86-64 with a fence (a locked instruction) after each volatile store.
 * Backs notebook 09. Run: ./course exp jcstress --test Reorder_02
 */
@JCStressTest
@Description("Notebook 09: store buffering with volatile fields: both reading 0 is forbidden.")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "Some order of the four accesses explains it.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Both read 0: volatile would be broken.")
@State
public class Reorder_02_StoreBufferingVolatile {
    volatile int x, y;

    @Actor public void alpha(II_Result r) { x = 1; r.r1 = y; }
    @Actor public void beta(II_Result r) { y = 1; r.r2 = x; }
}
