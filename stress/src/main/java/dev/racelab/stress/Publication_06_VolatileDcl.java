package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Double-checked locking fixed: the instance field is volatile, so the thread that reads it without the lock and
 * sees the instance also sees its constructor's write (Publication_05_BrokenDcl without the bug). Backs notebook
 * 09. Run: ./course exp jcstress --test Publication_06
 */
@JCStressTest
@Description("Notebook 09: double-checked locking on a volatile field hands out only fully built objects.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The instance, fully built.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "The instance seen before its constructor's write.")
@State
public class Publication_06_VolatileDcl {
    static class Singleton {
        int x;
        Singleton() { x = 42; }
    }

    private volatile Singleton instance;

    Singleton get() {
        Singleton s = instance;
        if (s == null) {
            synchronized (this) {
                s = instance;
                if (s == null) instance = s = new Singleton();
            }
        }
        return s;
    }

    @Actor public void alpha() { get(); }

    @Actor public void beta(I_Result r) { r.r1 = get().x; }
}
