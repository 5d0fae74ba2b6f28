package dev.racelab.scheduling;

import dev.racelab.core.ChildProcesses;
import dev.racelab.core.Conditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pins the calling thread to one CPU with {@code taskset -p -c CPU TID} (Linux: every Java platform thread is a
 * kernel thread with its own id, and affinity is per thread). Used to tell a switch on one core from a wake-up
 * across two. {@code Affinity.pinCurrentThread(0)}
 */
final class Affinity {
    private Affinity() {}

    /** The CPUs this process may use, in order (e.g. [0, 1]); empty off Linux. */
    static List<Integer> allowedCpus() {
        String list = Conditions.readCpusAllowed();
        List<Integer> out = new ArrayList<>();
        if (list.equals("n/a")) return out;
        for (String part : list.split(",")) {
            if (part.isBlank()) continue;
            String[] ab = part.trim().split("-");
            try {
                int a = Integer.parseInt(ab[0].trim()), b = ab.length == 1 ? a : Integer.parseInt(ab[1].trim());
                for (int c = a; c <= b; c++) out.add(c);
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return out;
    }

    /** Can this system pin threads (Linux with taskset on the PATH)? */
    static boolean supported() {
        return Files.isReadable(Path.of("/proc/thread-self/status")) && SwitchCost.onPath("taskset").isPresent();
    }

    /** The calling thread's kernel id, from /proc/thread-self (a link such as "4711/task/4723"). */
    static Optional<Long> tid() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return Optional.of(Long.parseLong(link.substring(link.lastIndexOf('/') + 1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The calling thread's allowed CPUs as the kernel reports them (e.g. "0"). */
    static String currentThreadCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "n/a";
    }

    /** Pins the calling thread to {@code cpu}; true when the kernel then reports exactly that CPU. */
    static boolean pinCurrentThread(int cpu) {
        Optional<Long> tid = tid();
        Optional<Path> taskset = SwitchCost.onPath("taskset");
        if (tid.isEmpty() || taskset.isEmpty()) return false;
        try (ChildProcesses kids = new ChildProcesses()) {
            Process p = kids.start(new ProcessBuilder(taskset.get().toString(), "-p", "-c", Integer.toString(cpu),
                    Long.toString(tid.get())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
            if (kids.waitFor(p, Duration.ofSeconds(10)) != 0) return false;
        }
        return currentThreadCpus().equals(Integer.toString(cpu));
    }
}
