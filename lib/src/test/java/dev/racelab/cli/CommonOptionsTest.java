package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.racelab.core.Budget;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shared options' help texts name the range the experiments' setters enforce, from the same constants. */
class CommonOptionsTest {
    static String help(String command) {
        CommandLine exp = Main.commandLine().getSubcommands().get("exp");
        return exp.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void theRangeTextsAreTheConstants() {
        assertEquals("0.1..3600", Budget.SECONDS_RANGE);
        assertEquals("1..100000000", Budget.TRIALS_RANGE);
        assertEquals("1..256", Budget.THREADS_RANGE);
        assertEquals("1..100000000", Budget.INCREMENTS_RANGE);
        for (String c : new String[] {"spawn-cost", "channel-counter", "race-classic", "pool-cpu", "pool-io", "thread-sweep", "switch-cost"}) {
            assertTrue(help(c).contains("time budget in seconds (0.1..3600)"), c + ": " + help(c));
        }
        assertTrue(help("race-gate").contains("threads (1..256"), help("race-gate"));
        assertTrue(help("race-gate").contains("trials (1..100000000"), help("race-gate"));
        assertTrue(help("throughput").contains("thread counts (1..256)"), help("throughput"));
    }

    @Test
    void aValueOutsideTheHelpTextsRangeFailsWithOneLineNamingIt() {
        String[][] cases = {
                {"spawn-cost", "--seconds", "0.05", "between 0.1 and 3600.0"},
                {"pool-io", "--seconds", "3601", "between 0.1 and 3600.0"},
                {"race-gate", "--trials", "0", "between 1 and 100,000,000"},
                {"race-gate", "--threads", "257", "between 1 and 256"},
                {"race-classic", "--increments", "0", "between 1 and 100,000,000"},
                {"throughput", "--threads", "1,300", "between 1 and 256"},
                {"channel-counter", "--threads", "0", "between 1 and 256"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[] {"exp", c[0], c[1], c[2]}, new PrintWriter(err, true));
            assertEquals(2, code, String.join(" ", c) + ": " + err);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(err.toString().startsWith(c[0] + ": ") && err.toString().contains(c[3]), err.toString());
        }
    }
}
