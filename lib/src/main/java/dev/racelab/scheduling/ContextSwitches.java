package dev.racelab.scheduling;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.CategoryDataset;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import dev.racelab.core.Stats;
import dev.racelab.processes.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Voluntary and involuntary context switches per thread, as Linux counts them in
 * {@code /proc/self/task/<tid>/status}: read by each thread before and after its part of an experiment. A thread
 * that blocks gives up its core (voluntary); a thread the scheduler takes off a core to run another is preempted
 * (involuntary). Other systems have no such file: the result then says so and measures nothing.
 * {@code ContextSwitches.of().run()}
 */
public final class ContextSwitches {
    static final Path SELF = Path.of("/proc/thread-self/status");
    /** Where a bar of exactly 0 is drawn on the log axis (no mean of whole counts over few threads lands here). */
    static final double ZERO_BAR = 0.4999;

    private int handoffs;
    private double cpuMillis;
    private int oversubscription = 4;

    private ContextSwitches() {
        handoffs = Profile.quickOrFull(5_000, 50_000);
        cpuMillis = Profile.quickOrFull(60.0, 1_000.0);
    }

    public static ContextSwitches of() {
        return new ContextSwitches();
    }

    /** A range {@code handoffs} checks; its terminal option's help names the same constant. */
    public static final String HANDOFFS_RANGE = "1..10000000";

    /** Round trips of the blocking ping-pong ({@value #HANDOFFS_RANGE}). */
    public ContextSwitches handoffs(int n) {
        this.handoffs = Require.inRange("hand-offs", n, HANDOFFS_RANGE);
        return this;
    }

    /** A range {@code cpuMillis} checks; its terminal option's help names the same constant. */
    public static final String CPU_MILLIS_RANGE = "1..60000";

    /** CPU work per thread in the CPU-bound scenarios, in ms ({@value #CPU_MILLIS_RANGE}). */
    public ContextSwitches cpuMillis(double ms) {
        this.cpuMillis = Require.inRange("CPU work per thread (ms)", ms, CPU_MILLIS_RANGE);
        return this;
    }

    /** A range {@code oversubscription} checks; its terminal option's help names the same constant. */
    public static final String THREADS_PER_CORE_RANGE = "2..64";

    /** Threads per core in the oversubscribed scenario ({@value #THREADS_PER_CORE_RANGE}). */
    public ContextSwitches oversubscription(int threadsPerCore) {
        this.oversubscription = Require.inRange("threads per core", threadsPerCore, THREADS_PER_CORE_RANGE);
        return this;
    }

    /** What the counts say; the words do not depend on the counts' size, only on which counts exist. */
    static dev.racelab.core.Prose explain(Result r) {
        if (r.value("supported") != 1) {
            return dev.racelab.core.Prose.of("This system has no per-thread switch counters in /proc (they are Linux's), so "
                    + "this part was skipped.");
        }
        return new dev.racelab.core.Prose()
                .set("pv", r.value("pingpong_voluntary"), "%,.0f").set("pi", r.value("pingpong_involuntary"), "%,.0f")
                .set("h", r.value("handoffs"), "%,.0f").set("ov", r.value("cpu_oversubscribed_voluntary"), "%.0f")
                .set("fi", r.value("cpu_fit_involuntary"), "%.1f").set("oi", r.value("cpu_oversubscribed_involuntary"), "%.1f")
                .set("k", ((Number) r.params().get("threads_per_core")).doubleValue(), "%.0f")
                .set("ms", ((Number) r.params().get("cpu_ms_per_thread")).doubleValue(), "%.0f")
                .add("In the ping-pong each thread blocked {pv} times for {h} round trips — a voluntary switch per hand-off — "
                        + "and was preempted {pi} times besides: a thread it woke on its own core took the core before it "
                        + "could park, and other programs' threads took turns too.")
                .add("CPU-bound threads ({ms} ms of work each) hardly ever block ({ov} voluntary), but they are preempted: "
                        + "{fi} involuntary switches per thread with one thread per core, {oi} with {k} threads per core. "
                        + "On a machine where other programs run, one thread per core is preempted too: the counts measure the "
                        + "machine's whole load, not only this experiment's threads.")
                .add(r.conditions().sentence());
    }

    /** True where the per-thread counters exist (Linux). */
    public static boolean supported() {
        return Files.isReadable(SELF);
    }

    /** The calling thread's {voluntary, involuntary} context switches so far. */
    public static long[] self() {
        long vol = -1, inv = -1;
        try {
            for (String l : Files.readAllLines(SELF)) {
                if (l.startsWith("voluntary_ctxt_switches:")) vol = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
                else if (l.startsWith("nonvoluntary_ctxt_switches:")) inv = Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SELF + ": " + e.getMessage(), e);
        }
        return new long[] {vol, inv};
    }

