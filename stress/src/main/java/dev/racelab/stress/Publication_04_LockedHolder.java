package dev.racelab.stress;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.*;

/*
 * A safe holder: the reference is written and read only while holding the holder's lock. Unlocking a monitor
 * happens-before every later lock of it, so a reader that gets the reference also sees the constructor's write.
 * Backs notebook 09. Run: ./course exp jcstress --test Publication_04
 */
@JCStressTest
@Description("Notebook 09: an object published through a lock-guarded holder is seen fully built.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "Object not published yet.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "Object seen fully built.")
@Outcome(id = "0", expect = FORBIDDEN, desc = "Object seen before its field was written.")
@State
public class Publication_04_LockedHolder {
    static class Box {
        int x;
        Box() { x = 42; }
    }

    private Box box;

    synchronized void set(Box b) { box = b; }
    synchronized Box get() { return box; }

    @Actor public void writer() { set(new Box()); }

    @Actor public void reader(I_Result r) {
        Box b = get();
        r.r1 = b == null ? -1 : b.x;
    }
}
