package dev.racelab.cli;

import dev.racelab.core.Require;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The words an option accepts, named once. picocli lists them in the option's help ({@code completionCandidates =
 * Fixes.class} and {@code ${COMPLETION-CANDIDATES}} in its description), and {@link #check} refuses any other word
 * with that same list, so the help a learner reads and the one line a typo gets cannot drift apart.
 * {@code static final class Fixes extends Words { Fixes() { super("none", "order", "trylock"); } }}
 */
abstract class Words implements Iterable<String> {
    private final List<String> words;

    protected Words(String... words) {
        if (words.length == 0) throw new IllegalStateException("an option needs at least one word");
        this.words = List.of(words);
    }

    /** An enum's constants as option words: lower case, {@code _} as {@code -} when {@code hyphens}. */
    protected Words(Enum<?>[] constants, boolean hyphens) {
        this(Arrays.stream(constants).map(c -> {
            String w = c.name().toLowerCase(Locale.ROOT);
            return hyphens ? w.replace('_', '-') : w;
        }).toArray(String[]::new));
    }

    @Override
    public Iterator<String> iterator() {
        return words.iterator();
    }

    /** The words, as the help lists them: "none, order, trylock". */
    String list() {
        return String.join(", ", words);
    }

    /**
     * The value, trimmed and in lower case, when it is one of the words; otherwise an error naming the option and
     * every word ({@code --fix must be one of none, order, trylock (got orde)}), which the CLI prints as one line.
     */
    String check(String option, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return words.contains(v) ? v : Require.oneOf(option, value, words); // refuses it, naming every word
    }
}
