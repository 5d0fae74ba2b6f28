package dev.racelab.modelcheck;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a model check says, chosen by its verdict: the interleavings tried, the failing one in words (a lost update,
 * a deadlock with who holds and who waits, a thread that never ends), or why there is no answer (time budget,
 * compile error). {@code ModelCheck.classic().run().explain()}
 */
final class ModelCheckExplain {
    private ModelCheckExplain() {}

    static Prose explain(Result r) {
        String verdict = String.valueOf(r.params().get("verdict"));
        long n = (long) r.value("interleavings");
        long bound = ((Number) r.params().get("invocation_bound")).longValue();
        Prose p = new Prose().set("n", n, "%,.0f").set("bound", bound, "%,.0f")
                .set("code", String.valueOf(r.params().get("code")))
                .set("budget", ((Number) r.params().get("time_budget_s")).doubleValue(), "%.0f");
        switch (verdict) {
            case "pass" -> {
                p.add("The model checker ran the {code} code in {n} different interleavings and its check held in every one.");
                if (n < bound) {
                    p.add("That is every interleaving it could make by switching threads at each shared read, write and "
                            + "lock (it stopped before its bound of {bound}): for this many threads and steps, no order "
                            + "of them breaks the code — under sequential consistency; reorderings are JCStress's job.");
                } else {
                    p.add("It stopped at its bound of {bound} interleavings: no failing one among them, which is "
                            + "evidence, not a proof.");
                }
            }
            case "fail" -> {
                p.add("The model checker found an interleaving that breaks the {code} code after trying {n}.");
                Object lost = r.params().get("lost_update");
                if (lost != null) {
                    String[] f = String.valueOf(lost).split("\\|", -1);
                    p.set("reader", f[0]).set("read", f[1]).set("other", f[2]).set("otherWrote", f[3]).set("wrote", f[4])
                            .add("In it, {reader} read {read}; before it wrote back, {other} wrote {otherWrote}; then "
                                    + "{reader} wrote {wrote} over it: {other}'s update is lost. Every step is a legal "
                                    + "move of a correct machine — the bug is in the code, not in the hardware.");
                } else {
                    p.set("failure", String.valueOf(r.params().getOrDefault("failure", "")))
                            .add("Its check failed: {failure}.");
                }
            }
            case "deadlock" -> p.set("who", String.valueOf(r.params().getOrDefault("deadlock", "")))
                    .add("The model checker found a deadlock after trying {n} interleavings: {who}. Each waits for a "
                            + "lock the other holds, so neither ever goes on; taking the locks in one global order "
                            + "makes this interleaving impossible.");
            case "hung" -> p.set("hang", String.valueOf(r.params().getOrDefault("hang", "")))
                    .add("The model checker found an interleaving in which a thread never ends, after trying {n}: "
                            + "Lincheck says \"{hang}\". A thread waiting for something no other thread will do never "
                            + "finishes, whatever the scheduler does.");
            case "timeout" -> p.add("No answer: the check did not finish within its time budget of {budget} s, so it "
                    + "was stopped. Either a thread never ends or blocks forever in a way the checker cannot see (a "
                    + "sleep, a park, waiting for input), or the machine was too busy; there is no verdict on "
                    + "the code.");
            case "compile-error" -> p.set("errors", String.valueOf(r.params().getOrDefault("compile_errors", "")))
                    .add("No answer: the code did not compile ({errors}).");
            default -> p.add("No answer: the model checker itself failed (see the note above); there is no verdict on "
                    + "the {code} code.");
        }
        return p;
    }

    /**
     * The checker's trace beside the measured distribution: how rare losing orders are among all of them (counted
     * exactly), that the checker finds one for sure, and how often the hardware picked one (start gate).
     */
    static Prose together(Result r) {
        Prose p = new Prose().set("n", r.value("checker_interleavings"), "%,.0f")
                .set("k", r.value("k"), "%.0f")
                .set("all", r.value("all_interleavings"), "%,.0f")
                .set("correctN", Math.round(r.value("all_interleavings") * (1 - r.value("share_losing"))), "%,.0f")
                .set("correct", 100 * (1 - r.value("share_losing")), "%.2g %%")
                .set("trials", r.value("gate_trials"), "%,.0f");
        boolean found = r.value("checker_found") == 1;
        p.add("Of all {all} orders of 2 threads × {k} increments (counted exactly above), {correctN} ({correct}) end with "
                + "every update; all the others lose at least one.");
        if (found) p.add("The model checker does not sample: it steered the threads into a losing order after trying {n}.");
        else p.add("The model checker found no losing order in {n} tries, so its trace is missing here.");
        Interval gate = r.interval("gate_share_with_loss");
        if (gate.isEmpty() || r.value("gate_trials") == 0) {
            p.add("The start gate has no trial to compare with.");
            return p;
        }
        p.set("gate", gate.scaled(100), "%.1f %%");
        double exact = r.value("share_losing");
        p.add("The hardware, left to itself, lost updates in {gate} of {trials} start-gate trials.");
        if (gate.high() < exact) {
            p.add("That is less often than if every order were equally likely: real threads mostly run their few steps "
                    + "without being interleaved, so the losing orders the checker shows are there, but the machine "
                    + "rarely picks them — which is why a test that passes proves little.");
        } else if (gate.low() > exact) {
            p.add("That is more often than if every order were equally likely: when the threads overlap, the machine "
                    + "favours the orders that lose.");
        } else {
            p.add("Within the noise of this run, that is as often as if every order were equally likely.");
        }
        String cpu = r.conditions().sentence();
        if (!cpu.isEmpty()) p.add(cpu);
        p.add("One view says which orders break the code and shows one; the other says how often this machine picks one.");
        return p;
    }
}
