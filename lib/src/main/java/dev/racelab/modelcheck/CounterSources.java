package dev.racelab.modelcheck;

/** The course's other counters as {@link ModelCheck} checks them: volatile, synchronized, atomic (the classic stays there). */
final class CounterSources {
    private CounterSources() {}

    static final String VOLATILE = """
            class VolatileCounter implements dev.racelab.race.Counter {
                static volatile int count;           // volatile: seen by all, still three steps

                public void add(int times) {
                    for (int i = 0; i < times; i++) {
                        count++;
                    }
                }

                public long get() { return count; }

                public void reset() { count = 0; }
            }
            """;

    static final String SYNCHRONIZED = """
            class SynchronizedCounter implements dev.racelab.race.Counter {
                private int count;

                public void add(int times) {
                    for (int i = 0; i < times; i++) {
                        synchronized (this) {        // one thread at a time: read, add, write as one step
                            count++;
                        }
                    }
                }

                public synchronized long get() { return count; }

                public synchronized void reset() { count = 0; }
            }
            """;

    static final String ATOMIC = """
            import java.util.concurrent.atomic.AtomicInteger;

            class AtomicCounter implements dev.racelab.race.Counter {
                private final AtomicInteger count = new AtomicInteger();

                public void add(int times) {
                    for (int i = 0; i < times; i++) {
                        count.incrementAndGet();     // one atomic read-modify-write
                    }
                }

                public long get() { return count.get(); }

                public void reset() { count.set(0); }
            }
            """;
}
