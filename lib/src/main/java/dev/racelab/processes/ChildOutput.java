package dev.racelab.processes;

import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Crew;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A child's whole output, read on a thread of its own so that waiting for the child still answers interrupt. */
final class ChildOutput {
    private ChildOutput() {}

    record Ended(int exitCode, String output) {}

    /** Waits for {@code p} (killing it after {@code timeout}); an interrupt kills it and throws Cancelled. */
    static Ended await(ChildProcesses kids, Process p, Duration timeout) {
        StringBuilder out = new StringBuilder();
        try (Crew reader = Crew.platform("child-out")) {
            reader.start(() -> {
                try (InputStream in = p.getInputStream()) {
                    String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (out) {
                        out.append(s);
                    }
                } catch (IOException e) {
                    // killed: the stream ends
                }
            });
            int code = kids.waitFor(p, timeout);
            reader.joinAll(Duration.ofSeconds(5));
            synchronized (out) {
                return new Ended(code, out.toString());
            }
        }
    }
}
