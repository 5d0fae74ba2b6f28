package dev.racelab.coordination;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.Crew;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Producers and consumers on a one-slot buffer guarded by a condition: the correct forms (wait/notifyAll in a
 * {@code while} loop, a {@code Condition} per reason to wait) and the two classic bugs ({@code notify} instead of
 * {@code notifyAll}: a lost wake-up that can leave every thread waiting; {@code if} instead of {@code while}: a
 * woken thread acts on a condition that no longer holds). Each trial moves a fixed number of items; a trial that
 * stops making progress while every worker waits is a hang: it is detected, its threads are interrupted, and
 * counted. {@code GuardedBlocks.of(Variant.values()).trials(20).run()}
 */
public final class GuardedBlocks {
    /** How the buffer waits and wakes. */
    public enum Variant {
        NOTIFY_ALL_WHILE("wait/notifyAll, while", true),
        CONDITIONS("two Conditions, while", true),
        NOTIFY_WHILE("notify (one), while", false),
        NOTIFY_ALL_IF("notifyAll, if", false);

        private final String label;
        private final boolean correct;

        Variant(String label, boolean correct) {
            this.label = label;
            this.correct = correct;
        }

        public String label() { return label; }
        public boolean correct() { return correct; }
        String key() { return name().toLowerCase(); }
    }

    /** A stalled trial: no item moved for this long while every worker was waiting. */
    static final Duration STALL = Duration.ofMillis(150);

    private final List<Variant> variants;
    private int trials = Profile.quickOrFull(12, 60);
    private int items = 2_000;
    private int pairs = 3;
    private Duration budget = Duration.ofMillis(Profile.quickOrFull(3_000, 30_000));

    private GuardedBlocks(List<Variant> variants) {
        this.variants = variants;
    }

    public static GuardedBlocks of(Variant... variants) {
        if (variants.length == 0) throw new IllegalArgumentException("name at least one variant");
        return new GuardedBlocks(List.of(variants));
    }

    public GuardedBlocks trials(int n) {
        this.trials = Require.inRange("trials", n, 1, 10_000);
        return this;
    }

    /** Items each trial moves through the buffer (divided among the producers). */
    public GuardedBlocks items(int n) {
        this.items = Require.inRange("items", n, 10, 10_000_000);
        return this;
    }

    /** Producers (and as many consumers). */
    public GuardedBlocks pairs(int n) {
        this.pairs = Require.inRange("producer/consumer pairs", n, 1, 16);
        return this;
    }

    public GuardedBlocks seconds(double s) {
        this.budget = Duration.ofMillis((long) (1000 * Require.inRange("time budget (s)", s, 0.1, 600)));
        return this;
    }

    /** One slot; counts a take from an empty slot or a put into a full one (the {@code if} bug's symptom). */
    abstract static class Slot {
        int count;
        final AtomicLong misuse = new AtomicLong();

        abstract void put(int v) throws InterruptedException;

        abstract int take() throws InterruptedException;

        void store() {
            if (count == 1) misuse.incrementAndGet();
            else count = 1;
        }

        boolean load() {
            if (count == 0) {
                misuse.incrementAndGet();
                return false;
            }
            count = 0;
            return true;
        }
    }

