package dev.racelab.coordination;

import dev.racelab.core.Interval;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;

/**
 * What a run of the guarded buffers says, one sentence per buffer, chosen by its counts: a correct buffer is judged
 * by how many trials it finished (an upper bound on its failure rate, never "it cannot fail"); a buggy one by whether
 * this run provoked its bug — a bug not seen is still a bug. {@code GuardedBlocks.of(...).run().explain()}
 */
final class GuardedExplain {
    private GuardedExplain() {}

    static Prose explain(Result r) {
        Prose p = new Prose();
        String[] variants = String.valueOf(r.params().get("variants")).split(",");
        for (String name : variants) {
            GuardedBlocks.Variant v = GuardedBlocks.Variant.valueOf(name);
            String k = v.key(); // the prose's own placeholder prefix; figure names come from GuardedBlocks.Names
            GuardedBlocks.Names f = GuardedBlocks.Names.of(v);
            long n = (long) r.value(f.trials()), hung = (long) r.value(f.hung()), broken = (long) r.value(f.broken());
            long timeouts = (long) r.value(f.timeouts());
            p.set(k + "_label", "`" + v.label() + "`").set(k + "_n", n, "%,.0f");
            if (n == 0) {
                p.add("{" + k + "_label}: no trial ran within the time budget — no data.");
                continue;
            }
            Interval sh = r.interval(f.shareHung()).scaled(100), sb = r.interval(f.shareBroken()).scaled(100);
            p.set(k + "_hung", hung, "%,.0f").set(k + "_broken", broken, "%,.0f").set(k + "_sh", sh, "%.0f %%")
                    .set(k + "_sb", sb, "%.0f %%").set(k + "_up", Math.max(sh.high(), sb.high()), "%.0f %%");
            if (v.correct()) {
                if (hung == 0 && broken == 0 && timeouts == 0) {
                    p.add("{" + k + "_label}: all {" + k + "_n} trials finished, no thread waited forever and none acted on "
                            + "a stale condition; with 95 % confidence fewer than {" + k + "_up} of trials go wrong.");
                    continue;
                }
            }
            // one sentence per symptom a bug can show, whatever its count, so a second run reads the same
            boolean ifBug = v == GuardedBlocks.Variant.NOTIFY_ALL_IF;
            if (!v.correct() || hung > 0) {
                p.add("{" + k + "_label}: in {" + k + "_hung} of {" + k + "_n} trials ({" + k + "_sh}) every thread ended up "
                        + "waiting with items still to move"
                        + (ifBug ? " — the items its stale wake-ups lost left the others waiting for ever"
                                : v.correct() ? "" : " — a lost wake-up: a notification reached a thread that could not use it")
                        + "; the experiment found each hang and interrupted the threads.");
            }
            if (ifBug || broken > 0) {
                p.add("{" + k + "_label}: in {" + k + "_broken} of {" + k + "_n} trials ({" + k + "_sb}) a woken thread took "
                        + "from an empty slot or put into a full one: it did not check the condition again after waking.");
            }
            if (timeouts > 0) {
                p.set(k + "_to", timeouts, "%,.0f")
                        .add("{" + k + "_to} trials ran out of time while threads still moved items (a slow machine, not a hang).");
            }
            if (v.correct()) {
                p.add("That is wrong for a correct buffer: report it with this notebook's output.");
            } else if (hung == 0 && broken == 0) {
                p.add("The bug is still in the code: this run did not provoke it, which says only that it goes wrong in "
                        + "fewer than {" + k + "_up} of trials here.");
            }
        }
        String cpu = r.conditions().sentence();
        return p.addIf(!cpu.isEmpty(), cpu);
    }
}
