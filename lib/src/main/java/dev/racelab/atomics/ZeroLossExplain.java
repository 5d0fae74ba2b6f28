package dev.racelab.atomics;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import java.util.List;

/**
 * One sentence for several start-gate runs of thread-safe counters (notebook 04 §3), in a form that does not change
 * with the counts: how many trials each ran, how many of them really raced (only those are evidence), and the
 * largest loss seen, or "no data" for a run that finished no trial. {@code ZeroLossExplain.of(results)}
 */
public final class ZeroLossExplain {
    private ZeroLossExplain() {}

    public static Prose of(List<Result> gates) {
        if (gates.isEmpty()) throw new IllegalArgumentException("name at least one start-gate result");
        Prose p = new Prose();
        StringBuilder list = new StringBuilder();
        long lostWorst = 0;
        boolean anyData = false;
        for (int i = 0; i < gates.size(); i++) {
            Result r = gates.get(i);
            long n = (long) r.value("trials");
            p.set("label" + i, String.valueOf(r.params().get("counter"))).set("n" + i, n, "%,.0f");
            if (list.length() > 0) list.append(i == gates.size() - 1 ? " and " : ", ");
            if (n == 0) {
                list.append("`{label").append(i).append("}` no trial (no data)");
                continue;
            }
            anyData = true;
            lostWorst = Math.max(lostWorst, (long) r.value("max_lost"));
            p.set("raced" + i, r.value("trials_together"), "%,.0f");
            list.append("`{label").append(i).append("}` {n").append(i).append("} trials, {raced").append(i)
                    .append("} of which really raced");
        }
        p.set("worst", lostWorst, "%,.0f");
        p.add("Start-gate trials: " + list + ".");
        if (anyData) p.add("The largest loss in any trial: {worst} updates.");
        p.add("Only trials that really raced are evidence — a trial whose threads took turns cannot lose an update "
                + "with any counter — and a zero over few raced trials says little; the counts above say how strong "
                + "this run's test was.");
        String cpu = gates.get(0).conditions().sentence();
        if (!cpu.isEmpty()) p.addLoad(cpu); // the moment's load, not a conclusion
        return p;
    }
}