    static Slot slot(Variant v) {
        return switch (v) {
            case NOTIFY_ALL_WHILE -> new Slot() {
                synchronized void put(int x) throws InterruptedException {
                    while (count == 1) wait();
                    store();
                    notifyAll();
                }

                synchronized int take() throws InterruptedException {
                    while (count == 0) wait();
                    boolean ok = load();
                    notifyAll();
                    return ok ? 1 : 0;
                }
            };
            case NOTIFY_WHILE -> new Slot() {
                synchronized void put(int x) throws InterruptedException {
                    while (count == 1) wait();
                    store();
                    notify(); // may wake another producer: the consumer's wake-up is lost
                }

                synchronized int take() throws InterruptedException {
                    while (count == 0) wait();
                    boolean ok = load();
                    notify();
                    return ok ? 1 : 0;
                }
            };
            case NOTIFY_ALL_IF -> new Slot() {
                synchronized void put(int x) throws InterruptedException {
                    if (count == 1) wait(); // woken, it does not look again
                    store();
                    notifyAll();
                }

                synchronized int take() throws InterruptedException {
                    if (count == 0) wait();
                    boolean ok = load();
                    notifyAll();
                    return ok ? 1 : 0;
                }
            };
            case CONDITIONS -> new Slot() {
                final ReentrantLock lock = new ReentrantLock();
                final Condition notFull = lock.newCondition(), notEmpty = lock.newCondition();

                void put(int x) throws InterruptedException {
                    lock.lockInterruptibly();
                    try {
                        while (count == 1) notFull.await();
                        store();
                        notEmpty.signal(); // one queue per reason to wait: a signal reaches a thread that can use it
                    } finally {
                        lock.unlock();
                    }
                }

                int take() throws InterruptedException {
                    lock.lockInterruptibly();
                    try {
                        while (count == 0) notEmpty.await();
                        boolean ok = load();
                        notFull.signal();
                        return ok ? 1 : 0;
                    } finally {
                        lock.unlock();
                    }
                }
            };
        };
    }

    /** "done", "hung" or "timeout", the items that moved, misuses seen, and the trial's milliseconds. */
    record Trial(String outcome, long moved, long misuse, double ms) {}

    static Trial trial(Variant v, int pairs, int items, Duration limit) {
        Slot s = slot(v);
        int each = items / pairs;
        AtomicLong moved = new AtomicLong();
        long t0 = System.nanoTime();
        String outcome;
        try (Crew crew = Crew.platform("guarded")) {
            for (int i = 0; i < pairs; i++) {
                crew.start(() -> {
                    for (int k = 0; k < each; k++) Budget.step(() -> s.put(1));
                });
                crew.start(() -> {
                    for (int k = 0; k < each; k++) {
                        int got = Budget.call(s::take);
                        moved.addAndGet(got);
                    }
                });
            }
            outcome = watch(crew, moved, t0 + limit.toNanos());
        } // close() interrupts every waiting thread: a hung trial ends here
        return new Trial(outcome, moved.get(), s.misuse.get(), (System.nanoTime() - t0) / 1e6);
    }

    /** Waits for the workers; a hang is no progress for {@link #STALL} with every live worker waiting, twice. */
    static String watch(Crew crew, AtomicLong moved, long deadline) {
        long last = -1, since = System.nanoTime();
        while (true) {
            if (crew.joinUntil(Math.min(deadline, System.nanoTime() + 10_000_000L))) return "done";
            if (System.nanoTime() - deadline >= 0) return "timeout";
            long m = moved.get();
            if (m != last) {
                last = m;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL.toNanos() && crew.allWaiting()) {
                Budget.sleep(Duration.ofMillis(20));
                if (moved.get() == m && crew.allWaiting()) return "hung";
            }
        }
    }


