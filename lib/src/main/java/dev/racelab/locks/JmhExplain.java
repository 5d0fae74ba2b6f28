package dev.racelab.locks;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the last {@code ./course bench} says about the quick measurement against JMH: how many medians agree within
 * 30 % and how many ranges overlap, what still differs between the two methods, and whether the machine was busy
 * while they ran. {@code JmhComparison.lastBench().explain()}
 */
final class JmhExplain {
    private JmhExplain() {}

    static Prose explain(Result r) {
        double pairs = r.value("pairs"), within = r.value("within_30pct"), overlap = r.value("ranges_overlap");
        double load = r.value("load_average_1m"), cores = r.value("cores");
        Prose p = new Prose().set("pairs", pairs, "%.0f").set("within", within, "%.0f").set("overlap", overlap, "%.0f")
                .set("load", load, "%.1f").set("cores", cores, "%.0f").set("alone", r.value("alone_within_30pct"), "%.0f");
        if (Double.isNaN(overlap)) {
            p.add("The last `./course bench` was written by an older version that kept each side's best iteration, not "
                    + "medians with ranges: {within} of {pairs} quick measurements were within 30 % of JMH, but a best "
                    + "favours moments without contention. Run `./course bench` again for a fair comparison.");
        } else {
            p.add("In the last `./course bench`, {within} of {pairs} quick medians were within 30 % of JMH's median, and "
                    + "in {overlap} of {pairs} the two ranges overlapped (the methods agree within their own noise).");
        }
        if (Double.isNaN(load) || Double.isNaN(cores)) {
            p.add("The file does not say how busy the machine was.");
        } else if (load > cores) {
            p.add("The machine was busy: a load average of {load} on {cores} cores, so both sides got a changing share of "
                    + "the cores and the comparison says as much about those minutes as about the methods.");
        } else {
            p.add("The machine was not overloaded (load average {load} on {cores} cores).");
        }
        if (within < pairs) {
            p.add("What still differs by design: here every counter kind runs through one call site in one warm JVM "
                    + "(the JIT may not inline `add`), each point lasts a fraction of a second, and JMH gives each kind "
                    + "a fresh JVM with a warm-up iteration. With one kind per JVM (last column) {alone} of {pairs} were "
                    + "within 30 %.");
        }
        return p;
    }
}
