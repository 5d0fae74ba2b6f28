package dev.racelab.cli;

import dev.racelab.core.Result;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One experiment from the terminal: run it, then print it in the chosen format. */
public abstract class ExperimentCommand implements Callable<Integer> {
    @Mixin
    protected Output output;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    protected abstract Result run();

    /**
     * Hands an option's value to the experiment's setter, {@code ifGiven(processes, s::processes)}, when the option
     * was given; left out (null), the experiment keeps its own default, from the profile. The setter checks the value
     * ({@code core.Require}), so a bad one ends the command with exit 2 and one line naming the allowed range.
     */
    static <T> void ifGiven(T value, Consumer<? super T> setter) {
        if (value != null) setter.accept(value);
    }

    @Override
    public Integer call() {
        output.emit(run(), System.out);
        return 0;
    }
}
