package dev.racelab.core;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Which machine code a method runs as right now in this JVM — interpreted, C1 or C2 — read from HotSpot's own code
 * list (the {@code Compiler.codelist} diagnostic command, as {@code jcmd} shows it), so an in-process experiment can
 * say what state its loop was in instead of guessing. {@code JitState.of(MyCounter.class, "add")}
 */
public final class JitState {
    private JitState() {}

    /**
     * The state of {@code owner.method}, or of the first of the (class, method) pairs that is compiled: e.g. a counter's
     * {@code add}, then the harness method it may be inlined into. "C2-compiled (tier 4)", "C1-compiled (tier 3)",
     * "interpreted (not compiled)" or "unknown (…)" where the JVM does not say.
     */
    public static String of(Object... classAndMethodPairs) {
        if (classAndMethodPairs.length == 0 || classAndMethodPairs.length % 2 != 0) {
            throw new IllegalArgumentException("name (class, method) pairs");
        }
        String list = codeList();
        if (list == null) return "unknown (this JVM has no Compiler.codelist)";
        for (int i = 0; i < classAndMethodPairs.length; i += 2) {
            Class<?> c = (Class<?>) classAndMethodPairs[i];
            String m = (String) classAndMethodPairs[i + 1];
            int level = highestLevel(list, c.getName() + "." + m + "(");
            if (level > 0) {
                String where = i == 0 ? "" : " (inlined into " + c.getSimpleName() + "." + m + ")";
                return (level == 4 ? "C2-compiled (tier 4)" : "C1-compiled (tier " + level + ")") + where;
            }
        }
        return "interpreted (not compiled)";
    }

    /** The highest tier among entries in use (state 0) whose method starts with {@code prefix}; 0 if none. */
    static int highestLevel(String codeList, String prefix) {
        int best = 0;
        for (String line : codeList.split("\n")) {
            // "<compile id> <tier> <state> <class.method(signature)> [addresses]"
            String[] f = line.trim().split("\\s+", 5);
            if (f.length < 4 || !f[3].startsWith(prefix)) continue;
            try {
                if (Integer.parseInt(f[2]) != 0) continue; // not entrant: replaced code
                best = Math.max(best, Integer.parseInt(f[1]));
            } catch (NumberFormatException e) {
                // a line of another shape
            }
        }
        return best;
    }

    static String codeList() {
        try {
            MBeanServer s = ManagementFactory.getPlatformMBeanServer();
            ObjectName on = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object out = s.invoke(on, "compilerCodelist", new Object[] {null}, new String[] {String[].class.getName()});
            return out == null ? null : out.toString();
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    /** A short form for tables: "C2", "C1", "interpreted" or "unknown". */
    public static String shortForm(String state) {
        String s = state.toLowerCase(Locale.ROOT);
        return s.startsWith("c2") ? "C2" : s.startsWith("c1") ? "C1" : s.startsWith("interpreted") ? "interpreted" : "unknown";
    }
}
