package dev.racelab.stress;

import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * With a ReentrantLock around count++, can an update still be lost? It must not: unlock() publishes the write
 * to the next lock(). Backs notebook 03 (mutual exclusion).
 * Run: ./course exp jcstress --test Counter_06
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   1                0  FORBIDDEN
 *   2        1,974,291  ACCEPTABLE
 */
@JCStressTest
@Description("Notebook 03: an increment under ReentrantLock never loses an update.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates landed.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: the lock failed.")
@State
public class Counter_06_ReentrantLock {
    final ReentrantLock lock = new ReentrantLock();
    int count;

    void inc() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    @Actor public void alpha() { inc(); }
    @Actor public void beta() { inc(); }
    @Arbiter public void result(I_Result r) { r.r1 = count; }
}
