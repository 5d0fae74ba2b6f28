package dev.racelab.race;

import dev.racelab.chart.Charts;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every way two threads' {@code count++} steps can interleave, counted exactly. Each increment is three steps —
 * read memory into a register, add one to the register, write the register back — so 2 threads × k increments
 * have C(6k, 3k) interleavings; the final value depends only on how reads and writes fall.
 * {@code Interleavings.of(4).run()}, {@code Interleavings.replay(10, "ABABAB")}
 */
public final class Interleavings {
    public static final int MAX_K = 8;
    static final String[] ACTIONS = {"read", "add", "write"};

    private final int k;

    private Interleavings(int k) {
        this.k = Require.inRange("increments per thread (k)", k, 1, MAX_K);
    }

    public static Interleavings of(int k) {
        return new Interleavings(k);
    }

    /** C(6k, 3k): the number of interleavings of two threads with 3k steps each. */
    public static BigInteger count(int k) {
        return multinomial(3 * k, 3 * k);
    }

    /** (a+b)! / (a! b!). */
    static BigInteger multinomial(int a, int b) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= b; i++) r = r.multiply(BigInteger.valueOf(a + i)).divide(BigInteger.valueOf(i));
        return r;
    }

    /**
     * The exact number of interleavings ending in each final value. Walks every interleaving once, merging
     * identical states (same position in both threads, same registers, same memory) so k up to 8 stays fast;
     * {@link #enumerateNaive()} visits each one separately and agrees with it.
     */
    public Map<Long, BigInteger> distribution() {
        Map<Long, Map<Long, BigInteger>> memo = new java.util.HashMap<>();
        return new TreeMap<>(walk(0, 0, 0, 0, 0, memo));
    }

    private Map<Long, BigInteger> walk(int i, int j, int ra, int rb, int mem, Map<Long, Map<Long, BigInteger>> memo) {
        int steps = 3 * k;
        if (i == steps && j == steps) return Map.of((long) mem, BigInteger.ONE);
        long key = ((((long) i * 64 + j) * 64 + ra) * 64 + rb) * 64 + mem;
        Map<Long, BigInteger> hit = memo.get(key);
        if (hit != null) return hit;
        Map<Long, BigInteger> out = new LinkedHashMap<>();
        if (i < steps) {
            int[] s = step(i, ra, mem);
            walk(i + 1, j, s[0], rb, s[1], memo).forEach((v, c) -> out.merge(v, c, BigInteger::add));
        }
        if (j < steps) {
            int[] s = step(j, rb, mem);
            walk(i, j + 1, ra, s[0], s[1], memo).forEach((v, c) -> out.merge(v, c, BigInteger::add));
        }
        memo.put(key, out);
        return out;
    }

    /** Step {@code n} of one thread: returns {register, memory} after it. */
    static int[] step(int n, int reg, int mem) {
        return switch (n % 3) {
            case 0 -> new int[] {mem, mem};      // read
            case 1 -> new int[] {reg + 1, mem};  // add
            default -> new int[] {reg, reg};     // write
        };
    }

    /** Visits every interleaving one by one (for small k and tests): final value → number of interleavings. */
    public Map<Long, Long> enumerateNaive() {
        Require.inRange("k for naive enumeration", k, 1, 4);
        Map<Long, Long> out = new TreeMap<>();
        naive(0, 0, 0, 0, 0, out);
        return out;
    }

    private void naive(int i, int j, int ra, int rb, int mem, Map<Long, Long> out) {
        int steps = 3 * k;
        if (i == steps && j == steps) {
            out.merge((long) mem, 1L, Long::sum);
            return;
        }
        if (i < steps) { int[] s = step(i, ra, mem); naive(i + 1, j, s[0], rb, s[1], out); }
        if (j < steps) { int[] s = step(j, rb, mem); naive(i, j + 1, ra, s[0], s[1], out); }
    }

    /** The exact distribution as a result: table of final values with counts and shares, and a chart. */
    public Result run() {
        Map<Long, BigInteger> d = distribution();
        BigInteger total = count(k);
        DataTable t = new DataTable("final value", "interleavings", "share");
        Map<Long, Long> forChart = new TreeMap<>();
        d.forEach((v, c) -> {
            double share = new java.math.BigDecimal(c).divide(new java.math.BigDecimal(total), java.math.MathContext.DECIMAL64).doubleValue();
            t.add(v, c.toString(), share);
            forChart.put(v, Math.round(share * 1_000_000));
        });
        double pCorrect = t.size() == 0 ? 0 : ((Number) t.rows().get(t.size() - 1)[2]).doubleValue();
        return Result.builder("interleavings", "Every interleaving of 2 threads × " + k + " count++ (read, add, write)")
                .param("k", k)
                .samples(t).showSamples()
                .figure("interleavings", total.doubleValue(), "")
                .figure("share_correct", pCorrect, "")
                .figure("min_final", d.keySet().stream().mapToLong(Long::longValue).min().orElse(0), "")
                .note(String.format(Locale.ROOT, "C(%d, %d) = %s interleavings, each counted once.", 6 * k, 3 * k, total))
                .chart(r -> Charts.histogram("Final value if every interleaving were equally likely (2 threads × " + k + ")",
                        "final value (per million interleavings on the y axis)", forChart))
                .build();
    }

    /**
     * Replays one schedule step by step. {@code schedule} names the thread of each step, e.g. "AABBBBAA..."; it must
     * hold 3k A's and 3k B's for k increments per thread. Memory starts at {@code initial}.
     * {@code Interleavings.replay(10, "ABAABB")}: Alpha reads 10, Beta reads 10, both write 11.
     */
    public static Result replay(int initial, String schedule) {
        Require.notNull("schedule", schedule);
        long as = schedule.chars().filter(c -> c == 'A').count();
        long bs = schedule.chars().filter(c -> c == 'B').count();
        if (as + bs != schedule.length() || as != bs || as % 3 != 0 || as == 0) {
            throw new IllegalArgumentException("schedule must use only A and B, with the same multiple of 3 of each "
                    + "(3 steps per increment); got '" + schedule + "'");
        }
        DataTable t = new DataTable("step", "thread", "action", "Alpha's register", "Beta's register", "memory");
        int i = 0, j = 0, mem = initial;
        Integer ra = null, rb = null;
        for (int n = 0; n < schedule.length(); n++) {
            boolean alpha = schedule.charAt(n) == 'A';
            int pos = alpha ? i++ : j++;
            int reg = alpha ? (ra == null ? 0 : ra) : (rb == null ? 0 : rb);
            int[] s = step(pos, reg, mem);
            if (alpha) ra = s[0]; else rb = s[0];
            mem = s[1];
            String action = switch (pos % 3) {
                case 0 -> "reads " + mem + " from memory";
                case 1 -> "adds 1 in its register";
                default -> "writes " + mem + " to memory";
            };
            t.add(n + 1, alpha ? "Alpha" : "Beta", action, ra == null ? "-" : ra.toString(), rb == null ? "-" : rb.toString(), mem);
        }
        long increments = as / 3 * 2;
        long lost = initial + increments - mem;
        return Result.builder("interleaving-replay", "Replay of schedule " + schedule + " starting at " + initial)
                .param("initial", initial).param("schedule", schedule)
                .samples(t).showSamples()
                .figure("final", mem, "")
                .figure("expected", initial + increments, "")
                .figure("lost", lost, "updates")
                .build();
    }

    /**
     * The lock-step schedule: the threads alternate step by step, so for every pair of increments both read the
     * same value and both write the same result — k of the 2k updates are lost.
     */
    public static String lockstepSchedule(int k) {
        Require.inRange("k", k, 1, MAX_K);
        return "AB".repeat(3 * k);
    }

    /**
     * The exact distribution of final values next to what the start gate measured for the same k (2 threads, a
     * volatile counter): if the scheduler shuffled steps uniformly, the two would agree.
     * {@code Interleavings.versus(Interleavings.of(4).run(), StartGate.of(CounterKind.VOLATILE).increments(4).run())}
     */
    public static Result versus(Result exact, Result gate) {
        Require.notNull("exact distribution", exact);
        Require.notNull("start-gate run", gate);
        long trials = (long) gate.value("trials");
        long[] values = gate.samples().longs("value");
        DataTable t = new DataTable("final value", "all interleavings (%)", "measured (%)", "low", "high");
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        Map<String, Double> theory = new LinkedHashMap<>(), measured = new LinkedHashMap<>();
        long correct = 2L * ((Number) exact.params().get("k")).longValue();
        Result.Builder b = Result.builder("interleavings-vs-gate", "Every interleaving equally likely, against the measured gate");
        for (Object[] row : exact.samples().rows()) {
            long v = ((Number) row[0]).longValue();
            double share = ((Number) row[2]).doubleValue();
            long hits = java.util.Arrays.stream(values).filter(x -> x == v).count();
            Interval m = Interval.wilson(hits, trials);
            t.add(v, share * 100, m.estimate() * 100, m.low() * 100, m.high() * 100);
            theory.put(Long.toString(v), share * 100);
            measured.put(Long.toString(v), m.isEmpty() ? 0 : m.estimate() * 100);
            if (v == correct) {
                b.figure("uniform_share_correct", share, "");
                b.figure("measured_share_correct", m, "");
            }
        }
        bars.put("all interleavings equally likely", theory);
        bars.put("measured (" + trials + " trials)", measured);
        b.param("k", exact.params().get("k")).figure("trials", trials, "").samples(t).showSamples();
        b.chart(r -> Charts.bars("2 threads × " + exact.params().get("k") + " count++: every interleaving equally likely vs measured",
                "final value", "% of runs", bars, false));
        b.explainer(r -> {
            Interval m = r.interval("measured_share_correct");
            double u = r.value("uniform_share_correct");
            Prose p = new Prose().set("u", u * 100, "%.4f %%").set("m", m.scaled(100), "%.2f %%").set("n", trials, "%,.0f")
                    .set("correct", correct, "%,.0f")
                    .add("If the scheduler picked interleavings uniformly at random, only {u} of runs would end at {correct}. "
                            + "Measured: {m} of {n} trials.");
            if (m.isEmpty()) return p.add("No trial finished: nothing to compare.");
            return p.add(m.low() > u ? "Real schedulers don't shuffle steps: a thread runs many steps in a row, so the "
                    + "interleavings that switch threads every few nanoseconds almost never happen."
                    : m.high() < u ? "Here the correct result came even less often than under a uniform shuffle."
                    : "This run cannot tell the measured share from the uniform one (the interval contains it).");
        });
        return b.build();
    }
}
