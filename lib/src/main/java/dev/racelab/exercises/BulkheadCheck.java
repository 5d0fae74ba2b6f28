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

    /**
     * The traffic of notebook 07 served by the learner's server: a fast request (1 ms) every 2 ms for 1.5 s, and 4
     * exports of 500 ms arriving together at 300 ms. Passes when every request and export finished and the fast
     * requests' p99 latency while exports ran stayed under 100 ms (a shared pool of 4 makes them wait ~500 ms).
     */
    static Verdict bulkhead(String title, Supplier<? extends Server> factory) {
        Require.notNull("server factory", factory);
        return Exercise.check(title, () -> {
            long exportMs = 500;
            dev.racelab.scheduling.SlowExports traffic = dev.racelab.scheduling.SlowExports.of().exports(4)
                    .exportMillis(exportMs).durationMillis(1_500).intervalMillis(2);
            java.util.Set<Thread> platform = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger virtual = new AtomicInteger();
            dev.racelab.core.DataTable rows;
            try (Server server = factory.get()) {
                java.util.function.Function<Boolean, java.util.concurrent.Executor> via = export -> work -> server.handle(() -> {
                    Thread t = Thread.currentThread();
                    if (t.isVirtual()) virtual.incrementAndGet(); else platform.add(t);
                    work.run();
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
            if (d.percentile(99) > exportMs / 5.0) {
                return Exercise.fail("while 4 exports ran, fast requests waited up to %.0f ms (p99 %.0f ms; before the "
                        + "exports p99 %.1f ms): they queued behind the exports", d.max(), d.percentile(99), b.percentile(99))
                        .detail("your server ran the work on %s", threads);
            }
            Exercise.Outcome o = Exercise.pass("while 4 exports of %d ms ran, fast requests took p99 %.1f ms (max %.1f ms; "
                    + "before the exports p99 %.1f ms); all %,d requests and 4 exports finished, the last export after %.0f ms; "
                    + "the work ran on %s", exportMs, d.percentile(99), d.max(), b.percentile(99), arrival.length,
                    exports.max(), threads);
            if (platform.size() > 8) {
                o.detail("That is a thread for nearly every concurrent piece of work: 1,000 exports at once would start "
                        + "1,000 threads. A bulkhead caps the exports' threads; virtual threads make the cap cheap.");
            }
            return o;
        });
    }


}
