package dev.racelab.processes;

import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What notebook 06's Python-against-Java comparison says: each setup's speed-up over one thread as the ratio of the
 * median batch times with its 95 % interval (order statistics; with few repeats that is their whole range), and the
 * GIL's story read from the ratios of those speed-ups with their intervals. {@code PythonGil.of().run().explain()}
 */
final class PythonGilExplain {
    private PythonGilExplain() {}

    static final String X = "%.2f×";

    /** Serial median over the setup's median, with the conservative interval of a ratio. */
    static Interval speedup(DataTable t, String lang, String setup) {
        double[] serial = t.where("language", lang).where("setup", "serial").doubles("wall_ms");
        double[] other = t.where("language", lang).where("setup", setup).doubles("wall_ms");
        if (serial.length == 0 || other.length == 0) return Interval.empty();
        return Interval.ratio(Interval.median(serial), Interval.median(other));
    }

    static Prose explain(Result r) {
        DataTable t = r.samples();
        Prose p = new Prose().set("n", ((Number) r.params().get("workers")).doubleValue(), "%.0f")
                .set("reps", ((Number) r.params().get("repeats")).doubleValue(), "%.0f");
        Interval jThreads = speedup(t, "Java", "threads"), jProcs = speedup(t, "Java", "processes");
        p.set("jt", jThreads, X).set("jp", jProcs, X);
        String cpu = r.conditions().sentence();
        if (r.value("python_found") != 1) {
            p.add("No Python was found, so only Java ran: {n} threads {jt}, {n} processes {jp} over one thread (ratios of "
                    + "the medians of {reps} runs, 95 % intervals).");
            if (!cpu.isEmpty()) p.add(cpu);
            return p;
        }
        Interval pyThreads = speedup(t, "Python", "threads"), pyProcs = speedup(t, "Python", "processes");
        p.set("pt", pyThreads, X).set("pp", pyProcs, X)
                .add("Python with {n} threads: {pt} over one thread; with {n} processes: {pp}. Java with {n} threads: {jt}; "
                        + "with {n} processes: {jp} (ratios of the medians of {reps} runs, 95 % intervals).");
        boolean known = PoolExplain.has(r, "python_gil");
        boolean gil = known && r.value("python_gil") == 1, noGil = known && r.value("python_gil") == 0;
        // The GIL's story needs two separations: Python's processes above its threads, and Java's threads above
        // Python's threads. Without both, this run shows no difference to explain.
        if (noGil) {
            p.add("This Python runs without a GIL (a free-threaded build), so its threads may compute in parallel too.");
        } else {
            // one form with the two ratios: "separated" and "did not separate from its processes" alternated between
            // runs of one machine; the intervals say which it was
            p.set("rp", Interval.ratio(pyProcs, pyThreads), X).set("rj", Interval.ratio(jThreads, pyThreads), X)
                    .add("Python's processes gained {rp} what its threads did, and Java's threads {rj} (ratios of the "
                            + "speed-ups). " + (gil ? "This Python has a GIL: one" : "Under a GIL one")
                            + " Python thread computes at a time, so its threads should gain less than both: a ratio whose "
                            + "interval lies above 1× shows it in this run; one that contains 1× cannot separate them (run "
                            + "the cell again on a quieter machine). Under the GIL only processes use the other cores, while "
                            + "Java's threads do on their own: that is why a JVM rarely needs a pool of processes for speed — "
                            + "it needs one for isolation (section 5).");
        }
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }
}
