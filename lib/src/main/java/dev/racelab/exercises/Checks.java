package dev.racelab.exercises;

import dev.racelab.models.EventLoop;
import dev.racelab.race.Counter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Ready-made checks for the course's exercises: each stress-tests the learner's code with the library and returns a
 * {@link Verdict} with the evidence. {@code Checks.counter("03.1 A counter with a lock", SafeCounter::new)}
 *
 * <p>This class is the facade the notebooks call, and it holds the interfaces learners implement
 * ({@code implements Checks.BoundedChannel<T>}); each check lives in its own file beside it ({@code CounterCheck},
 * {@code ChannelCheck}, …), one question per file.
 */
public final class Checks {
    private Checks() {}

    // --- a thread-safe counter (notebooks 02, 03, 04) -------------------------------------------------------------

    /**
     * A thread-safe {@link Counter}: one thread first (does it count at all?), then the start gate (4 threads ×
     * 10,000 increments, many trials), then single {@code add(1)} calls separated by memory fences, which the JIT
     * cannot merge into one big add. Passes only with zero updates lost (or gained) in every trial.
     */
    public static Verdict counter(String title, Supplier<? extends Counter> factory) {
        return CounterCheck.counter(title, factory);
    }

    // --- the async lost update (notebook 08) ---------------------------------------------------------------------

    /**
     * An {@link EventLoop.AsyncCounter} that must not lose updates while its requests still wait for their I/O
     * together: 100 requests per trial, many trials, each on a fresh event loop with random I/O delays. Fails on any
     * lost update, on a handler that serialises every request, and on one that blocks the loop thread.
     */
    public static Verdict asyncCounter(String title, Supplier<? extends EventLoop.AsyncCounter> factory) {
        return AsyncCounterCheck.asyncCounter(title, factory);
    }

    // --- a polite client (notebook 08) ---------------------------------------------------------------------------

    /** The learner's client: runs every request (each returns an HTTP status) and returns the statuses. */
    @FunctionalInterface
    public interface Client {
        List<Integer> fetchAll(List<Callable<Integer>> requests) throws Exception;
    }


    /**
     * A client that sends 200 requests concurrently but never more than 10 at once: a local server (loopback, 20 ms
     * per request) answers 429 above 10 in flight. Passes when all 200 get 200 OK, the server never saw more than
     * 10, and more than one was in flight at some moment (requests run on platform threads pass, with a remark).
     */
    public static Verdict politeClient(String title, Client client) {
        return PoliteClientCheck.politeClient(title, client);
    }

    // --- a bounded channel (notebook 05) -------------------------------------------------------------------------

    /** A channel with room for a fixed number of messages: {@code send} blocks when full, {@code receive} when empty. */
    public interface BoundedChannel<T> {
        void send(T message) throws InterruptedException;

        T receive() throws InterruptedException;
    }


    /**
     * A bounded channel: {@code send} must block when it is full and {@code receive} when it is empty; then 4
     * producers × 10,000 messages through a channel of 8 to 4 consumers: every message must arrive exactly once.
     */
    public static Verdict channel(String title, IntFunction<? extends BoundedChannel<Integer>> factory) {
        return ChannelCheck.channel(title, factory);
    }

    // --- replaying an interleaving (notebook 02) -----------------------------------------------------------------

    /** The learner's model of two threads doing count++ as read, add, write: the final count of a schedule. */
    @FunctionalInterface
    public interface Replay {
        long finalCount(String schedule);
    }


    /**
     * The learner's replay against the library's: every schedule of 2 threads × 2 increments (924 of them), then
     * random schedules of 3 to 5 increments each. Passes when every final count agrees.
     */
    public static Verdict replay(String title, Replay replay) {
        return ReplayCheck.replay(title, replay);
    }

    // --- transfers without deadlock (notebook 03) ----------------------------------------------------------------

    /** The learner's transfer: moves {@code amount} from one account to another, holding both accounts' locks. */
    @FunctionalInterface
    public interface Transfer {
        void transfer(Account from, Account to, long amount) throws Exception;
    }


    /**
     * 4 threads move money at random between 4 accounts (both directions between every pair), 20,000 transfers each
     * or until the time budget ends. Fails on a deadlock (found by the JVM's deadlock detector, or no progress for
     * 2 s: the stuck threads are interrupted and named), on money created or destroyed, or on an exception. The
     * accounts hold on ~2 µs after each lock is taken, which opens the deadlock window wide.
     */
    public static Verdict transfers(String title, Transfer transfer) {
        return TransferCheck.transfers(title, transfer);
    }

    // --- an atomic maximum (notebook 04) -------------------------------------------------------------------------

    /** The learner's running maximum: {@code offer} many values from many threads, {@code get} the largest so far. */
    public interface Maximum {
        void offer(long value);

        long get();
    }


