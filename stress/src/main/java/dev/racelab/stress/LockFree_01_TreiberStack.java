package dev.racelab.stress;

import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * A lock-free stack (Treiber): push links a new node to the current top and swings the top by compare-and-set,
 * retrying when another push got there first. Two concurrent pushes: both nodes end up on the stack. Backs
 * notebook 04 (atomics beyond one counter) and the lock-free parts of later notebooks.
 * Run: ./course exp jcstress --test LockFree_01
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   2          786,451  ACCEPTABLE
 */
@JCStressTest
@Description("Notebooks 04+: a CAS-based (Treiber) stack never loses a push.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both pushes are on the stack.")
@Outcome(expect = FORBIDDEN, desc = "A push was lost.")
@State
public class LockFree_01_TreiberStack {
    record Node(int value, Node next) {}

    final AtomicReference<Node> top = new AtomicReference<>();

    void push(int v) {
        while (true) {
            Node t = top.get();
            if (top.compareAndSet(t, new Node(v, t))) return;
        }
    }

    @Actor public void alpha() { push(1); }
    @Actor public void beta() { push(2); }

    @Arbiter public void result(I_Result r) {
        int n = 0;
        for (Node x = top.get(); x != null; x = x.next()) n++;
        r.r1 = n;
    }
}
