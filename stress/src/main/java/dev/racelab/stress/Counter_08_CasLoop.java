package dev.racelab.stress;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * The compare-and-set loop of notebook 04, written out: read, compute, CAS, retry on failure. A failed CAS is a
 * detected conflict, never a lost update. r1 is the final count; r2 how many CAS attempts failed in total.
 * Run: java -jar stress/target/jcstress.jar -t Counter_08 -m sanity
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
