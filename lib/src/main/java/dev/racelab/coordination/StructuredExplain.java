package dev.racelab.coordination;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the structured-concurrency and scoped-value runs show, with the JDK version behind each claim.
 * {@code Structured.scope().explain()}
 */
final class StructuredExplain {
    private StructuredExplain() {}

    static Prose skipped(Result r) {
        return new Prose().set("need", ((Number) r.params().get("jdk_needed")).doubleValue(), "%.0f")
                .set("run", ((Number) r.params().get("jdk_running")).doubleValue(), "%.0f")
                .add("Skipped: this kernel runs JDK {run}, and this cell is written against the API of JDK {need} "
                        + "(`StructuredTaskScope.open()`, `ScopedValue` final). Nothing was measured.");
    }

    static Prose scope(Result r) {
        long n = (long) r.value("trials");
        Prose p = new Prose().set("n", n, "%,.0f").set("jdk", ((Number) r.params().get("jdk_running")).doubleValue(), "%.0f")
                .set("sib", 4 * n, "%,.0f");
        if (n == 0) return p.add("The child JVM reported no trial: no data.");
        long cancelled = (long) r.value("siblings_cancelled"), finished = (long) r.value("siblings_finished");
        long alive = (long) r.value("threads_alive_after_scope"), failed = (long) r.value("scopes_failed");
        p.set("c", cancelled, "%,.0f").set("f", finished, "%,.0f").set("a", alive, "%,.0f").set("failed", failed, "%,.0f")
                .set("join", r.interval("median_join_after_failure_us"), "%,.0f µs");
        p.add("JDK {jdk}, preview enabled in a child JVM: in {failed} of {n} scopes the failing subtask made `join()` throw, "
                + "{join} after the failure (median).");
        if (cancelled == 4 * n && finished == 0) {
            p.add("All {sib} sleeping siblings were cancelled — interrupted mid-sleep — none ran its 5 s to the end.");
        } else {
            p.add("Of {sib} sleeping siblings {c} were cancelled and {f} ran to the end.");
        }
        p.add(alive == 0 ? "No subtask's thread was alive after its scope closed: the scope owns its threads, as a "
                + "method owns its local variables." : "{a} subtask threads were still alive after their scope closed: "
                + "report it with this output.");
        return p.add("Compare the `CompletableFuture` case above, where every other fetch ran on.");
    }

    static Prose values(Result r) {
        var ps = r.params();
        Prose p = new Prose().set("jdk", ((Number) ps.get("jdk_running")).doubleValue(), "%.0f")
                .set("tl", "`" + ps.get("threadlocal_child") + "`").set("itl", "`" + ps.get("inheritable_child") + "`")
                .set("itlAfter", "`" + ps.get("inheritable_parent_after") + "`")
                .set("plain", "`" + ps.get("scoped_plain_thread") + "`").set("fork", "`" + ps.get("scoped_scope_fork") + "`")
                .set("outside", "`" + ps.get("scoped_outside") + "`").set("rebind", "`" + ps.get("scoped_after_rebind") + "`");
        p.add("JDK {jdk}. A new thread saw its parent's `ThreadLocal` as {tl} and its `InheritableThreadLocal` as {itl} "
                + "(a copy: after the child set its own, the parent still read {itlAfter}). A `ScopedValue` bound by the "
                + "parent was {plain} in a plain new thread, {fork} in a subtask forked by a `StructuredTaskScope`, and "
                + "{outside} once the binding's `run` had returned; after a nested call rebound it to `mallory`, the "
                + "parent's code still read {rebind}. It is inherited only into the structure, never copied, and cannot "
                + "be set — only rebound for the calls inside a nested `run`.");
        Interval none = r.interval("none_bytes"), tl = r.interval("threadlocal_bytes"), sv = r.interval("scopedvalue_bytes"),
                inh = r.interval("inheritable_bytes");
        if (none.isEmpty() || tl.isEmpty() || sv.isEmpty()) return p.add("No memory figures came back: no data.");
        p.set("none", none, "%,.0f B").set("tlb", tl, "%,.0f B").set("svb", sv, "%,.0f B").set("inh", inh, "%,.0f B")
                .set("n", ((Number) ps.get("threads")).doubleValue(), "%,.0f")
                .add("\n\nHeap per parked virtual thread ({n} at once): {none} with no context, {tlb} holding a "
                        + "`ThreadLocal`, {svb} inside a `ScopedValue` binding, {inh} when the parent had an "
                        + "`InheritableThreadLocal` set.");
        // one form: whether inheriting, and the ThreadLocal against the scoped value, stood out from the garbage
        // collector's noise changed from run to run on the same machine; each difference with its interval is the
        // finding, read by one rule
        p.setDifference("di", Interval.difference(inh, none), "%+,.0f").setDifference("ds", Interval.difference(tl, sv), "%+,.0f")
                .add("Inheriting minus no context: {di} B per thread (95 % interval {diLo} to {diHi}); the `ThreadLocal` "
                        + "minus the scoped value: {ds} B ({dsLo} to {dsHi}).")
                .add("An interval above 0 for inheriting shows each child's own copy of the parent's thread-local map; one "
                        + "below 0 no mechanism explains (the garbage collector's noise is larger than the effect). For the "
                        + "`ThreadLocal` against the scoped value, above 0 shows the cost of its per-thread map and entry, below "
                        + "0 a scoped value's binding costing more. An interval that contains 0 cannot tell the two apart in "
                        + "this run: with few context values the difference is small, and what a scoped value buys first is "
                        + "that it cannot leak or be changed behind your back.");
        return p;
    }
}
