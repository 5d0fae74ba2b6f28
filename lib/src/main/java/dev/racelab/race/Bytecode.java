package dev.racelab.race;

import dev.racelab.core.DataTable;
import dev.racelab.core.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * What {@code count++} compiles to: {@code javap -c} on the classic program, run through the JDK's
 * {@link ToolProvider} (no shell), with each instruction of the increment mapped to read / add / write.
 * {@code Bytecode.ofClassicIncrement()}
 */
public final class Bytecode {
    private Bytecode() {}

    /** The full {@code javap -c -p} listing of the compiled classic program. */
    public static String listing() {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new IllegalStateException("javap is not in this runtime: run the course on a JDK"));
        String cp = Classic.compiled().toString();
        return Classic.uninterruptibly("javap", () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = javap.run(new PrintWriter(out), new PrintWriter(err), "-c", "-p", "-cp", cp, "RaceConditionTest");
            if (rc != 0) throw new IllegalStateException("javap failed: " + err);
            return out.toString();
        });
    }

    /** The body of the first thread's lambda: the loop with the increment, instruction by instruction. */
    public static Result ofClassicIncrement() {
        String listing = listing();
        List<String> body = new ArrayList<>();
        boolean in = false;
        for (String line : listing.split("\n")) {
            if (line.contains("lambda$main$0")) { in = true; continue; }
            if (in && line.isBlank()) break;
            if (in && line.trim().matches("\\d+: .*")) body.add(line.trim());
        }
        if (body.isEmpty()) throw new IllegalStateException("no lambda$main$0 in the javap listing:\n" + listing);
        DataTable t = new DataTable("instruction", "what it does", "step of count++");
        int reads = 0, adds = 0, writes = 0;
        for (String ins : body) {
            String op = ins.replaceFirst("^\\d+: ", "").split("\\s+")[0];
            String[] m = meaning(op, ins);
            if (m[1].equals("read")) reads++;
            if (m[1].equals("add")) adds++;
            if (m[1].equals("write")) writes++;
            t.add(ins.replaceAll("\\s+", " "), m[0], m[1]);
        }
        return Result.builder("bytecode", "javap -c: the loop of thread Alpha in RaceConditionTest")
                .samples(t).showSamples()
                .figure("instructions", body.size(), "")
                .figure("reads_of_count", reads, "")
                .figure("adds", adds, "")
                .figure("writes_of_count", writes, "")
                .build();
    }

    private static String[] meaning(String op, String ins) {
        boolean count = ins.contains("count");
        return switch (op) {
            case "getstatic" -> count ? new String[] {"push the current value of count onto the stack", "read"}
                    : new String[] {"read a static field", ""};
            case "putstatic" -> count ? new String[] {"pop the stack top into count", "write"}
                    : new String[] {"write a static field", ""};
            case "iadd" -> new String[] {"add the two ints on top of the stack", "add"};
            case "iconst_1" -> new String[] {"push the constant 1", ""};
            case "iconst_0" -> new String[] {"push the constant 0 (i = 0)", ""};
            case "istore_1", "istore_2" -> new String[] {"store into the loop index i", ""};
            case "iinc" -> new String[] {"add to a local variable (the loop index i)", ""};
            case "iload", "iload_0", "iload_1", "iload_2" -> new String[] {"push a local variable (i or n)", ""};
            case "if_icmpge" -> new String[] {"leave the loop when i >= n", ""};
            case "goto" -> new String[] {"back to the loop test", ""};
            case "return" -> new String[] {"end of the thread's work", ""};
            default -> new String[] {op, ""};
        };
    }
}
