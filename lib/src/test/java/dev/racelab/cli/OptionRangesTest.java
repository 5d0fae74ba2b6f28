package dev.racelab.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every range a terminal option's help text names ({@code (1..64)}, {@code each 1..64}) is the range its experiment's
 * setter enforces: a value just below and one just above it exit 2 with one line naming that same range. A help text
 * typed next to a {@code Require} check that later moved fails here, for every command at once.
 */
class OptionRangesTest {
    static final Pattern HELP_RANGE = Pattern.compile("(?:\\(|each )(\\d+(?:\\.\\d+)?)\\.\\.(\\d+(?:\\.\\d+)?)");
    static final Pattern MESSAGE_RANGE = Pattern.compile("between (\\S+) and (\\S+) \\(got ");

    /** Options that act only together with another option: what to add so the value reaches its setter. */
    static final Map<String, List<String>> WITH = Map.of(
            "gil --trials", List.of("--part", "counter"),
            "deadlock --rounds", List.of("--fix", "none"));

    record Case(String command, String option, double low, double high, boolean integral) {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        CommandLine exp = Main.commandLine().getSubcommands().get("exp");
        exp.getSubcommands().forEach((name, cl) -> {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                Matcher m = HELP_RANGE.matcher(String.join(" ", o.description()));
                if (!m.find()) continue;
                Class<?> t = o.type().isArray() ? o.type().getComponentType()
                        : o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : o.type();
                boolean integral = t == int.class || t == Integer.class || t == long.class || t == Long.class;
                cases.add(new Case(name, o.longestName(), Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), integral));
            }
        });
        return cases;
    }

    static String arg(double v, boolean integral) {
        return integral ? Long.toString((long) v) : Double.toString(v);
    }

    @Test
    void everyHelpRangeIsTheRangeTheSetterEnforces() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 100, "found only " + cases.size() + " options with a range in their help text");
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            for (double v : new double[] {c.low() - 1, c.high() + 1}) {
                List<String> args = new ArrayList<>(List.of("exp", c.command(), c.option() + "=" + arg(v, c.integral())));
                args.addAll(WITH.getOrDefault(c.command() + " " + c.option(), List.of()));
                // a value the setter does not check would start the experiment: stop it rather than wait for it
                MainTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> MainTest.run(args.toArray(String[]::new)),
                        () -> String.join(" ", args) + " ran instead of being rejected");
                Matcher m = MESSAGE_RANGE.matcher(r.err());
                boolean same = m.find() && Double.parseDouble(m.group(1).replace(",", "")) == c.low()
                        && Double.parseDouble(m.group(2).replace(",", "")) == c.high();
                if (r.code() != 2 || r.err().strip().lines().count() != 1 || !same) {
                    wrong.add(String.join(" ", args) + " (help: " + arg(c.low(), c.integral()) + ".." + arg(c.high(), c.integral())
                            + ") -> exit " + r.code() + ": " + r.err().strip());
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " help ranges differ from their checks:\n" + String.join("\n", wrong));
    }
}
