package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option that takes one of a few words names them once ({@link Words}): its help lists exactly those words, and a
 * word not among them exits 2 with one line that lists the same words. Before, the words were typed in the help, in
 * the error and in the switch, and could drift apart.
 */
class OptionWordsTest {
    /** Options that act only together with another option: what to add so the value reaches its check. */
    static final Map<String, List<String>> WITH = Map.of();

    @Test
    void everyWordOptionListsItsWordsInItsHelpAndInItsError() {
        CommandLine exp = Main.commandLine().getSubcommands().get("exp");
        List<String> wrong = new ArrayList<>();
        int[] found = {0};
        exp.getSubcommands().forEach((name, cl) -> {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!(o.completionCandidates() instanceof Words words)) continue;
                found[0]++;
                String help = String.join(" ", o.description());
                if (!help.contains(words.list())) wrong.add(name + " " + o.longestName() + ": help '" + help + "' lacks " + words.list());
                if (o.splitRegex().isEmpty()) {
                    List<String> args = List.of("exp", name, o.longestName() + "=no-such-word");
                    MainTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> MainTest.run(args.toArray(String[]::new)),
                            () -> String.join(" ", args) + " ran instead of being rejected");
                    if (r.code() != 2 || r.err().strip().lines().count() != 1 || !r.err().contains("one of " + words.list())) {
                        wrong.add(String.join(" ", args) + " -> exit " + r.code() + ": " + r.err().strip());
                    }
                }
            }
        });
        assertTrue(found[0] >= 14, "found only " + found[0] + " options with words");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aWordIsTakenTrimmedAndInAnyCaseAndAnEnumGivesItsConstants() {
        assertEquals("order", new LocksCommands.Fixes().check("--fix", " Order "));
        assertEquals("sized-timed", new RaceCommands.Programs().list().split(", ")[3]);
        var e = assertThrows(IllegalArgumentException.class, () -> new LocksCommands.Fixes().check("--fix", "orde"));
        assertEquals("--fix must be one of none, order, trylock (got orde)", e.getMessage());
    }
}
