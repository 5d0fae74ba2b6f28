package dev.racelab.cli;

import dev.racelab.core.Result;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One experiment from the terminal: run it, then print it in the chosen format. */
public abstract class ExperimentCommand implements Callable<Integer> {
    @Mixin
    protected Output output;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    protected abstract Result run();

    @Override
    public Integer call() {
        output.emit(run(), System.out);
        return 0;
    }
}
