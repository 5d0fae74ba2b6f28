package dev.racelab.exercises;

import dev.racelab.exercises.Checks.*;
import dev.racelab.core.Require;
import dev.racelab.core.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The check behind {@code Checks} for a bulkhead (notebook 07); see the facade for what it asks of the learner. */
final class BulkheadCheck {
    private BulkheadCheck() {}

    /** Exports sent at once: three times the cap, so a pool that does not cap them shows it. */
    static final int EXPORTS = 12;
    /** The most exports the exercise allows at once. */
    static final int MAX_EXPORTS = 4;

    /**
     * The traffic of notebook 07 served by the learner's server: a fast request (1 ms) every 2 ms for 1.5 s, and 12
     * exports of 500 ms arriving together at 300 ms. Passes when every request and export finished, no more than 4
     * exports ran at once, and the fast requests' p99 latency while exports ran stayed under half an export (250 ms).
     * Every shared pool fails one way or the other: with 4 workers or fewer the exports take all of them and the fast
     * requests wait for whole exports (≥ 500 ms, structurally, whatever the load); with more, more than 4 exports run
     * at once. The two counts are structural (how many ran at once, who waited for a whole export), not timings that
     * a busy machine could push over a line, so the verdict does not depend on the load.
     */
    static Verdict bulkhead(String title, Supplier<? extends Server> factory) {
        Require.notNull("server factory", factory);
        return Exercise.check(title, () -> {
            long exportMs = 500;
            dev.racelab.scheduling.SlowExports traffic = dev.racelab.scheduling.SlowExports.of().exports(EXPORTS)
                    .exportMillis(exportMs).durationMillis(1_500).intervalMillis(2);
            java.util.Set<Thread> platform = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger virtual = new AtomicInteger();
            AtomicInteger exportsNow = new AtomicInteger(), exportsMax = new AtomicInteger();
            dev.racelab.core.DataTable rows;
            try (Server server = factory.get()) {
                java.util.function.Function<Boolean, java.util.concurrent.Executor> via = export -> work -> server.handle(() -> {
                    Thread t = Thread.currentThread();
                    if (t.isVirtual()) virtual.incrementAndGet(); else platform.add(t);
                    if (!export) {
                        work.run();
                        return;
                    }
                    exportsMax.accumulateAndGet(exportsNow.incrementAndGet(), Math::max);
                    try {
                        work.run();
                    } finally {
                        exportsNow.decrementAndGet();
                    }
                }, export);
                rows = traffic.serve("your server", via.apply(false), via.apply(true));
            } catch (IllegalStateException e) {
                if (Exercise.notYetIn(e) != null) throw e;
                return Exercise.fail("%s", e.getMessage());
            }
            double from = traffic.exportAtMillis(), to = from + exportMs;
            dev.racelab.core.DataTable req = rows.where("kind", "request");
            double[] arrival = req.doubles("arrival_ms"), latency = req.doubles("latency_ms");
            List<Double> during = new ArrayList<>(), before = new ArrayList<>();
            for (int i = 0; i < arrival.length; i++) {
                if (arrival[i] >= from && arrival[i] < to) during.add(latency[i]);
                else if (arrival[i] < from) before.add(latency[i]);
            }
            Stats d = Stats.of(during.stream().mapToDouble(Double::doubleValue).toArray());
            Stats b = Stats.of(before.stream().mapToDouble(Double::doubleValue).toArray());
            Stats exports = Stats.of(rows.where("kind", "export").doubles("latency_ms"));
            String threads = platform.isEmpty() ? String.format(java.util.Locale.ROOT, "%,d virtual threads", virtual.get())
                    : String.format(java.util.Locale.ROOT, "%d platform threads%s", platform.size(),
                    virtual.get() > 0 ? " and virtual ones" : "");
            // the cap first: it is a count, so no load can change it
            if (exportsMax.get() > MAX_EXPORTS) {
                return Exercise.fail("%d exports ran at once (at most %d allowed): the exports are not capped — a bigger "
                        + "shared pool, or a thread per export, lets every click start one", exportsMax.get(), MAX_EXPORTS)
                        .detail("fast requests took p99 %.1f ms meanwhile; your server ran the work on %s", d.percentile(99), threads);
            }
            if (d.percentile(99) > exportMs / 2.0) {
                return Exercise.fail("while %d exports ran, fast requests waited up to %.0f ms (p99 %.0f ms; before the "
                        + "exports p99 %.1f ms): they queued behind the exports", EXPORTS, d.max(), d.percentile(99), b.percentile(99))
                        .detail("your server ran the work on %s; at most %d exports ran at once", threads, exportsMax.get());
            }
            Exercise.Outcome o = Exercise.pass("while %d exports of %d ms waited their turn (at most %d at once), fast "
                    + "requests took p99 %.1f ms (max %.1f ms; before the exports p99 %.1f ms); all %,d requests and %d exports "
                    + "finished, the last export after %.0f ms; the work ran on %s", EXPORTS, exportMs, exportsMax.get(),
                    d.percentile(99), d.max(), b.percentile(99), arrival.length, EXPORTS, exports.max(), threads);
            if (platform.size() > 8) {
                o.detail("That is a thread for nearly every concurrent piece of work: 1,000 exports at once would start "
                        + "1,000 threads. A bulkhead caps the exports' threads; virtual threads make the cap cheap.");
            }
            return o;
        });
    }


}
