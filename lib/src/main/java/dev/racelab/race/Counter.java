package dev.racelab.race;

/**
 * A shared counter that threads add to. Each implementation owns its loop, so the JIT sees one monomorphic
 * loop per kind, as it would in a learner's own program (a plain loop may keep the value in a register).
 * {@code Counter c = CounterKind.PLAIN_STATIC.create(); c.add(10_000);}
 */
public interface Counter {
    /** Adds one, {@code times} times, the way this kind does it. */
    void add(int times);

    long get();

    void reset();
}
