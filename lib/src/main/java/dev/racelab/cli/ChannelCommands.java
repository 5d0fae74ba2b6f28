package dev.racelab.cli;

import dev.racelab.channels.Backpressure;
import dev.racelab.channels.ChannelCounter;
import dev.racelab.channels.ChannelKinds;
import dev.racelab.channels.ChannelPatterns;
import dev.racelab.core.Budget;
import dev.racelab.core.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Notebook 05's experiments from the terminal. */
final class ChannelCommands {

    /** This notebook's commands, in the order `exp --help` lists them: a new experiment's command is added here. */
    static final java.util.List<Class<?>> ALL = java.util.List.of(CounterCmd.class, KindsCmd.class, BackpressureCmd.class, PipelineCmd.class, FanOutCmd.class, TimeoutCmd.class);
    private ChannelCommands() {}

    @Command(name = "channel-counter", description = "A counter fed by messages to one owner thread, next to a lock and an atomic.")
    static final class CounterCmd extends ExperimentCommand {
        @Mixin
        CommonOptions.Threads threads;
        @Option(names = "--increments", description = "increments per thread (100.." + Budget.MAX_INCREMENTS + "; default from the profile)")
        Integer increments;
        @Option(names = "--capacity", description = "channel capacity (" + ChannelCounter.CAPACITY_RANGE + "; default 1024)")
        Integer capacity;
        @Option(names = "--repeats", description = "repeats per counter (" + ChannelCounter.REPEATS_RANGE + ")")
        Integer repeats;
        @Mixin
        CommonOptions.Seconds seconds;

        @Override
        protected Result run() {
            ChannelCounter c = ChannelCounter.of();
            threads.to(c::threads);
            ifGiven(increments, c::increments);
            ifGiven(capacity, c::capacity);
            ifGiven(repeats, c::repeats);
            seconds.to(c::seconds);
            return c.run();
        }
    }

    @Command(name = "channel-kinds", description = "ArrayBlockingQueue, SynchronousQueue, LinkedTransferQueue: blocking on full and empty.")
    static final class KindsCmd extends ExperimentCommand {
        @Option(names = "--capacity", description = "buffer of the ArrayBlockingQueue (" + ChannelKinds.CAPACITY_RANGE + "; default 8)")
        Integer capacity;
        @Option(names = "--messages", description = "messages per phase (" + ChannelKinds.MESSAGES_RANGE + "; default 100)")
        Integer messages;
        @Option(names = "--slow-us", description = "work of the slow side per message in µs (" + ChannelKinds.SLOW_MICROS_RANGE + "; default 300)")
        Long slowUs;

        @Override
        protected Result run() {
            ChannelKinds k = ChannelKinds.of();
            ifGiven(capacity, k::capacity);
            ifGiven(messages, k::messages);
            ifGiven(slowUs, k::slowMicros);
            return k.run();
        }
    }

    @Command(name = "backpressure", description = "Fast producer, slow consumer: unbounded versus bounded channel.")
    static final class BackpressureCmd extends ExperimentCommand {
        @Option(names = "--messages", description = "messages (" + Backpressure.MESSAGES_RANGE + "; default from the profile)")
        Integer messages;
        @Option(names = "--payload", description = "bytes per message (" + Backpressure.PAYLOAD_RANGE + "; default 1024)")
        Integer payload;
        @Option(names = "--capacity", description = "capacity of the bounded channel (" + Backpressure.CAPACITY_RANGE + "; default 100)")
        Integer capacity;
        @Option(names = "--consumer-us", description = "consumer work per message in µs (" + Backpressure.CONSUMER_MICROS_RANGE + "; default 20)")
        Long consumerUs;

        @Override
        protected Result run() {
            Backpressure p = Backpressure.of();
            ifGiven(messages, p::messages);
            ifGiven(payload, p::payloadBytes);
            ifGiven(capacity, p::capacity);
            ifGiven(consumerUs, p::consumerMicros);
            return p.run();
        }
    }

    @Command(name = "pipeline", description = "Generate → square → sum on virtual threads joined by channels, closed by a poison pill.")
    static final class PipelineCmd extends ExperimentCommand {
        @Option(names = "--numbers", defaultValue = "100000", description = "numbers to send (" + ChannelPatterns.NUMBERS_RANGE + "; default ${DEFAULT-VALUE})")
        int numbers;

        @Override
        protected Result run() {
            return ChannelPatterns.pipeline(numbers);
        }
    }

    @Command(name = "fan-out", description = "Fan-out / fan-in over pools of virtual-thread workers reading one channel.")
    static final class FanOutCmd extends ExperimentCommand {
        @Option(names = "--tasks", defaultValue = "64", description = "tasks (" + ChannelPatterns.TASKS_RANGE + "; default ${DEFAULT-VALUE})")
        int tasks;
        @Option(names = "--task-ms", defaultValue = "5", description = "blocking time per task in ms (" + ChannelPatterns.TASK_MILLIS_RANGE + "; default ${DEFAULT-VALUE})")
        long taskMs;
        @Option(names = "--workers", split = ",", defaultValue = "1,4,16,64", description = "worker counts, each " + ChannelPatterns.WORKERS_RANGE + " (default ${DEFAULT-VALUE})")
        int[] workers;

        @Override
        protected Result run() {
            return ChannelPatterns.fanOut(tasks, taskMs, workers);
        }
    }

    @Command(name = "receive-timeout", description = "Receive with a timeout (Go's select with time.After) from slow senders.")
    static final class TimeoutCmd extends ExperimentCommand {
        @Option(names = "--timeout-ms", defaultValue = "50", description = "receive timeout in ms (" + ChannelPatterns.TIMEOUT_MILLIS_RANGE + "; default ${DEFAULT-VALUE})")
        long timeoutMs;
        @Option(names = "--delays", split = ",", defaultValue = "5,20,40,60,80", description = "sender delays in ms, each " + ChannelPatterns.DELAY_MILLIS_RANGE + " (default ${DEFAULT-VALUE})")
        long[] delays;

        @Override
        protected Result run() {
            return ChannelPatterns.timeouts(timeoutMs, delays);
        }
    }
}
