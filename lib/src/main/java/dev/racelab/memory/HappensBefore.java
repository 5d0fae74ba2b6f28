package dev.racelab.memory;

import dev.racelab.chart.Chart;
import dev.racelab.chart.Charts;
import dev.racelab.chart.Diagrams;
import dev.racelab.chart.Diagrams.Arrow;
import dev.racelab.chart.Diagrams.Event;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The happens-before edges behind notebook 09's experiments, drawn on a timeline (threads as lanes, time downward),
 * and a table of which edge forbade which outcome, with the counts measured with the edge and without it.
 * {@code litmus.happensBefore(visibility)}
 */
public final class HappensBefore {
    private HappensBefore() {}

    static final Map<String, Paint> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(Litmus.Edge.PROGRAM_ORDER.label, new Color(0x999999));
        KINDS.put(Litmus.Edge.START_JOIN.label, new Color(0x0072B2));
        KINDS.put(Litmus.Edge.VOLATILE.label, Charts.FORBIDDEN);
        KINDS.put(Litmus.Edge.VOLATILE_ORDER.label + " (one of the two)", new Color(0xCC79A7));
        KINDS.put(Litmus.Edge.FINAL.label, new Color(0x009E73));
        KINDS.put(Litmus.Edge.MONITOR.label, new Color(0xE69F00));
    }

    /** One row of the table: an experiment, its edge, and the test pair (with the edge, without it). */
    record Row(String experiment, Litmus.Edge edge, String from, String to, String outcome, Litmus with, Litmus without) {
        /** What one count counts: runs of the stop flag, samples of a JCStress test. */
        String unit() { return with == null ? "runs" : "samples"; }
    }

    static final List<Row> ROWS = List.of(
            new Row("§1 stop flag", Litmus.Edge.VOLATILE, "`stop = true`", "the read that sees it", "a worker spinning on after the flag", null, null),
            new Row("§2 message passing", Litmus.Edge.VOLATILE, "`flag = 1`", "`r1 = flag` (sees 1)", "`(1, 0)`", Litmus.MP_VOLATILE, Litmus.MP_PLAIN),
            new Row("§2 store buffering", Litmus.Edge.VOLATILE_ORDER, "`x = 1` or `y = 1`", "the other thread's read", "`(0, 0)`", Litmus.SB_VOLATILE, Litmus.SB_PLAIN),
            new Row("§3 final field", Litmus.Edge.FINAL, "the constructor's freeze", "`b.x` after `b = box`", "`0` (a half-built object)", Litmus.PUB_FINAL, Litmus.PUB_PLAIN),
            new Row("§3 volatile field", Litmus.Edge.VOLATILE, "`box = b`", "`b = box` (sees it)", "`0` (a half-built object)", Litmus.PUB_VOLATILE, Litmus.PUB_PLAIN),
            new Row("§3 locked holder", Litmus.Edge.MONITOR, "the writer's unlock", "the reader's lock", "`0` (a half-built object)", Litmus.PUB_LOCKED, Litmus.PUB_PLAIN),
            new Row("§3 double-checked locking", Litmus.Edge.VOLATILE, "`instance = s`", "the unlocked read that sees it", "`0` (a half-built object)", Litmus.DCL_VOLATILE, Litmus.DCL_BROKEN));

    static Result of(Reordering litmus) {
        return of(litmus, null);
    }

    /** The table with the stop-flag row filled from a {@link Visibility} result (null: that row has no data). */
    static Result of(Reordering litmus, Result visibility) {
        Result.Builder b = Result.builder("happens-before", "Happens-before: which edge forbade which outcome");
        DataTable t = new DataTable("experiment", "edge", "from", "to", "forbids", "seen with the edge", "samples with",
                "seen without it", "samples without");
        int i = 0;
        for (Row r : ROWS) {
            long[] with, without;
            if (r.with() == null) {
                with = visibility == null ? null : new long[] {(long) visibility.value("volatile_runs"), (long) visibility.value("volatile_never")};
                without = visibility == null ? null : new long[] {(long) visibility.value("plain_runs"), (long) visibility.value("plain_never")};
            } else {
                with = litmus == null ? null : litmus.counts(r.with());
                without = litmus == null ? null : litmus.counts(r.without());
            }
            t.add(r.experiment(), r.edge().label, plain(r.from()), plain(r.to()), plain(r.outcome()),
                    with == null ? "no data" : with[1], with == null ? "no data" : with[0],
                    without == null ? "no data" : without[1], without == null ? "no data" : without[0]);
            String k = "e" + i++;
            b.figure(k + "_with_n", with == null ? 0 : with[0], "").figure(k + "_with_seen", with == null ? 0 : with[1], "")
                    .figure(k + "_with_share", with == null ? Interval.empty() : Interval.wilson(with[1], with[0]), "")
                    .figure(k + "_without_n", without == null ? 0 : without[0], "").figure(k + "_without_seen", without == null ? 0 : without[1], "")
                    .figure(k + "_without_share", without == null ? Interval.empty() : Interval.wilson(without[1], without[0]), "");
        }
        return b.samples(t).showSamples()
                .note("Edges from the Java Language Specification, 17.4.5 (happens-before) and 17.5 (final fields). The stop-flag "
                        + "counts are runs (worker never stopped); the others are JCStress samples (the forbidden or interesting outcome).")
                .chart(res -> diagram())
                .explainer(HappensBefore::explain)
                .build();
    }

    /** The timeline: five experiments, two threads each, with their edges. */
    static Chart diagram() {
        List<String> lanes = List.of("flag: main", "flag: worker", " ", "MP: writer", "MP: reader", "  ", "SB: alpha", "SB: beta",
                "   ", "final: writer", "final: reader", "    ", "lock: writer", "lock: reader");
        List<Event> ev = new ArrayList<>();
        List<Arrow> ar = new ArrayList<>();
        String po = Litmus.Edge.PROGRAM_ORDER.label, sj = Litmus.Edge.START_JOIN.label, vol = Litmus.Edge.VOLATILE.label;
        // §1 the stop flag: start, the volatile write and the read that sees it, join
        int start = add(ev, 0, 1, "t.start()"), first = add(ev, 1, 1.6, "first loop test");
        int set = add(ev, 0, 3, "stop = true"), sees = add(ev, 1, 3.6, "reads stop: true");
        int done = add(ev, 1, 4.2, "leaves the loop"), join = add(ev, 0, 4.8, "t.join() returns");
        ar.add(new Arrow(start, first, sj, false));
        ar.add(new Arrow(start, set, po, false));
        ar.add(new Arrow(set, sees, vol, false));
        ar.add(new Arrow(first, sees, po, false));
        ar.add(new Arrow(sees, done, po, false));
        ar.add(new Arrow(done, join, sj, false));
        // §2 message passing through a volatile flag
        int d = add(ev, 3, 1, "data = 1"), f = add(ev, 3, 2, "flag = 1"), r1 = add(ev, 4, 3, "r1 = flag → 1"), r2 = add(ev, 4, 4, "r2 = data → 1");
        ar.add(new Arrow(d, f, po, false));
        ar.add(new Arrow(f, r1, vol, false));
        ar.add(new Arrow(r1, r2, po, false));
        // §2 store buffering with volatile fields: one of the two writes comes first in the total order
        int x = add(ev, 6, 1, "x = 1"), ry = add(ev, 6, 2.4, "r1 = y"), y = add(ev, 7, 1, "y = 1"), rx = add(ev, 7, 2.4, "r2 = x");
        String order = Litmus.Edge.VOLATILE_ORDER.label + " (one of the two)";
        ar.add(new Arrow(x, ry, po, false));
        ar.add(new Arrow(y, rx, po, false));
        ar.add(new Arrow(x, rx, order, true));
        ar.add(new Arrow(y, ry, order, true));
        // §3 a final field
        int w = add(ev, 9, 1, "x = 42 (final)"), fr = add(ev, 9, 1.8, "freeze"), pub = add(ev, 9, 2.6, "box = b");
        int rb = add(ev, 10, 3.4, "b = box"), rbx = add(ev, 10, 4.2, "b.x → 42");
        ar.add(new Arrow(w, fr, po, false));
        ar.add(new Arrow(fr, pub, po, false));
        ar.add(new Arrow(rb, rbx, po, false));
        ar.add(new Arrow(fr, rbx, Litmus.Edge.FINAL.label, false));
        // §3 a holder guarded by a lock
        int l1 = add(ev, 12, 1, "lock"), s1 = add(ev, 12, 1.8, "box = new Box()"), u1 = add(ev, 12, 2.6, "unlock");
        int l2 = add(ev, 13, 3.4, "lock"), g2 = add(ev, 13, 4.2, "b = box"), x2 = add(ev, 13, 5, "b.x → 42");
        ar.add(new Arrow(l1, s1, po, false));
        ar.add(new Arrow(s1, u1, po, false));
        ar.add(new Arrow(u1, l2, Litmus.Edge.MONITOR.label, false));
        ar.add(new Arrow(l2, g2, po, false));
        ar.add(new Arrow(g2, x2, po, false));
        return Diagrams.lanes("Happens-before edges of the experiments (time runs down each thread)", lanes, ev, ar, KINDS);
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    private static int add(List<Event> ev, int lane, double step, String text) {
        ev.add(new Event(lane, step, text));
        return ev.size() - 1;
    }

    /** One sentence per edge, one form whatever the counts (rare outcomes come and go between runs). */
    static Prose explain(Result r) {
        Prose p = new Prose();
        int i = 0;
        for (Row row : ROWS) {
            String k = "e" + i++;
            String para = i == 1 ? "" : "\n\n";
            p.set(k + "x", row.experiment()).set(k + "edge", row.edge().label).set(k + "from", row.from())
                    .set(k + "to", row.to()).set(k + "out", row.outcome()).set(k + "unit", row.unit());
            if (r.value(k + "_with_n") == 0 || r.value(k + "_without_n") == 0) {
                p.add(para + "**{" + k + "x}**: the **{" + k + "edge}** edge from {" + k + "from} to {" + k + "to} forbids {" + k
                        + "out}; this run has no measurement of it.");
                continue;
            }
            p.set(k + "ws", r.value(k + "_with_seen"), "%,.0f").set(k + "wn", r.value(k + "_with_n"), "%,.0f")
                    .set(k + "os", r.value(k + "_without_seen"), "%,.0f").set(k + "on", r.value(k + "_without_n"), "%,.0f")
                    .set(k + "oshare", r.interval(k + "_without_share").scaled(100), "%.3f %%");
            p.add(para + "**{" + k + "x}**: the **{" + k + "edge}** edge from {" + k + "from} to {" + k + "to} forbids {" + k + "out}. "
                    + "With the edge: {" + k + "ws} in {" + k + "wn} {" + k + "unit}; without it: {" + k + "os} in {" + k + "on} {" + k
                    + "unit} ({" + k + "oshare}).");
        }
        return p;
    }
}
