package dev.racelab.stress;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * The compare-and-set loop of notebook 04, written out: read, compute, CAS, retry on failure. A failed CAS is a
 * detected conflict, never a lost update. r1 is the final count; r2 how many CAS attempts failed in total.
 * Run: ./course exp jcstress --test Counter_08
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   1, .*            0  FORBIDDEN
 *   2, 0     2,230,451  ACCEPTABLE
 *   2, 1       225,120  ACCEPTABLE_INTERESTING
 */
@JCStressTest
@Description("Notebook 04: a hand-written CAS loop never loses an update; a failed CAS just retries.")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Both updates landed, no CAS failed.")
@Outcome(id = "2, 1", expect = ACCEPTABLE_INTERESTING, desc = "Both updates landed; one CAS failed and was retried.")
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = "Lost update.")
@State
public class Counter_08_CasLoop {
    final AtomicInteger count = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    void inc() {
        while (true) {
            int v = count.get();
            if (count.compareAndSet(v, v + 1)) return;
            failed.incrementAndGet();
        }
    }

    @Actor public void alpha() { inc(); }
    @Actor public void beta() { inc(); }
    @Arbiter public void result(II_Result r) { r.r1 = count.get(); r.r2 = failed.get(); }
}
