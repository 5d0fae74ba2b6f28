package dev.racelab.locks;

import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import dev.racelab.race.Counter;
import dev.racelab.race.CounterKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Does the JIT take the lock once per increment? One thread runs the {@code synchronized} counter of section 1 in a
 * fresh JVM, compiled by C2, once as the JVM ships and once with lock coarsening switched off
 * ({@code -XX:-EliminateLocks}); if coarsening merged the lock of several increments into one, the second is slower.
 * {@code Coarsening.measure().explain()}
 */
public final class Coarsening {
    static final int INCREMENTS = 10_000, LOOPS = 300;
    static final long WARM_MILLIS = 300;

    private Coarsening() {}

    public static Result measure() {
        Result.Builder b = Result.builder("lock-coarsening", "One thread, synchronized count++: lock coarsening on and off")
                .param("increments", INCREMENTS).param("loops", LOOPS).param("warm_ms", WARM_MILLIS);
        DataTable t = new DataTable("jvm", "loop", "ns_per_increment");
        List<String> modes = List.of("as shipped", "-XX:-EliminateLocks");
        try (ChildProcesses kids = new ChildProcesses()) {
            for (String mode : modes) {
                List<String> args = mode.startsWith("-XX") ? List.of(mode) : List.of();
                Process p = kids.start(new ProcessBuilder(ChildJvm.command(args, Coarsening.class)).redirectErrorStream(true));
                List<String> lines = new ArrayList<>();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) lines.add(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int exit = kids.waitFor(p, Duration.ofSeconds(30));
                Budget.checkInterrupt();
                if (exit != 0) throw new IllegalStateException("coarsening child (" + mode + ") exited " + exit + ": " + lines);
                int i = 0;
                for (String l : lines) {
                    if (l.startsWith("ns ")) t.add(mode, ++i, Double.parseDouble(l.substring(3)));
                }
            }
        }
        Interval on = Interval.median(t.where("jvm", modes.get(0)).doubles("ns_per_increment"));
        Interval off = Interval.median(t.where("jvm", modes.get(1)).doubles("ns_per_increment"));
        b.samples(t).figure("ns_coarsening_on", on, "ns").figure("ns_coarsening_off", off, "ns")
                .figure("off_over_on", Interval.ratio(off, on), "×");
        b.note("Each JVM warms the loop for " + WARM_MILLIS + " ms (C2 compiles it), then times " + LOOPS + " loops of "
                + INCREMENTS + " increments; the table keeps every loop.");
        b.explainer(LockExplain::coarsening);
        return b.build();
    }

    /** The child: warm, then one line "ns X" per timed loop. */
    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        Counter c = CounterKind.SYNCHRONIZED.create();
        long end = System.nanoTime() + WARM_MILLIS * 1_000_000L;
        while (System.nanoTime() < end) { c.reset(); c.add(INCREMENTS); }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < LOOPS; i++) {
            c.reset();
            long t0 = System.nanoTime();
            c.add(INCREMENTS);
            long t1 = System.nanoTime();
            if (c.get() != INCREMENTS) throw new IllegalStateException("lost an increment alone: " + c.get());
            out.append("ns ").append((t1 - t0) / (double) INCREMENTS).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
