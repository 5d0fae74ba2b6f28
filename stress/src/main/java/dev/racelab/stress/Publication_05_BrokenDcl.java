package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * Broken double-checked locking: the first check reads the instance without the lock through a plain field, so a
 * thread can get the instance another thread built under the lock without a happens-before edge to its
 * constructor's write, and see the object half-built. The Java memory model allows it; x86-64 rarely or never
 * shows it (stores stay in order), ARM can. Backs notebook 09. Run: ./course exp jcstress --test Publication_05
 */
@JCStressTest
@Description("Notebook 09: double-checked locking on a plain field may hand out a half-built object.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The instance, fully built.")
@Outcome(id = "0", expect = ACCEPTABLE_INTERESTING, desc = "The instance seen before its constructor's write.")
@State
public class Publication_05_BrokenDcl {
    static class Singleton {
        int x;
        Singleton() { x = 42; }
    }

    private Singleton instance;

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
