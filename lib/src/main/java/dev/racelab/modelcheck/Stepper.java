package dev.racelab.modelcheck;

public final class Stepper {
    static Stepper replay(ModelCheck.Checked c) { return new Stepper(); }
}
