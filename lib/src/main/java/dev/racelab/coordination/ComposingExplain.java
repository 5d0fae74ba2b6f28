package dev.racelab.coordination;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the composed pipeline and the Fork/Join sum say: "faster" only where the intervals separate; the failure
 * case names what a combined future does not do (cancel the others). {@code Composing.pipeline().run().explain()}
 */
final class ComposingExplain {
    private ComposingExplain() {}

    static Prose pipeline(Result r) {
        Prose p = new Prose().set("n", ((Number) r.params().get("requests")).doubleValue(), "%.0f")
                .set("fetch", ((Number) r.params().get("fetch_ms")).doubleValue(), "%.0f ms");
        if (r.value("wrong_results") > 0) {
            return p.set("w", r.value("wrong_results"), "%.0f").add("{w} runs computed a wrong total: report it with this output.");
        }
        Interval seq = r.interval("sequential_ms"), cf = r.interval("composed_ms");
        p.set("seq", seq, "%,.0f ms").set("cf", cf, "%,.0f ms").set("x", r.interval("speedup"), "%.1f×");
        p.add("{n} requests, each a {fetch} fetch and a short parse: one after the other took {seq}, composed with "
                + "`CompletableFuture` {cf} (medians, every total correct).");
        // one form: "faster" and "within the noise" alternated between runs on the same machine (a few repeats, a busy
        // moment widens the sequential median's interval); the speed-up with its interval and one reading rule
        p.add("One after the other over composed: {x}. Composed, the fetches can wait at the same time, even on few cores, "
                + "because a waiting thread needs no core: an interval above 1× shows they did; one that contains 1× cannot "
                + "tell the two apart in this run; one below 1× means composing was slower, which the waiting alone cannot "
                + "explain: the machine was starved.");
        double sib = r.value("siblings_finished_after_failure");
        if (r.value("failure_surfaced") == 1) {
            p.set("sib", sib, "%.0f").set("others", ((Number) r.params().get("requests")).doubleValue() - 1, "%.0f").set("fms", r.value("failure_ms"), "%,.0f ms")
                    .add("\n\nThen fetch 0 failed at once: the combined future failed too, but only after {fms} — `allOf` "
                            + "waits for every part — and {sib} of the {others} other fetches still ran to the end. Nothing "
                            + "cancelled them: a future does not own the work it describes. Structured concurrency "
                            + "(below) is the answer to that.");
        } else {
            p.add("\n\nThe failing fetch did not surface as a failure of the combined future: report it with this output.");
        }
        return p;
    }

    static Prose forkJoin(Result r) {
        String[] ws = String.valueOf(r.params().get("workers")).split(",");
        Prose p = new Prose().set("size", ((Number) r.params().get("size")).doubleValue(), "%,.0f")
                .set("cores", ((Number) r.params().get("cores")).doubleValue(), "%.0f");
        if (r.value("distinct_sums") != 1) {
            return p.add("The runs disagreed on the sum: report it with this output.");
        }
        p.set("one", ws[0].equals("1") ? "one worker" : ws[0] + " workers").set("t1", r.interval("w" + ws[0] + "_ms"), "%,.1f ms")
                .add("Every run computed the same sum of {size} elements. With {one} it took {t1} (median).");
        for (int i = 1; i < ws.length; i++) {
            String w = ws[i];
            Interval sp = r.interval("w" + w + "_speedup");
            p.set("w" + w, w).set("t" + w, r.interval("w" + w + "_ms"), "%,.1f ms").set("sp" + w, sp, "%.2f×")
                    .set("st" + w, r.interval("w" + w + "_steals"), "%,.0f");
            p.add("With {w" + w + "} workers: {t" + w + "}, " + (sp.isEmpty() ? "no data on the speedup" : "a speedup of {sp"
                    + w + "}") + "; the pool counted {st" + w + "} steals per run (median) — tasks an idle worker took "
                    + "from another's deque.");
        }
        // one form, not a verdict per worker count: "faster" and "within the noise" alternated with the load of the
        // moment (named by the CPU sentence after it); the speedups' intervals carry the result
        p.add("Only a speedup whose whole interval lies above 1× shows the halves running at the same time; at or below "
                + "it, splitting and stealing cost what the cores gave back.");
        String c = r.conditions().sentence();
        return p.addIf(!c.isEmpty(), c);
    }
}
