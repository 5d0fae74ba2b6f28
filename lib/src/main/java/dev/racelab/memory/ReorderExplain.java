package dev.racelab.memory;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import java.util.Locale;

/**
 * What the litmus tests of one group say: per test, how often its telling outcome appeared (with its interval); for
 * an allowed outcome, whether this processor itself can produce it or only the JIT can (documented, and labelled so);
 * for a forbidden one, the happens-before edge that forbade it. {@code Reordering.run().reordering().explain()}
 */
final class ReorderExplain {
    private ReorderExplain() {}

    static Prose explain(Result r) {
        String tests = String.valueOf(r.params().get("tests"));
        String arch = String.valueOf(r.params().get("architecture"));
        Prose p = new Prose().set("arch", arch);
        if (tests.isBlank() || tests.equals("null")) {
            return p.add("JCStress returned no result for these tests: no data.");
        }
        Object notRun = r.params().get("not_run");
        if (notRun != null) {
            return p.set("why", String.valueOf(notRun)).add("JCStress did not run these tests here: {why}. No samples, so "
                    + "no verdict on any of them; on a machine with 2 cores this cell runs them. (The stop flag of §1 "
                    + "runs in child JVMs of its own and needs no second CPU.)");
        }
        long forbidden = (long) r.value("forbidden");
        if (forbidden > 0) {
            p.set("forbidden", forbidden, "%,.0f").add("**A FORBIDDEN outcome appeared {forbidden} times.** The JVM broke the "
                    + "memory model here, or a test is wrong: report it with the table above.");
        }
        int i = 0;
        for (String name : tests.split(",")) {
            Litmus l = Litmus.valueOf(name);
            String k = name.toLowerCase(Locale.ROOT);
            String s = "s" + i;
            String para = i++ == 0 && forbidden == 0 ? "" : "\n\n";
            long n = (long) r.value(k + "_samples");
            p.set(s + "label", l.label).set(s + "meaning", l.meaning).set(s + "outcome", "`" + l.outcome + "`")
                    .set(s + "n", n, "%,.0f").set(s + "seen", r.value(k + "_seen"), "%,.0f");
            if (n == 0) {
                p.add(para + "**" + l.label + "**: no samples, no data.");
                continue;
            }
            if (l.allowed()) {
                p.set(s + "share", r.interval(k + "_share").scaled(100), "%.3f %%")
                        .add(para + "**{" + s + "label}** (measured here): \"{" + s + "meaning}\" ({" + s + "outcome}) in {" + s + "seen} of {"
                                + s + "n} samples ({" + s + "share}).");
                p.add(hardware(l, arch));
            } else {
                long f = (long) r.value(k + "_forbidden");
                Interval upper = r.interval(k + "_share");
                p.set(s + "edge", l.forbiddenBy.label).set(s + "rule", l.forbiddenBy.rule)
                        .set(s + "upper", 100 * upper.high(), "%.5f %%").set(s + "f", f, "%,.0f");
                p.add(f == 0
                        ? para + "**{" + s + "label}** (measured here): \"{" + s + "meaning}\" ({" + s + "outcome}) never appeared in {" + s
                                + "n} samples (with 95 % confidence in fewer than {" + s + "upper} of them). The **{" + s + "edge}** edge "
                                + "forbids it: {" + s + "rule}."
                        : para + "**{" + s + "label}** (measured here): the FORBIDDEN outcome {" + s + "outcome} appeared {" + s + "f} times in {"
                                + s + "n} samples, although the **{" + s + "edge}** edge forbids it.");
            }
        }
        return p;
    }

    /** Why this processor can or cannot produce an allowed outcome, labelled as the documented expectation. */
    static String hardware(Litmus l, String arch) {
        if (arch.equals("x86-64")) {
            return l.x86Hardware
                    ? "x86-64 is documented to allow it in the processor itself (documented expectation): a store waits in "
                            + "the core's store buffer while the thread's later load of another address goes ahead. ARM and "
                            + "POWER allow it too."
                    : "x86-64 keeps stores in order and loads in order (documented expectation), so the processor cannot "
                            + "produce this by itself: any sample of it here came from the JIT, which may reorder or merge plain "
                            + "accesses because the memory model allows it. On ARM or POWER (documented expectation, not measured here) the "
                            + "processor may also reorder two stores or two loads, so the outcome is expected to appear more often.";
        }
        if (arch.equals("ARM")) {
            return l.armHardware
                    ? "This is an ARM processor: it is documented to reorder two stores or two loads to different addresses, "
                            + "and to let a load pass an earlier store, so the processor itself can produce this outcome. "
                            + "x86-64 (documented expectation, not measured here) "
                            + (l.x86Hardware ? "allows it too." : "keeps stores in order and loads in order: there only the JIT could.")
                    : "";
        }
        return "This course documents no expectation for processors of type {arch}; the count above is what this one did.";
    }
}
