package dev.racelab.models;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the Rust and Go runs say, chosen by what was installed, what compiled and what the runs printed and reported.
 * One sentence form whatever the counts, so a second run on the same machine reads the same.
 * {@code RaceTools.rust().run().explain()}
 */
final class RaceToolsExplain {
    private RaceToolsExplain() {}

    static Prose explain(Result r) {
        boolean rust = "rust".equals(r.params().get("language"));
        String tool = String.valueOf(r.params().get("tool"));
        Prose p = new Prose().set("tool", "`" + tool + "`").set("version", String.valueOf(r.params().get("version")))
                .set("limit", ((Number) r.params().get("compile_limit_s")).doubleValue(), "%.0f s");
        if (r.value("found") == 0) {
            p.add("{tool} is not installed on this machine, so this cell compiled and ran nothing: no data.");
            p.add(rust ? "What Rust does is described below from its documentation (the Rustonomicon, \"Data Races and "
                            + "Race Conditions\"), not measured here."
                    : "What Go's race detector does is described below from its documentation (\"Data Race Detector\"), "
                            + "not measured here.");
            return p;
        }
        Object timedOut = r.params().get("timed_out");
        if (timedOut != null) {
            return p.set("what", String.valueOf(timedOut))
                    .add("{what} did not finish within {limit} (a busy machine, or a cold build cache): it was stopped, "
                            + "and there is no data. Run the cell again.");
        }
        return rust ? rust(r, p) : go(r, p);
    }

    private static Prose rust(Result r, Prose p) {
        String codes = String.valueOf(r.params().getOrDefault("error_codes", ""));
        p.set("codes", codes.isEmpty() ? "no error code" : codes)
                .set("first", String.valueOf(r.params().getOrDefault("first_error", "")));
        if (r.value("data_race_refused") == 1) {
            p.add(codes.isEmpty() ? "{tool} ({version}) refused the data race."
                    : "{tool} ({version}) refused the data race: {codes}, *{first}*.");
        } else {
            p.add("{tool} ({version}) compiled the data race: not what safe Rust should allow.");
        }
        if (r.value("lost_update_compiled") != 1) {
            return p.add("The load-then-store counter did not compile here, so its runs are missing: no data.");
        }
        p.set("lossy", r.value("runs_with_loss"), "%,.0f").set("n", r.value("runs_done"), "%,.0f")
                .set("share", r.interval("share_with_loss").scaled(100), "%.0f %%")
                .set("max", r.value("max_lost"), "%,.0f");
        p.add("The counter made of an atomic `load` and a `store` compiled without a word, and lost updates in {lossy} "
                + "of {n} runs ({share}; at most {max} in one run).");
        p.add("Whether a run loses depends on timing, as in [notebook 02](02-data-race.ipynb); the race is in the code "
                + "either way.");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        p.add("So Rust refuses *data races* (two threads touching one location without synchronisation, at least one "
                + "writing), not *race conditions*: a read then a write, each atomic, or a check-then-act, or a read → "
                + "`await` → write, compiles in safe Rust.");
        return p;
    }

    private static Prose go(Result r, Prose p) {
        if (r.value("data_race_compiled") != 1 || r.value("lost_update_compiled") != 1) {
            return p.set("out", String.valueOf(r.params().getOrDefault("compile_output", "")))
                    .add("`go build -race` failed here ({out}): the race detector needs cgo and a C compiler. No data.");
        }
        p.set("n", r.value("data_race_runs"), "%,.0f").set("reported", r.value("data_race_runs_reported"), "%,.0f")
                .set("lossy", r.value("data_race_runs_with_loss"), "%,.0f")
                .set("an", r.value("lost_update_runs"), "%,.0f").set("areported", r.value("lost_update_runs_reported"), "%,.0f")
                .set("alossy", r.value("lost_update_runs_with_loss"), "%,.0f");
        p.add("{tool} ({version}) compiled the plain racy counter with `-race`. The race detector reported a data race "
                + "in {reported} of its {n} runs, and {lossy} of those runs printed a wrong total.");
        p.add("It reports the race whether or not a run lost anything: it watches every memory access and the "
                + "happens-before order between goroutines (the idea of ThreadSanitizer), not the result.");
        p.add("The counter made of an atomic `Load` and `Store` ran {an} times under the same detector: {areported} "
                + "reports, and {alossy} runs lost updates.");
        p.add("A race condition built from synchronised steps is no data race, so `-race` cannot see it; and it finds "
                + "only the races that a run under it executes (with code 5–10× slower), so it belongs in tests.");
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        return p;
    }
}
