package dev.racelab.exercises;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Crew;
import dev.racelab.models.EventLoop;
import dev.racelab.models.LocalServer;
import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExercisesTest {
    @AfterEach
    void nothingLeftBehind() {
        assertEquals(List.of(), Crew.liveThreadNames());
        assertEquals(0, LocalServer.runningCount());
    }

    static final class StubCounter implements Counter {
        public void add(int times) { throw Exercise.notYet("StubCounter.add"); }
        public long get() { throw Exercise.notYet("StubCounter.get"); }
        public void reset() { throw Exercise.notYet("StubCounter.reset"); }
    }

    @Test
    void verdictsSayPassFailOrNotYetOnTheirFirstLine() {
        Verdict p = Exercise.check("t.1 a title", () -> Exercise.pass("0 lost in %,d trials", 1000));
        assertEquals("[exercise] PASS · t.1 a title · 0 lost in 1,000 trials", p.line());
        assertTrue(p.passed());
        Verdict f = Exercise.check("t.2", () -> Exercise.fail("lost %d updates in %d of %d trials", 37, 12, 500));
        assertEquals("[exercise] FAIL · t.2 · lost 37 updates in 12 of 500 trials", f.line());
        Verdict n = Exercise.check("t.3", () -> { throw new RuntimeException("wrapped", Exercise.notYet("Foo.bar")); });
        assertEquals(Verdict.Status.NOT_YET, n.status());
        assertTrue(n.line().startsWith("[exercise] NOT YET · t.3 · not yet: Foo.bar"), n.line());
        Verdict boom = Exercise.check("t.4", () -> { throw new IllegalStateException("oops"); });
        assertEquals("[exercise] FAIL · t.4 · your code threw IllegalStateException: oops", boom.line());
        assertTrue(p.mimeBundle().get("text/html").contains("data-status=\"pass\""));
        assertTrue(p.mimeBundle().get("text/plain").startsWith("[exercise] PASS"));
    }

    @Test
    void counterCheck() {
        assertEquals(Verdict.Status.PASS, Checks.counter("c", CounterKind.ATOMIC_INTEGER::create).status());
        assertEquals(Verdict.Status.NOT_YET, Checks.counter("c", StubCounter::new).status());
        Verdict one = Checks.counter("c", () -> new Counter() {
            long n;
            public void add(int times) { n += 2L * times; }
            public long get() { return n; }
            public void reset() { n = 0; }
        });
        assertEquals("[exercise] FAIL · c · one thread called add(1000) and get() returned 2,000", one.line());
    }

    @Test
    void counterCheckCatchesALosingCounter() {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        // volatile count++ loses in most start-gate trials and in single add(1) calls: both phases must miss it
        Verdict v = Checks.counter("c", CounterKind.VOLATILE::create);
        assertEquals(Verdict.Status.FAIL, v.status(), v.line());
        assertTrue(v.evidence().matches("lost [\\d,]+ updates in [\\d,]+ of [\\d,]+ trials.*"), v.evidence());
    }

    static final class Fix implements EventLoop.AsyncCounter {
        long count;
        public CompletableFuture<?> increment(EventLoop.Loop loop) { return loop.io().thenRun(() -> count++); }
        public long get() { return count; }
    }

    static final class Racy implements EventLoop.AsyncCounter {
        long count;
        public CompletableFuture<?> increment(EventLoop.Loop loop) { long s = count; return loop.io().thenRun(() -> count = s + 1); }
        public long get() { return count; }
    }

    static final class Stub implements EventLoop.AsyncCounter {
        public CompletableFuture<?> increment(EventLoop.Loop loop) { throw Exercise.notYet("Stub.increment"); }
        public long get() { throw Exercise.notYet("Stub.get"); }
    }

    @Test
    void asyncCounterCheck() {
        assertEquals(Verdict.Status.PASS, Checks.asyncCounter("a", Fix::new).status());
        Verdict racy = Checks.asyncCounter("a", Racy::new);
        assertEquals(Verdict.Status.FAIL, racy.status());
        assertTrue(racy.evidence().startsWith("lost "), racy.evidence());
        assertEquals(Verdict.Status.NOT_YET, Checks.asyncCounter("a", Stub::new).status());
    }

    static List<Integer> all(List<Callable<Integer>> requests, Semaphore permits) throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> fs = new ArrayList<>();
            for (var r : requests) {
                fs.add(pool.submit(() -> {
                    if (permits != null) permits.acquire();
                    try {
                        return r.call();
                    } finally {
                        if (permits != null) permits.release();
                    }
                }));
            }
            List<Integer> out = new ArrayList<>();
            for (var f : fs) out.add(f.get());
            return out;
        }
    }

    @Test
    void politeClientCheck() {
        assertEquals(Verdict.Status.PASS, Checks.politeClient("p", r -> all(r, new Semaphore(10))).status());
        Verdict rude = Checks.politeClient("p", r -> all(r, null));
        assertEquals(Verdict.Status.FAIL, rude.status());
        assertTrue(rude.evidence().contains("429"), rude.evidence());
        Verdict oneByOne = Checks.politeClient("p", r -> all(r, new Semaphore(1)));
        assertEquals(Verdict.Status.FAIL, oneByOne.status());
        assertTrue(oneByOne.evidence().contains("one at a time"), oneByOne.evidence());
        assertEquals(Verdict.Status.NOT_YET, Checks.politeClient("p", r -> { throw Exercise.notYet("fetchAll"); }).status());
    }

    static final class Good<T> implements Checks.BoundedChannel<T> {
        final ArrayBlockingQueue<T> q;
        Good(int capacity) { q = new ArrayBlockingQueue<>(capacity); }
        public void send(T m) throws InterruptedException { q.put(m); }
        public T receive() throws InterruptedException { return q.take(); }
    }

    static final class Unbounded<T> implements Checks.BoundedChannel<T> {
        final LinkedBlockingQueue<T> q = new LinkedBlockingQueue<>();
        Unbounded(int capacity) {}
        public void send(T m) throws InterruptedException { q.put(m); }
        public T receive() throws InterruptedException { return q.take(); }
    }

    @Test
    void channelCheck() {
        assertEquals(Verdict.Status.PASS, Checks.channel("ch", Good::new).status());
        Verdict leaky = Checks.channel("ch", Unbounded::new);
        assertEquals(Verdict.Status.FAIL, leaky.status());
        assertTrue(leaky.evidence().contains("send returned although the channel already held"), leaky.evidence());
    }
}
