package dev.racelab.stress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * VarHandle.getAndAdd on a plain int field: the atomic read-modify-write of AtomicInteger, without the wrapper
 * object. Backs notebook 04 (atomics). Run: ./course exp jcstress --test Counter_07
 *
 * Observed on 2 busy cores, JDK 25, JCStress 0.16 quick mode, one JVM configuration (./course test):
 *   RESULT     SAMPLES  EXPECT
 *   1                0  FORBIDDEN
 *   2        1,165,331  ACCEPTABLE
 */
@JCStressTest
@Description("Notebook 04: VarHandle.getAndAdd never loses an update.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both updates landed.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: getAndAdd was not atomic.")
@State
public class Counter_07_VarHandle {
    static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Counter_07_VarHandle.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    int count;

    @Actor public void alpha() { COUNT.getAndAdd(this, 1); }
    @Actor public void beta() { COUNT.getAndAdd(this, 1); }
    @Arbiter public void result(I_Result r) { r.r1 = (int) COUNT.getVolatile(this); }
}
