package dev.racelab.cli;

import dev.racelab.core.Machine;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The library from a terminal: {@code racelab exp spawn-cost --format csv}. Same code as the notebooks.
 * Bad input exits 2 with one line naming what is allowed; a failed experiment exits 1 with one line.
 */
@Command(name = "racelab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "racelab: concurrency experiments, measured on this machine.",
        subcommands = {Main.Exp.class, BenchCommand.class})
public final class Main {

    /**
     * Every experiment the terminal can run, one group per notebook in course order; each group lists its own commands
     * ({@code ALL} in its *Commands file), so a new experiment touches its group only, and a new notebook one line here.
     */
    static final List<List<Class<?>>> GROUPS = List.of(BasicsCommands.ALL, RaceCommands.ALL, LocksCommands.ALL,
            ChannelCommands.ALL, ProcessCommands.ALL, SchedulingCommands.ALL, ModelsCommands.ALL, ModelCheckCommands.ALL,
            MemoryCommands.ALL);

    @Command(name = "exp", mixinStandardHelpOptions = true, description = "Run one experiment.")
    static final class Exp implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "name an experiment; allowed: " + names(spec.commandLine()));
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"racelab " + Machine.racelabVersion() + " on " + Machine.current().summary()};
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.err, true)));
    }

    /** The whole command tree: {@code racelab exp <experiment>} for every group's commands, and {@code bench}. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        CommandLine exp = cl.getSubcommands().get("exp");
        for (List<Class<?>> group : GROUPS) {
            for (Class<?> command : group) exp.addSubcommand(command);
        }
        return cl;
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String[] args, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(oneLine(ex));
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                err.println(cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            err.println(cmd.getCommandName() + ": failed: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    private static String oneLine(ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            String what = cmd.getCommandName().equals("exp") ? "experiment" : "command";
            return cmd.getCommandName() + ": unknown " + what + " '" + u.getUnmatched().get(0) + "'; allowed: "
                    + names(cmd);
        }
        return cmd.getCommandName() + ": " + ex.getMessage().replace('\n', ' ').trim();
    }

    static String names(CommandLine cmd) {
        return String.join(", ", List.copyOf(cmd.getSubcommands().keySet()));
    }
}
