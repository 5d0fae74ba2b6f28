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

    /** Every experiment the terminal can run; later notebooks add theirs here. */
    @Command(name = "exp", mixinStandardHelpOptions = true, description = "Run one experiment.", subcommands = {
            BasicsCommands.SpawnCostCmd.class,
            BasicsCommands.MemoryCmd.class,
            BasicsCommands.CrashCmd.class,
            RaceCommands.ClassicCmd.class,
            RaceCommands.GateCmd.class,
            RaceCommands.SweepCmd.class,
            RaceCommands.InterleavingsCmd.class,
            LocksCommands.ThroughputCmd.class,
            LocksCommands.LockCheckCmd.class,
            LocksCommands.CoarseningCmd.class,
            LocksCommands.StatesCmd.class,
            LocksCommands.FairnessCmd.class,
            LocksCommands.DeadlockCmd.class,
            LocksCommands.PageViewsCmd.class,
            LocksCommands.CasCmd.class,
            LocksCommands.InvariantCmd.class,
            LocksCommands.JcStressCmd.class,
            ChannelCommands.CounterCmd.class,
            ChannelCommands.KindsCmd.class,
            ChannelCommands.BackpressureCmd.class,
            ChannelCommands.PipelineCmd.class,
            ChannelCommands.FanOutCmd.class,
            ChannelCommands.TimeoutCmd.class,
            ProcessCommands.StartupCmd.class,
            ProcessCommands.CpuCmd.class,
            ProcessCommands.IoCmd.class,
            ProcessCommands.CrashCmd.class,
            ProcessCommands.MemoryCmd.class,
            ProcessCommands.GilCmd.class,
            SchedulingCommands.SweepCmd.class,
            SchedulingCommands.SwitchCmd.class,
            SchedulingCommands.SwitchesCmd.class,
            SchedulingCommands.ExportsCmd.class,
            ModelsCommands.EventLoopCmd.class,
            ModelsCommands.GilCmd.class,
            ModelsCommands.SleepersCmd.class,
            ModelsCommands.PinningCmd.class,
            ModelsCommands.GuardedByCmd.class,
            ModelsCommands.ThrottleCmd.class,
            ModelCheckCommands.ModelCheckCmd.class,
            ModelsCommands.StartCostCmd.class,
            ModelsCommands.RaceToolsCmd.class,
            MemoryCommands.VisibilityCmd.class,
            MemoryCommands.ReorderingCmd.class,
    })
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

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String[] args, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
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
