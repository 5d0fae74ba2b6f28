package dev.racelab.bench;

import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Increments per second of each counter kind, all threads on one shared counter — the same operation as
 * {@code Throughput} in notebooks 03/04 ({@code add(1)} per call), measured the careful way.
 * Run: {@code java -jar bench/target/benchmarks.jar CounterBench -t 2 -f 1 -wi 1 -i 2 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CounterBench {
    @Param({"VOLATILE", "SYNCHRONIZED", "REENTRANT_LOCK", "ATOMIC_INTEGER", "LONG_ADDER"})
    public String kind;

    Counter counter;

    @Setup
    public void setUp() {
        counter = CounterKind.valueOf(kind).create();
        counter.reset();
    }

    @Benchmark
    public void increment() {
        counter.add(1);
    }
}
