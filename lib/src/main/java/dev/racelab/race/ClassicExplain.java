package dev.racelab.race;

import dev.racelab.core.Conditions;
import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a run of the classic program says, in sentences chosen by its counts, their intervals and the CPU it had.
 * Pure functions of a {@link Result}, so every branch is unit-tested with synthetic results.
 * {@code Classic.book().run().explain()}
 */
final class ClassicExplain {
    private ClassicExplain() {}

    static final String PCT = "%.0f %%";

    /** The share of exact results, the losses, and what the CPU allowed. */
    static Prose explain(Result r) {
        long n = (long) r.value("runs");
        long expected = (long) r.value("expected");
        Prose p = new Prose().set("n", n, "%,.0f").set("expected", expected, "%,.0f")
                .set("budget", ((Number) r.params().get("time_budget_s")).doubleValue(), "%.0f")
                .set("program", String.valueOf(r.params().get("program")))
                .set("jit", String.valueOf(r.params().get("jit")));
        if (n == 0) {
            return p.add("No run finished within the time budget ({budget} s): no data, and no conclusion about the program.");
        }
        long exact = (long) r.value("runs_exact");
        Interval share = r.interval("share_exact").scaled(100);
        p.set("exact", share, PCT).set("upper", 100 * r.interval("share_with_loss").high(), "%.0f %%");
        if (exact == n) {
            p.add("All {n} runs printed exactly {expected}: not one update was lost.")
                    .add("That proves little: {n} runs without a loss are consistent with up to {upper} of runs losing "
                            + "(the upper end of the 95 % interval), and the race is still in the code.");
        } else {
            // one sentence form whether none or some printed it exactly: a run on the same machine reads the same
            p.set("medianLost", r.interval("median_value_when_lost"), "%,.0f")
                    .set("meanLostWhen", r.interval("mean_lost_when_lost"), "%,.0f")
                    .add("It printed exactly {expected} in {exact} of {n} runs. The others lost updates: their median "
                            + "printed value was {medianLost}, {meanLostWhen} updates short on average.")
                    .add("So the race is real, and one run proves nothing either way.");
        }
        long lossy = (long) r.value("runs_with_loss");
        long whole = Math.round(r.value("share_one_thread_lost") * n);
        if (lossy >= 5 && 2 * whole >= lossy) {
            p.set("whole", whole, "%,.0f").set("lossy", lossy, "%,.0f")
                    .add("In {whole} of the {lossy} runs that lost, one thread's whole loop vanished (the program printed "
                            + "exactly one thread's share): that thread kept `count` in a register and wrote it back once.");
        }
        String cpu = r.conditions().sentence();
        boolean pinned = !"none".equals(String.valueOf(r.params().get("pinned_cpu")));
        if (pinned) {
            p.set("cpu", String.valueOf(r.params().get("pinned_cpu")))
                    .add("Every run was pinned to CPU {cpu}, so its two threads could only take turns.");
        } else if (!cpu.isEmpty()) {
            p.add(cpu);
        }
        if ((pinned || r.conditions().regime() == Conditions.Regime.ONE_CORE) && exact * 10 >= n * 9) {
            p.add("On one CPU an update is lost only when the scheduler stops a thread between its read and its write, "
                    + "and a short loop is usually over before its time slice is.");
        }
        return p;
    }

    /** What the loop timestamps of a TIMED run say. */
    static Prose overlap(Result r) {
        long n = (long) r.value("runs");
        Prose p = new Prose().set("n", n, "%,.0f");
        if (n == 0) return p.add("No run finished: no timestamps to read.");
        Interval gap = r.interval("median_start_gap_us");
        Interval loop = r.interval("median_loop_us");
        p.set("overlap", r.interval("share_overlapping").scaled(100), PCT)
                .set("loop", loop, loopFormat(loop.estimate()))
                .set("gap", gap.scaled(Math.signum(gap.estimate()) < 0 ? -1 : 1), "%,.0f µs")
                .set("order", gap.estimate() >= 0 ? "after" : "before")
                .set("apart", r.value("runs_apart"), "%,.0f")
                .add("The two loops overlapped in {overlap} of {n} runs. A loop took {loop} (median), and Beta's loop "
                        + "began {gap} {order} Alpha's.");
        // one form: whether Beta starts inside Alpha's loop moves with the machine's load from run to run (a busy
        // minute slows the thread start, a quiet one the loop's first iterations); the figures above say which won
        p.add("Whether the loops overlap is a race of its own, between starting Beta and Alpha's whole loop: when the "
                + "start takes longer than the loop, Alpha is done before Beta begins.");
        // one form whatever the count, so a run with none apart reads like one with a few
        p.add("Loops that ran apart cannot lose an update: {apart} runs did here, and none of them lost one (the cell "
                + "checks it).");
        return p;
    }

    private static String loopFormat(double us) {
        return us >= 10_000 ? "%,.0f µs" : us >= 10 ? "%,.0f µs" : "%.2f µs";
    }

    /** Book program against a copy (the timed one): did the change alter the outcome? */
    static Prose compare(Result book, Result copy) {
        Interval a = book.interval("share_exact").scaled(100), b = copy.interval("share_exact").scaled(100);
        Prose p = new Prose().set("a", a, PCT).set("b", b, PCT)
                .set("na", book.value("runs"), "%,.0f").set("nb", copy.value("runs"), "%,.0f")
                .set("copy", describe(copy));
        if (a.isEmpty() || b.isEmpty()) return p.add("One of the two runs has no data: nothing to compare.");
        // one form: with about 50 fresh JVMs a side, whether the two intervals separate flipped between runs on the
        // same machine; the difference's own interval is the finding, and the reading rule says what it means
        p.setDifference("d", Interval.difference(b, a), "%+.0f")
                .add("The book program printed 20,000 in {a} of {na} runs, {copy} in {b} of {nb}. The timed copy minus "
                        + "the book program: {d} percentage points, 95 % interval {dLo} to {dHi}.")
                .add("Watching can change a race: the stamps cost time and memory and shift when the second thread "
                        + "gets going. An interval that contains 0 means this run cannot tell the two programs apart; "
                        + "one that does not means the stamps changed the race, and the chart below, which shows the "
                        + "timed copy, then does not stand for the book program.");
        return p;
    }

    static String describe(Result r) {
        String program = String.valueOf(r.params().get("program"));
        return switch (program) {
            case "timed" -> "the timed copy";
            case "sized" -> "the copy with its bound from the command line";
            case "sized_timed" -> "the copy with its bound from the command line and stamps";
            default -> "the " + program.replace('_', ' ') + " program";
        };
    }

    /** A label in the middle of a sentence: "JVM default" stays, "Interpreted (-Xint)" becomes "interpreted (-Xint)". */
    static String modeWords(String label) {
        if (label.length() > 1 && Character.isUpperCase(label.charAt(0)) && Character.isLowerCase(label.charAt(1))) {
            return Character.toLowerCase(label.charAt(0)) + label.substring(1);
        }
        return label;
    }
}