    public Result run() {
        int cores = Runtime.getRuntime().availableProcessors();
        Result.Builder b = Result.builder("context-switches", "Context switches per thread, counted by Linux")
                .param("handoffs", handoffs).param("cpu_ms_per_thread", cpuMillis).param("threads_per_core", oversubscription);
        DataTable t = new DataTable("scenario", "thread", "voluntary", "involuntary", "wall_ms");
        if (!supported()) {
            b.note("Skipped: this system has no " + SELF + " (the per-thread counters are Linux's).");
            b.figure("supported", 0, "");
            return b.samples(t).explainer(ContextSwitches::explain).build();
        }
        long rounds = Workload.roundsFor(cpuMillis);
        String pingPong = String.format(Locale.ROOT, "ping-pong, %,d blocking hand-offs", handoffs);
        String fit = String.format(Locale.ROOT, "CPU-bound, %d threads on %d cores", cores, cores);
        String over = String.format(Locale.ROOT, "CPU-bound, %d threads on %d cores", cores * oversubscription, cores);
        pingPong(pingPong, t);
        cpu(fit, cores, rounds, t);
        cpu(over, cores * oversubscription, rounds, t);
        b.samples(t);
        b.figure("supported", 1, "");
        // scenario, then its figure names spelled out, so that a search for a name a notebook reads finds this line
        String[][] keys = {{pingPong, "pingpong_voluntary", "pingpong_involuntary"}, {fit, "cpu_fit_voluntary", "cpu_fit_involuntary"},
                {over, "cpu_oversubscribed_voluntary", "cpu_oversubscribed_involuntary"}};
        for (String[] k : keys) {
            DataTable rows = t.where("scenario", k[0]);
            b.figure(k[1], Stats.of(rows.doubles("voluntary")).mean(), "per thread (mean)");
            b.figure(k[2], Stats.of(rows.doubles("involuntary")).mean(), "per thread (mean)");
        }
        b.figure("handoffs", handoffs, "round trips per thread");
        b.explainer(ContextSwitches::explain);
        b.note("Each thread read its own counters just before and just after its part; the numbers are its own, not the process's.");
        b.chart(r -> {
            Map<String, Map<String, Number>> v = new LinkedHashMap<>();
            v.put("voluntary (blocked)", new LinkedHashMap<>());
            v.put("involuntary (preempted)", new LinkedHashMap<>());
            for (String[] k : keys) {
                DataTable rows = r.samples().where("scenario", k[0]);
                double vol = Stats.of(rows.doubles("voluntary")).mean(), inv = Stats.of(rows.doubles("involuntary")).mean();
                v.get("voluntary (blocked)").put(k[0], vol > 0 ? vol : ZERO_BAR); // a log axis has no 0
                v.get("involuntary (preempted)").put(k[0], inv > 0 ? inv : ZERO_BAR);
            }
            Chart c = Charts.wrapCategoryLabels(Charts.bars("Context switches per thread (mean; log scale, 0 drawn as a stub)", "",
                    "switches per thread", v, true), 2);
            BarRenderer bars = (BarRenderer) c.jfree().getCategoryPlot().getRenderer();
            bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("#,##0.#")) {
                @Override
                public String generateLabel(CategoryDataset data, int row, int column) {
                    Number n = data.getValue(row, column);
                    return n != null && n.doubleValue() == ZERO_BAR ? "0" : super.generateLabel(data, row, column);
                }
            });
            return c;
        });
        return b.build();
    }

    private void pingPong(String scenario, DataTable t) {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        long[][] counts = new long[2][];
        long t0 = System.nanoTime();
        try (Crew crew = Crew.platform("pingpong")) {
            crew.start(() -> {
                long[] before = self();
                try {
                    for (int i = 0; i < handoffs; i++) pong.put(ping.take());
                } catch (InterruptedException e) {
                    return;
                }
                counts[1] = diff(before, self());
            });
            long[] before = self();
            try {
                for (int i = 0; i < handoffs; i++) {
                    if (!ping.offer(i, 10, TimeUnit.SECONDS) || pong.poll(10, TimeUnit.SECONDS) == null) {
                        throw new IllegalStateException("the ping-pong partner stopped answering");
                    }
                }
            } catch (InterruptedException e) {
                throw Budget.interrupted();
            }
            counts[0] = diff(before, self());
            crew.joinAll(Duration.ofSeconds(10));
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < 2; i++) t.add(scenario, i == 0 ? "ping (caller)" : "pong", counts[i][0], counts[i][1], wall);
    }

    private static void cpu(String scenario, int n, long rounds, DataTable t) {
        long[][] counts = new long[n][];
        CountDownLatch go = new CountDownLatch(1);
        long t0;
        try (Crew crew = Crew.platform("switch-cpu")) {
            for (int i = 0; i < n; i++) {
                int id = i;
                crew.start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long[] before = self();
                    Workload.cpu(rounds);
                    counts[id] = diff(before, self());
                });
            }
            t0 = System.nanoTime();
            go.countDown();
            if (!crew.joinAll(Duration.ofSeconds(120))) throw new IllegalStateException("CPU threads did not finish within 120 s");
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < n; i++) t.add(scenario, "worker " + i, counts[i][0], counts[i][1], wall);
    }

    private static long[] diff(long[] before, long[] after) {
        return new long[] {after[0] - before[0], after[1] - before[1]};
    }

    /** Voluntary and involuntary switches of the calling thread while {@code work} runs in it. */
    public static long[] during(Runnable work) {
        long[] before = self();
        work.run();
        return diff(before, self());
    }
}
