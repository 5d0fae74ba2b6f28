package dev.racelab.stress;

import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * The same stack with push as "read top, then set top" (get, then set — each atomic, the pair not): the stack
 * version of count++. Two concurrent pushes can leave one node behind. Why LockFree_01 needs compare-and-set.
 * Backs notebook 04. Run: ./course exp jcstress --test LockFree_02
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   1           79,036  ACCEPTABLE_INTERESTING
 *   2        1,669,975  ACCEPTABLE
 */
@JCStressTest
@Description("Notebook 04: a stack whose push is get-then-set (no CAS) loses pushes.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both pushes are on the stack.")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost push: both read the same top, the second set overwrote the first.")
@State
public class LockFree_02_StackWithoutCas {
    record Node(int value, Node next) {}

    final AtomicReference<Node> top = new AtomicReference<>();

    void push(int v) {
        Node t = top.get();
        top.set(new Node(v, t));
    }

    @Actor public void alpha() { push(1); }
    @Actor public void beta() { push(2); }

    @Arbiter public void result(I_Result r) {
        int n = 0;
        for (Node x = top.get(); x != null; x = x.next()) n++;
        r.r1 = n;
    }
}
