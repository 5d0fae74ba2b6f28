package dev.racelab.coordination;

import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import java.util.Locale;

/**
 * Notebook 10's figures for {@code ./course bench} (tools/bench.d/coordination.py), one {@code name: value unit} line
 * each: StampedLock optimistic reads against ReentrantReadWriteLock at 90 % reads, and the Fork/Join speedup at 2
 * workers, each with its 95 % interval. {@code java -cp racelab-lib.jar dev.racelab.coordination.Bench [--smoke]}
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        boolean smoke = args.length > 0 && args[0].equals("--smoke");
        Result rw = ReadersWriters.of(ReadersWriters.Kind.READ_WRITE_LOCK, ReadersWriters.Kind.STAMPED_OPTIMISTIC)
                .mixes(90).threads(2).repeats(smoke ? 2 : 15).millisPerPoint(smoke ? 20 : 200).run();
        Interval st = rw.interval("stamped_optimistic_90_mops"), rl = rw.interval("read_write_lock_90_mops");
        line("stamped_optimistic_90pct_mops", st, "M ops/s (2 threads, 90 % reads, median of repeats)");
        line("rwlock_90pct_mops", rl, "M ops/s (2 threads, 90 % reads, median of repeats)");
        line("stamped_over_rwlock_90pct", Interval.ratio(st, rl), "× (ratio of medians)");
        System.out.printf(Locale.ROOT, "rw_torn_reads: %.0f reads%n", rw.value("torn_reads"));
        int size = smoke ? 1_000_000 : 32_000_000;
        Result fj = Composing.forkJoin().workers(1, 2).repeats(smoke ? 2 : 15).size(size).run();
        line("forkjoin_1w_ms", fj.interval("w1_ms"), "ms (" + size / 1_000_000 + " M-element sum, median)");
        line("forkjoin_speedup_2w", fj.interval("w2_speedup"), "× (1 worker's median time over 2 workers')");
        line("forkjoin_steals_2w", fj.interval("w2_steals"), "steals per run (median)");
        System.out.printf(Locale.ROOT, "coordination_cores: %d cores (%s)%n", Runtime.getRuntime().availableProcessors(),
                rw.conditions().describe());
    }

    static void line(String name, Interval iv, String unit) {
        System.out.printf(Locale.ROOT, "%s: %s %s [%s, %s]%n", name, iv.isEmpty() ? "nan" : String.format(Locale.ROOT, "%.4g", iv.estimate()),
                unit, String.format(Locale.ROOT, "%.4g", iv.low()), String.format(Locale.ROOT, "%.4g", iv.high()));
    }
}