    /**
     * 4 threads offer climbing, interleaved values while a fifth reads {@code get()} without pause: the maximum must
     * never go down, and must end at the largest value offered. Many trials within the time budget.
     */
    public static Verdict maximum(String title, Supplier<? extends Maximum> factory) {
        return MaximumCheck.maximum(title, factory);
    }

    // --- a worker pool that survives a crash (notebook 06) --------------------------------------------------------

    /** The learner's pool: computes every input on worker processes from {@code workers} and returns the results in order. */
    @FunctionalInterface
    public interface Supervisor {
        List<Long> runAll(List<Long> inputs, WorkerProcess.Factory workers) throws Exception;
    }


    /**
     * Part 1: 12 inputs, and two of the worker's calls crash their process mid-task — every result must still come
     * back, in order, exactly right. Part 2: one input crashes its worker on every attempt — runAll must give up
     * after at most 3 attempts and throw. After each part no worker process may be left running.
     */
    public static Verdict workerPool(String title, Supervisor supervisor) {
        return WorkerPoolCheck.workerPool(title, supervisor);
    }

    // --- a bulkhead (notebook 07) --------------------------------------------------------------------------------

    /** The learner's server: runs each piece of work on its threads, a fast request or a slow export. */
    public interface Server extends AutoCloseable {
        /** Hands one piece of work to the server's threads; must return at once, not run it here. */
        void handle(Runnable work, boolean export);

        /** Stops every thread the server started. */
        @Override
        void close();
    }


    /**
     * The traffic of notebook 07 served by the learner's server: a fast request (1 ms) every 2 ms for 1.5 s, and 12
     * exports of 500 ms arriving together at 300 ms. Passes when every request and export finished, at most 4 exports
     * ran at once, and the fast requests' p99 latency while exports ran stayed under 250 ms.
     */
    public static Verdict bulkhead(String title, Supplier<? extends Server> factory) {
        return BulkheadCheck.bulkhead(title, factory);
    }

    // --- the memory model (notebook 09) --------------------------------------------------------------------------

    /** A flag one thread raises and another polls, e.g. to stop a worker. */
    public interface StopFlag {
        void raise();

        boolean raised();
    }

    /**
     * A stop flag that another thread must see: the declarations must make the memory model promise it (a volatile
     * or atomic field, or both methods synchronized — read by reflection, the same verdict every run), then a worker
     * spinning on {@code raised()} must leave its loop within 1 s of {@code raise()}, 12 rounds.
     */
    public static Verdict stopFlag(String title, Supplier<? extends StopFlag> factory) {
        return MemoryCheck.stopFlag(title, factory);
    }

    /** Publishes an object built from {@code value} for other threads; {@code read} returns its value, -1 before any. */
    public interface Publisher {
        void publish(int value);

        int read();
    }

    /**
     * A safe publication: the declarations must make the memory model promise a fully built object (a volatile or
     * atomic field, every field of the published object final, or both methods synchronized — read by reflection),
     * then up to 2,000 hand-offs from a writer thread to a reader thread must each read the value published.
     */
    public static Verdict publication(String title, Supplier<? extends Publisher> factory) {
        return MemoryCheck.publication(title, factory);
    }

    // --- coordinating threads (notebook 10) -----------------------------------------------------------------------

    /** A buffer of ints with a fixed capacity: {@code put} waits while it is full, {@code take} while it is empty. */
    public interface Buffer {
        void put(int item) throws InterruptedException;

        int take() throws InterruptedException;
    }

    /**
     * A bounded buffer: first a full buffer with 4 waiting producers and one take (exactly one producer may go
     * through), then 3 producers and 3 consumers through buffers of 1 and 2 (every item exactly once, no thread waiting
     * forever: no item moving for 1 s fails), then numbered items in order of arrival.
     */
    public static Verdict boundedBuffer(String title, IntFunction<? extends Buffer> factory) {
        return CoordinationCheck.boundedBuffer(title, factory);
    }

    /** The learner's "wait for all workers": runs every task on its own thread and returns when all have finished. */
    @FunctionalInterface
    public interface AllRunner {
        void runAll(List<Runnable> tasks) throws Exception;
    }

    /** 5 rounds of 16 tasks (5–40 ms each): runAll must return only after all finished, and run them at the same time. */
    public static Verdict waitForAll(String title, AllRunner runner) {
        return CoordinationCheck.waitForAll(title, runner);
    }

    /** A cache of one (key, value) pair, written together and read together. */
    public interface PairCache {
        void write(long key, long value);

        /** {key, value} of one write. */
        long[] read();
    }

    /** Busy for about 2 µs: widens the gap between a writer's two stores, so a torn read shows. */
    public static void pause() {
        long end = System.nanoTime() + 2_000;
        while (System.nanoTime() - end < 0) Thread.onSpinWait();
    }

    /** A writer writes (i, i) without pause while 2 readers read for 2 s: any read with key != value fails. */
    public static Verdict pairCache(String title, Supplier<? extends PairCache> factory) {
        return CoordinationCheck.pairCache(title, factory);
    }
}
