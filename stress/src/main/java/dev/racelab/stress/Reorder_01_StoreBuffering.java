package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Store buffering (Dekker): each thread writes its own plain field, then reads the other's. Can both read 0?
 * Sequential consistency says no (some write came first); the Java memory model allows it for plain fields, and
 * x86-64 shows it: a store waits in the core's store buffer while the later load of the other field goes ahead.
 * Backs notebook 09 (the memory model). Run: ./course exp jcstress --test Reorder_01
 */
@JCStressTest
@Description("Notebook 09: store buffering with plain fields: both threads may read 0.")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "Some order of the four accesses explains it.")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "Both read 0: each load passed its thread's earlier store.")
@State
public class Reorder_01_StoreBuffering {
    int x, y;

    @Actor public void alpha(II_Result r) { x = 1; r.r1 = y; }
    @Actor public void beta(II_Result r) { y = 1; r.r2 = x; }
}
