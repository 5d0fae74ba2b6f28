package dev.racelab.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ProseTest {
    @Test
    void namedPlaceholdersTakeValuesIntervalsAndWords() {
        String s = Prose.of("Lost updates in {share} of {trials} trials ({share:value} again).")
                .add("It was {mood}.")
                .set("share", Interval.wilson(637, 1000).scaled(100), "%.1f %%")
                .set("trials", 1000, "%,.0f")
                .set("mood", "noisy")
                .text();
        assertEquals("Lost updates in **63.7 %** [60.7–66.6 %] of **1,000** trials (**63.7 %** again). It was noisy.", s);
    }

    @Test
    void aMissingValueIsAProgrammingError() {
        var e = assertThrows(IllegalStateException.class, () -> Prose.of("{nope}").text());
        assertTrue(e.getMessage().contains("{nope}"), e.getMessage());
    }

    @Test
    void paragraphsAndConditionalSentences() {
        String s = new Prose().add("One.").addIf(false, "Never.").addIf(true, "Two.").add("\n\nThree.").text();
        assertEquals("One. Two.\n\nThree.", s);
        // an empty sentence (a CPU remark with nothing to say) leaves no stray space: a trailing blank once made two
        // runs of notebook 07 differ only by whether the machine was busy
        assertEquals("One. Two.", new Prose().add("One.").add("").add("Two.").add("").text());
        assertEquals("no data", Prose.of("{x}").set("x", Interval.empty(), "%.1f").text().replace("*", ""));
    }

    @Test
    void loadSentencesAreCarriedApartInTheExplanation() {
        Prose p = new Prose().set("par", 27, "%.0f %%").add("The counter lost nothing.")
                .addLoad("Two threads ran at once only {par} of a probe.").add("Run it again.");
        assertEquals(java.util.List.of("Two threads ran at once only **27 %** of a probe."), p.loadSentences());
        Result r = Result.builder("x", "synthetic").figure("n", 1, "").build();
        String json = String.valueOf(r.explained(p).mimeBundle().get(Result.EXPLANATION_MIME));
        assertTrue(json.contains("\"load_sentences\":[\"Two threads ran at once only **27 %** of a probe.\"]"), json);
        String none = String.valueOf(r.explained(Prose.of("Nothing about the machine.")).mimeBundle().get(Result.EXPLANATION_MIME));
        assertTrue(!none.contains("load_sentences"), none);
    }
}