    public Result run() {
        DataTable t = new DataTable("variant", "trial", "outcome", "moved", "misuse", "ms");
        Budget.Meter meter = Budget.of(trials * variants.size(), budget).start();
        Duration limit = Duration.ofSeconds(3);
        int round = 0;
        outer:
        while (round < trials) {
            round++;
            for (Variant v : variants) { // interleaved: a busy moment does not fall on one variant only
                if (!meter.more()) break outer;
                Trial tr = trial(v, pairs, items, limit);
                t.add(v.label(), round, tr.outcome(), tr.moved(), tr.misuse(), tr.ms());
                meter.count();
            }
        }
        Result.Builder b = Result.builder("guarded-blocks", "Producers and consumers on a one-slot buffer")
                .param("variants", String.join(",", variants.stream().map(Variant::name).toList()))
                .param("pairs", pairs).param("items", items).param("stall_ms", STALL.toMillis())
                .param("time_budget_s", budget.toMillis() / 1000.0).samples(t).ended(meter);
        for (Variant v : variants) {
            long n = 0, hung = 0, broken = 0, timeouts = 0;
            List<Double> ms = new ArrayList<>();
            for (Object[] row : t.rows()) {
                if (!row[0].equals(v.label())) continue;
                n++;
                String o = (String) row[2];
                if (o.equals("hung")) hung++;
                if (o.equals("timeout")) timeouts++;
                if (((Number) row[4]).longValue() > 0 || (o.equals("done") && ((Number) row[3]).longValue() != (long) (items / pairs) * pairs)) broken++;
                if (o.equals("done")) ms.add(((Number) row[5]).doubleValue());
            }
            Names k = Names.of(v);
            b.figure(k.trials(), n, "trials").figure(k.hung(), hung, "trials").figure(k.broken(), broken, "trials")
                    .figure(k.timeouts(), timeouts, "trials")
                    .figure(k.shareHung(), Interval.wilson(hung, n), "").figure(k.shareBroken(), Interval.wilson(broken, n), "")
                    .figure(k.medianMs(), Interval.median(ms.stream().mapToDouble(Double::doubleValue).toArray()), "ms");
        }
        b.note(pairs + " producers and " + pairs + " consumers move " + items + " items per trial through one slot; a trial "
                + "hangs when no item moved for " + STALL.toMillis() + " ms while every worker waited (then its threads are "
                + "interrupted). \"broken\": a thread took from an empty slot or put into a full one.");
        b.explainer(GuardedExplain::explain);
        return b.chart(r -> chart(r, variants)).build();
    }

    /** Each variant's figure names, spelled out so a search from a notebook finds them (issue 17). */
    record Names(String trials, String hung, String broken, String timeouts, String shareHung, String shareBroken,
                 String medianMs) {
        static Names of(Variant v) {
            return switch (v) {
                case NOTIFY_ALL_WHILE -> new Names("notify_all_while_trials", "notify_all_while_hung",
                        "notify_all_while_broken", "notify_all_while_timeouts", "notify_all_while_share_hung",
                        "notify_all_while_share_broken", "notify_all_while_median_ms");
                case CONDITIONS -> new Names("conditions_trials", "conditions_hung", "conditions_broken",
                        "conditions_timeouts", "conditions_share_hung", "conditions_share_broken", "conditions_median_ms");
                case NOTIFY_WHILE -> new Names("notify_while_trials", "notify_while_hung", "notify_while_broken",
                        "notify_while_timeouts", "notify_while_share_hung", "notify_while_share_broken",
                        "notify_while_median_ms");
                case NOTIFY_ALL_IF -> new Names("notify_all_if_trials", "notify_all_if_hung", "notify_all_if_broken",
                        "notify_all_if_timeouts", "notify_all_if_share_hung", "notify_all_if_share_broken",
                        "notify_all_if_median_ms");
            };
        }
    }

    static dev.racelab.chart.Chart chart(Result r, List<Variant> variants) {
        List<String> cats = new ArrayList<>();
        List<Interval> ivs = new ArrayList<>();
        for (Variant v : variants) {
            cats.add(v.label() + ": hung");
            ivs.add(r.interval(Names.of(v).shareHung()).scaled(100));
            cats.add(v.label() + ": stale condition");
            ivs.add(r.interval(Names.of(v).shareBroken()).scaled(100));
        }
        double[] est = new double[ivs.size()], lo = new double[ivs.size()], hi = new double[ivs.size()];
        for (int i = 0; i < est.length; i++) {
            est[i] = ivs.get(i).estimate();
            lo[i] = ivs.get(i).low();
            hi[i] = ivs.get(i).high();
        }
        return Charts.intervalDots("Trials that went wrong, by buffer (95 % intervals)", "% of trials", cats, est, lo, hi);
    }
}
