package dev.racelab.exercises;

import dev.racelab.core.Budget;
import dev.racelab.modelcheck.ModelCheck;
import dev.racelab.modelcheck.Trace;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What Lincheck's model checker says about a learner's own class, as a check shows it: one line of evidence, and the
 * failing interleaving (a {@link Trace}) when one was found. Its failure to run (time budget, a class it cannot
 * load) is a line saying so, never a verdict.
 */
record ModelEvidence(String line, Trace trace, boolean found) {
    /**
     * Tests of a check's stress half set this system property (to the reason) so that the check runs without its
     * model check: ModelEvidenceTest tests the model half of each check, and a Lincheck child JVM per call tripled
     * ExercisesTest's time. Never set in a notebook or the CLI.
     */
    static final String OFF = "racelab.exercises.modelcheck.off";

    /**
     * Tests of a check's model half set this system property (seconds) to give every check that budget instead of its
     * own (30 s quick, 60 s full; tests use 120, the most ModelCheck allows, so it only ever raises it): a pass needs
     * the whole exploration, and under ./course test the image build shares the cores with the unit tests (a 30 s
     * budget that a check needs 16-32 s of ran out in one run). Never set in a notebook or the CLI.
     */
    static final String TEST_SECONDS = "racelab.exercises.modelcheck.testSeconds";

    static ModelEvidence of(Supplier<ModelCheck> check, String what, String failure) {
        String off = System.getProperty(OFF);
        if (off != null) return new ModelEvidence("model checker (Lincheck): not run (" + off + ")", null, false);
        ModelCheck.Checked r;
        try {
            ModelCheck m = check.get();
            String seconds = System.getProperty(TEST_SECONDS);
            if (seconds != null) m.seconds(Double.parseDouble(seconds));
            r = m.run();
        } catch (RuntimeException e) {
            if (e instanceof Budget.Cancelled) throw e;
            return new ModelEvidence("model checker (Lincheck): not run: " + e.getMessage(), null, false);
        }
        long n = (long) r.value("interleavings");
        return switch (r.verdict()) {
            case "pass" -> new ModelEvidence(String.format(Locale.ROOT, "model checker (Lincheck): %,d interleavings of "
                    + "%s explored, none %s", n, what, failure), null, false);
            case "fail", "deadlock", "hung" -> new ModelEvidence(String.format(Locale.ROOT, "model checker (Lincheck): "
                    + "a failing interleaving of %s, found after %,d tries (%s): the trace below", what, n,
                    r.params().getOrDefault("failure", r.ended())), r.trace(), true);
            default -> new ModelEvidence("model checker (Lincheck): no answer (" + (r.notes().isEmpty() ? r.ended()
                    : r.notes().get(0)) + ")", null, false);
        };
    }
}
