package dev.racelab.modelcheck;

import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.util.Locale;

/** {@link ModelCheck#together}: the model checker's answer beside every order counted and the hardware's start gate. */
final class Together {
    private Together() {}

    static Result of(ModelCheck.Checked checker, Result exact, Result gate) {
        Require.notNull("model check", checker);
        Require.notNull("exact interleavings", exact);
        Require.notNull("start gate", gate);
        double k = ((Number) exact.params().get("k")).doubleValue();
        double all = exact.value("interleavings");
        double losing = 1 - exact.value("share_correct");
        double trials = gate.value("trials");
        dev.racelab.core.Interval share = trials > 0 ? gate.interval("share_with_loss") : dev.racelab.core.Interval.empty();
        dev.racelab.core.DataTable t = new dev.racelab.core.DataTable("view", "what it says");
        t.add("every order, counted", String.format(Locale.ROOT, "%,.0f of %,.0f orders keep every update; the others lose",
                all * (1 - losing), all));
        t.add("model checker", checker.found() ? String.format(Locale.ROOT, "a losing order, shown step by step, after %,.0f tries",
                checker.value("interleavings")) : String.format(Locale.ROOT, "no losing order in %,.0f tries", checker.value("interleavings")));
        t.add("start gate (hardware)", trials > 0 ? String.format(Locale.ROOT, "lost updates in %s of %,.0f trials",
                share.scaled(100).format("%.1f %%"), trials) : "no trial");
        return Result.builder("model-check-together", "Three views of one race: every order, the model checker, the hardware")
                .param("k", (int) k).param("checker", checker.params().get("code"))
                .figure("k", k, "").figure("all_interleavings", all, "").figure("share_losing", losing, "")
                .figure("checker_interleavings", checker.value("interleavings"), "")
                .figure("checker_found", checker.value("found"), "")
                .figure("gate_trials", trials, "").figure("gate_share_with_loss", share, "")
                .samples(t).showSamples().ended("compared").conditions(gate.conditions())
                .explainer(ModelCheckExplain::together).build();
    }
}
