package dev.racelab.memory;

import java.util.List;
import java.util.Locale;

/**
 * The JCStress tests of notebook 09 ({@code stress/}), what each one's telling outcome means, and what a processor is
 * documented to allow there: x86-64 (total store order: a load may pass an earlier store to another address, nothing
 * else) and ARMv8 / POWER (two stores to different addresses, or two loads, may also be reordered). The tests with
 * a FORBIDDEN outcome name the happens-before edge that forbids it.
 */
enum Litmus {
    SB_PLAIN("SB plain", "Reorder_01_StoreBuffering", Group.REORDERING, "store buffering, plain fields", "0, 0",
            "both threads read 0", true, true, null),
    SB_VOLATILE("SB volatile", "Reorder_02_StoreBufferingVolatile", Group.REORDERING, "store buffering, volatile fields", "0, 0",
            "both threads read 0", false, false, Edge.VOLATILE_ORDER),
    MP_PLAIN("MP plain", "Reorder_03_MessagePassing", Group.REORDERING, "message passing, plain flag", "1, 0",
            "flag seen, data not", false, true, null),
    MP_VOLATILE("MP volatile", "Reorder_04_MessagePassingVolatile", Group.REORDERING, "message passing, volatile flag", "1, 0",
            "flag seen, data not", false, false, Edge.VOLATILE),
    PUB_PLAIN("plain", "Publication_01_Unsafe", Group.PUBLICATION, "plain field", "0",
            "object seen before its field was written", false, true, null),
    PUB_FINAL("final", "Publication_02_FinalField", Group.PUBLICATION, "final field in the object", "0",
            "object seen before its field was written", false, false, Edge.FINAL),
    PUB_VOLATILE("volatile", "Publication_03_VolatileField", Group.PUBLICATION, "volatile field", "0",
            "object seen before its field was written", false, false, Edge.VOLATILE),
    PUB_LOCKED("locked", "Publication_04_LockedHolder", Group.PUBLICATION, "holder guarded by a lock", "0",
            "object seen before its field was written", false, false, Edge.MONITOR),
    DCL_BROKEN("DCL plain", "Publication_05_BrokenDcl", Group.PUBLICATION, "double-checked locking, plain field", "0",
            "singleton seen before its field was written", false, true, null),
    DCL_VOLATILE("DCL volatile", "Publication_06_VolatileDcl", Group.PUBLICATION, "double-checked locking, volatile field", "0",
            "singleton seen before its field was written", false, false, Edge.VOLATILE);

    enum Group { REORDERING, PUBLICATION }

    /** The happens-before rules of JLS 17.4.5 (and final-field semantics, 17.5) that the fixed tests rely on. */
    enum Edge {
        PROGRAM_ORDER("program order", "each action happens-before the next one in the same thread"),
        VOLATILE("volatile write → read", "a volatile write happens-before every read that sees it"),
        VOLATILE_ORDER("volatile total order", "all volatile accesses fall in one order every thread agrees on, so one write comes first and the other thread's later read sees it"),
        MONITOR("unlock → lock", "releasing a monitor happens-before every later acquisition of it"),
        FINAL("final-field freeze", "a constructor's writes to final fields are seen by any thread that sees the object, if `this` did not escape"),
        START_JOIN("start / join", "`start()` happens-before the new thread's first action; its last action happens-before `join()` returning");

        final String label;
        final String rule;

        Edge(String label, String rule) {
            this.label = label;
            this.rule = rule;
        }
    }

    /** A short name for chart labels. */
    final String tag;
    final String test;
    final Group group;
    final String label;
    final String outcome;
    final String meaning;
    /** Documented: can an x86-64 processor itself produce the outcome? */
    final boolean x86Hardware;
    /** Documented: can an ARMv8 / POWER processor itself produce it? (Only asked of plain tests.) */
    final boolean armHardware;
    /** The edge that forbids the outcome, or null where the outcome is allowed. */
    final Edge forbiddenBy;

    Litmus(String tag, String test, Group group, String label, String outcome, String meaning, boolean x86Hardware, boolean armHardware,
           Edge forbiddenBy) {
        this.tag = tag;
        this.test = test;
        this.group = group;
        this.label = label;
        this.outcome = outcome;
        this.meaning = meaning;
        this.x86Hardware = x86Hardware;
        this.armHardware = armHardware;
        this.forbiddenBy = forbiddenBy;
    }

    boolean allowed() {
        return forbiddenBy == null;
    }

    static List<Litmus> of(Group g) {
        return java.util.Arrays.stream(values()).filter(l -> l.group == g).toList();
    }

    static Litmus byTest(String simpleOrFullName) {
        String simple = simpleOrFullName.substring(simpleOrFullName.lastIndexOf('.') + 1);
        for (Litmus l : values()) if (l.test.equals(simple)) return l;
        throw new IllegalArgumentException("not a notebook-09 test: " + simpleOrFullName);
    }

    /** The processor this JVM runs on, as the memory model cares: "x86-64", "ARM" or the raw os.arch. */
    static String architecture(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        if (a.equals("amd64") || a.equals("x86_64")) return "x86-64";
        if (a.equals("aarch64") || a.startsWith("arm")) return "ARM";
        return osArch;
    }
}
