package dev.racelab.models;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What the two Error Prone compiles say: the unguarded access refused (where, and in Error Prone's words), the guarded
 * counter accepted, and how far that is from Rust's rule. {@code ErrorProne.explain(refused, accepted)}
 */
final class ErrorProneExplain {
    private ErrorProneExplain() {}

    static Prose explain(Result refused, Result accepted) {
        Prose p = new Prose().set("errors", accepted.value("errors"), "%.0f");
        var diag = refused.samples().where("check", "GuardedBy");
        if (refused.value("guarded_by_errors") >= 1 && diag.size() > 0) {
            p.set("line", String.valueOf(diag.get(0, "line"))).set("message", String.valueOf(diag.get(0, "message")))
                    .add("Error Prone refused the counter at line {line}: *{message}*.");
        } else {
            p.add("Error Prone did **not** refuse the unguarded counter here: its `@GuardedBy` check found nothing.");
        }
        p.add(accepted.value("compiled") == 1
                ? "With `synchronized` on `increment` it compiled clean ({errors} errors)."
                : "The guarded counter did not compile either ({errors} errors): see the table above.");
        p.add("The difference from Rust: Rust's compiler refuses every data race in safe code, by default; Error Prone "
                + "checks only the fields you annotate, and only if your build runs it. Neither sees a race condition "
                + "made of correctly locked steps.");
        return p;
    }
}
