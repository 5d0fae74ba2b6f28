package dev.racelab.modelcheck;

import dev.racelab.core.Prose;
import dev.racelab.core.Result;

final class ModelCheckExplain {
    private ModelCheckExplain() {}

    static Prose explain(Result r) {
        return new Prose().add("TODO");
    }
}
