package dev.racelab.models;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the pinning run on this JDK says: did {@code synchronized} keep its carrier while asleep? What older JDKs
 * would do is given as an expectation, never as a measurement, and the cases that still pin are named.
 * {@code Pinning.run().explain()}
 */
final class PinningExplain {
    private PinningExplain() {}

    static Prose explain(Result r) {
        double threads = ((Number) r.params().get("threads")).doubleValue();
        double carriers = r.value("carriers");
        double sleepMs = ((Number) r.params().get("sleep_ms")).doubleValue();
        Prose p = new Prose().set("jdk", r.value("jdk"), "%.0f").set("fixed", r.value("jep491_jdk"), "%.0f")
                .set("threads", threads, "%,.0f").set("carriers", carriers, "%.0f")
                .set("syncMax", r.value("synchronized_max_sleeping"), "%,.0f")
                .set("syncMs", r.value("synchronized_wall_ms"), "%,.0f ms")
                .set("lockMs", r.value("reentrantlock_wall_ms"), "%,.0f ms")
                .set("expectMs", Math.ceil(threads / carriers) * sleepMs, "%,.0f ms");
        if (r.value("synchronized_max_sleeping") <= carriers && threads > carriers) {
            p.add("On JDK {jdk}, `synchronized` **pinned**: only {syncMax} of {threads} threads slept at once (one per "
                    + "carrier), and the run took {syncMs}; with `ReentrantLock` it took {lockMs}. JEP 491 removed "
                    + "this for `synchronized` in JDK {fixed}.");
        } else {
            p.add("On JDK {jdk}, `synchronized` did not pin: {syncMax} of {threads} threads slept at once ({syncMs}; "
                    + "with `ReentrantLock` {lockMs}), thanks to JEP 491 (JDK {fixed}).");
            p.add("On JDK 21–23 the same cell would keep only {carriers} asleep at a time (one per carrier) and take "
                    + "about {expectMs}: that is what pinning predicts, not a measurement (install a JDK 21 to measure "
                    + "it, below). Advice to replace `synchronized` with `ReentrantLock` around blocking calls is about "
                    + "those JDKs.");
        }
        p.add("Pinning is not gone: a virtual thread still keeps its carrier while it blocks inside native code (a JNI "
                + "call, or a foreign function that calls back into Java), inside a class initialiser, or while it "
                + "waits for another thread to initialise a class.");
        return p;
    }
}
