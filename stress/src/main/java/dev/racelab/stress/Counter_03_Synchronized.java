package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * With synchronized, can an update still be lost? It must not. Backs notebook 03 (mutual exclusion).
 * Run: java -jar stress/target/jcstress.jar -t Counter_03 -m sanity
 */
@JCStressTest
@Description("Notebook 03: a synchronized increment never loses an update.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates landed.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the lock failed.")
@State
public class Counter_03_Synchronized {
    int count;

    synchronized void inc() { count++; }

    @Actor public void alpha() { inc(); }
    @Actor public void beta() { inc(); }
    @Arbiter public void result(I_Result r) { synchronized (this) { r.r1 = count; } }
}
