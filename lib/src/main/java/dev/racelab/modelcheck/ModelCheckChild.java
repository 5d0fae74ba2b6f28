package dev.racelab.modelcheck;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jetbrains.lincheck.Lincheck;

/**
 * The child JVM of {@link ModelCheck}: loads the harness the parent compiled (with the code under test) and hands it
 * to JetBrains Lincheck's model checker
 * ({@code Lincheck.runConcurrentTest}). Prints a few tab-separated lines for the parent (RESULT, INVOCATIONS, MS)
 * and, on a failure, Lincheck's report after a MESSAGE line.
 *
 * <p>Args: {@code <dir with classes/> <invocations> <threads per invocation> [<harness class, default RacelabHarness>]}. The harness's shared object is created
 * when its class is initialised, before Lincheck starts: an object created inside the checked block is treated as
 * local to it, and its races are missed.
 */
public final class ModelCheckChild {
    private ModelCheckChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int invocations = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        {
            // classes/ is on this JVM's class path from the start (Lincheck looks classes up by name there); it was
            // empty then, and the class loader reads a directory entry when a class is asked for
            Class<?> harness = Class.forName(args.length > 3 ? args[3] : "RacelabHarness", true, ClassLoader.getSystemClassLoader()); // shared object made now
            Runnable body = (Runnable) harness.getField("BODY").get(null);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long w0 = System.nanoTime();
            Lincheck.runConcurrentTest(1, () -> {});                           // Lincheck's own start-up, not counted
            out.println("STARTUP_MS\t" + (System.nanoTime() - w0) / 1_000_000);
            long started = mx.getTotalStartedThreadCount();
            long t0 = System.nanoTime();
            String verdict = "pass";
            String message = null;
            try {
                Lincheck.runConcurrentTest(invocations, body);
            } catch (Throwable e) {
                message = String.valueOf(e.getMessage());
                verdict = e.getClass().getName().equals("org.jetbrains.lincheck.LincheckAssertionError")
                        ? (message.contains("in deadlock") ? "deadlock"
                        : message.contains("has hung") ? "hung" : "fail") : "error";
                if (verdict.equals("error")) message = e + "\n" + message;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Lincheck restores memory between runs but not the JVM's count of started threads: each run (each
            // interleaving tried) starts the harness's threads once.
            long runs = (mx.getTotalStartedThreadCount() - started) / Math.max(1, threads);
            out.println("RESULT\t" + verdict);
            out.println("INVOCATIONS\t" + runs);
            out.println("MS\t" + ms);
            if (message != null) {
                out.println("MESSAGE");
                out.println(message);
            }
        }
    }
}
