package dev.racelab.models;

import dev.racelab.chart.Charts;
import dev.racelab.core.Budget;
import dev.racelab.core.ChildJvm;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Pinning: a virtual thread that blocks while it holds a {@code synchronized} monitor. Up to JDK 23 it could not
 * unmount, so it kept its carrier (OS) thread busy while it slept; JEP 491 (JDK 24) lets it unmount. A
 * {@code ReentrantLock} never pinned. Measured on the running JDK: 4 × carriers virtual threads each sleep 100 ms
 * inside their own lock; pinned, only "carriers" of them can sleep at once.
 * {@code Pinning.run()}, {@code Pinning.onOtherJdks()}
 */
public final class Pinning {
    /** The JDK release whose JEP 491 stopped {@code synchronized} from pinning. */
    public static final int JEP_491_JDK = 24;

    public enum Mode {
        // figure names on the running JDK, spelled out so that a search for a name a notebook reads finds this line
        NO_LOCK("no lock", "no_lock_wall_ms", "no_lock_max_sleeping"),
        SYNCHRONIZED("synchronized", "synchronized_wall_ms", "synchronized_max_sleeping"),
        REENTRANT_LOCK("ReentrantLock", "reentrantlock_wall_ms", "reentrantlock_max_sleeping");

        private final String label;
        final String wallFigure, maxSleepingFigure;

        Mode(String label, String wallFigure, String maxSleepingFigure) {
            this.label = label;
            this.wallFigure = wallFigure;
            this.maxSleepingFigure = maxSleepingFigure;
        }

        static Mode ofLabel(String label) {
            for (Mode m : values()) if (m.label.equals(label)) return m;
            throw new IllegalArgumentException("no lock mode '" + label + "'");
        }

        public String label() { return label; }
    }

    private Pinning() {}

    /** The carrier threads of the virtual-thread scheduler: its parallelism (the core count unless set). */
    public static int carriers() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** On the running JDK, with 4 × carriers threads sleeping 100 ms each. */
    public static Result run() {
        return run(4 * carriers(), Duration.ofMillis(100));
    }

    public static Result run(int threads, Duration sleep) {
        Require.inRange("threads", threads, 1, 10_000);
        Require.inRange("sleep (ms)", sleep.toMillis(), 1, 10_000);
        int carriers = carriers();
        Result.Builder b = Result.builder("pinning", "Virtual threads sleeping inside a lock, JDK " + Runtime.version().feature())
                .param("threads", threads).param("sleep_ms", sleep.toMillis()).param("carriers", carriers);
        DataTable t = new DataTable("jdk", "lock", "threads", "carriers", "wall_ms", "max_sleeping_at_once", "pinned");
        measureAll(t, "JDK " + Runtime.version().feature(), threads, sleep, carriers);
        return summarize(b.explainer(PinningExplain::explain), t, threads, sleep, carriers);
    }

    static void measureAll(DataTable t, String jdk, int threads, Duration sleep, int carriers) {
        once(Mode.NO_LOCK, Math.min(threads, 4), Duration.ofMillis(5)); // warm-up
        once(Mode.SYNCHRONIZED, Math.min(threads, 4), Duration.ofMillis(5));
        once(Mode.REENTRANT_LOCK, Math.min(threads, 4), Duration.ofMillis(5));
        for (Mode m : Mode.values()) {
            long[] r = once(m, threads, sleep);
            // pinned: no more sleepers at once than carriers, while the unpinned baseline had all of them
            boolean pinned = r[1] <= carriers && threads > carriers;
            t.add(jdk, m.label(), threads, carriers, r[0] / 1e6, r[1], pinned);
        }
    }

    static Result summarize(Result.Builder b, DataTable t, int threads, Duration sleep, int carriers) {
        b.samples(t).showSamples();
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        for (Object[] row : t.rows()) {
            String jdk = (String) row[0];
            String lock = (String) row[1];
            Mode m = Mode.ofLabel(lock);
            // another JDK's figures carry its name in front (jdk_21_synchronized_wall_ms): which JDKs are installed is
            // only known at run time, so those names are built; the running JDK's are the literals in Mode
            String other = jdk.equals("JDK " + Runtime.version().feature()) ? "" : jdk.replace(' ', '_').toLowerCase(Locale.ROOT) + "_";
            b.figure(other + m.wallFigure, ((Number) row[4]).doubleValue(), "ms");
            b.figure(other + m.maxSleepingFigure, ((Number) row[5]).doubleValue(), "threads");
            bars.computeIfAbsent(jdk, k -> new LinkedHashMap<>()).put(lock, ((Number) row[4]).doubleValue());
        }
        b.figure("jdk", Runtime.version().feature(), "");
        b.figure("jep491_jdk", JEP_491_JDK, "");
        b.figure("carriers", carriers, "threads");
        b.note(String.format(Locale.ROOT, "%d virtual threads, each sleeping %d ms inside its own lock, on %d carrier "
                + "threads. Pinned, they sleep %d at a time: about %d ms in all.", threads, sleep.toMillis(), carriers,
                carriers, (threads + carriers - 1) / carriers * sleep.toMillis()));
        b.chart(r -> Charts.bars("Wall time: " + threads + " virtual threads each sleeping " + sleep.toMillis()
                + " ms inside a lock", "lock", "ms", bars, false));
        return b.build();
    }

    /** One run: {wall nanos, most threads asleep at once}. */
    static long[] once(Mode mode, int threads, Duration sleep) {
        AtomicInteger sleeping = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] ts = new Thread[threads];
        int started = 0;
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < threads; i++) {
                Object monitor = new Object();
                ReentrantLock lock = new ReentrantLock();
                Runnable nap = () -> {
                    most.accumulateAndGet(sleeping.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        sleeping.decrementAndGet();
                    }
                };
                ts[i] = Thread.ofVirtual().name("racelab-pin-" + i).start(switch (mode) {
                    case NO_LOCK -> nap;
                    case SYNCHRONIZED -> () -> {
                        synchronized (monitor) {
                            nap.run();
                        }
                    };
                    case REENTRANT_LOCK -> () -> {
                        lock.lock();
                        try {
                            nap.run();
                        } finally {
                            lock.unlock();
                        }
                    };
                });
                started++;
            }
            for (Thread t : ts) t.join();
            return new long[] {System.nanoTime() - t0, most.get()};
        } catch (InterruptedException e) {
            throw Budget.interrupted();
        } finally {
            VirtualThreads.stopAll(ts, started);
        }
    }

    // --- the same measurement on other JDKs installed on this machine --------------------------------------------

    /** JDK homes from 21 up to (not including) the running release, in the usual folders (like ./course looks). */
    public static List<Path> otherJdks() {
        List<Path> found = new ArrayList<>();
        int running = Runtime.version().feature();
        for (String dir : List.of("/usr/lib/jvm", "/usr/java", "/opt/java", "/opt")) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.sorted().forEach(home -> {
                    int f = feature(home);
                    if (f >= 21 && f < running && Files.isExecutable(home.resolve("bin/java"))
                            && found.stream().noneMatch(p -> sameFile(p, home))) {
                        found.add(home);
                    }
                });
            } catch (IOException e) {
                // an unreadable folder holds no JDK we can use
            }
        }
        return found;
    }

    /**
     * The same measurement in a child JVM of every other JDK 21+ found (see {@link #otherJdks()}), next to the
     * running JDK; a result with only the running JDK when there is none.
     */
    public static Result onOtherJdks() {
        return onJdks(otherJdks());
    }

    /**
     * {@link #onOtherJdks()} where another JDK 21+ is installed; otherwise one sentence saying that only the running
     * JDK was measured. {@code Pinning.onOtherJdksOrSay()} as a cell's last line.
     */
    public static dev.racelab.render.Renderable onOtherJdksOrSay() {
        List<Path> jdks = otherJdks();
        if (!jdks.isEmpty()) return onJdks(jdks);
        int jdk = Runtime.version().feature();
        return noOtherJdk(jdk).markdown();
    }

    static dev.racelab.core.Prose noOtherJdk(int jdk) {
        return jdk <= 21
                ? dev.racelab.core.Prose.of("This is JDK {jdk}; no other JDK to compare with was looked for below it.")
                        .set("jdk", String.valueOf(jdk))
                : dev.racelab.core.Prose.of("No JDK from 21 to {last} is installed here, so only JDK {jdk} was measured.")
                        .set("last", String.valueOf(jdk - 1)).set("jdk", String.valueOf(jdk));
    }

    /** The measurement in a child JVM of each JDK home given, then on the running JDK. */
    static Result onJdks(List<Path> jdks) {
        int threads = 4 * carriers();
        Duration sleep = Duration.ofMillis(100);
        int carriers = carriers();
        Result.Builder b = Result.builder("pinning", "Virtual threads sleeping inside a lock, across JDKs")
                .param("threads", threads).param("sleep_ms", sleep.toMillis()).param("carriers", carriers);
        DataTable t = new DataTable("jdk", "lock", "threads", "carriers", "wall_ms", "max_sleeping_at_once", "pinned");
        try (ChildProcesses kids = new ChildProcesses()) {
            for (Path home : jdks) {
                List<String> cmd = new ArrayList<>(ChildJvm.command(List.of(), Child.class,
                        Integer.toString(threads), Long.toString(sleep.toMillis())));
                cmd.set(0, home.resolve("bin/java").toString());
                Process p = kids.start(new ProcessBuilder(cmd).redirectErrorStream(true));
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int exit = kids.waitFor(p, Duration.ofSeconds(60));
                if (exit != 0) throw new IllegalStateException("pinning child on " + home + " exited with " + exit + ": " + out.strip());
                for (String line : out.lines().filter(l -> l.startsWith("ROW ")).toList()) {
                    String[] f = line.substring(4).split("\t");
                    t.add(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[4]),
                            Long.parseLong(f[5]), Boolean.parseBoolean(f[6]));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read a pinning child: " + e.getMessage(), e);
        }
        measureAll(t, "JDK " + Runtime.version().feature(), threads, sleep, carriers);
        b.figure("other_jdks", jdks.size(), "");
        if (jdks.isEmpty()) b.note("No JDK from 21 to " + (Runtime.version().feature() - 1) + " was found in /usr/lib/jvm, "
                + "/usr/java, /opt/java or /opt: only the running JDK was measured.");
        return summarize(b, t, threads, sleep, carriers);
    }

    /** Child main: measures on its own JDK and prints one ROW line per lock. */
    public static final class Child {
        public static void main(String[] args) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
            DataTable t = new DataTable("jdk", "lock", "threads", "carriers", "wall_ms", "max_sleeping_at_once", "pinned");
            measureAll(t, "JDK " + Runtime.version().feature(), Integer.parseInt(args[0]),
                    Duration.ofMillis(Long.parseLong(args[1])), carriers());
            for (Object[] row : t.rows()) {
                StringBuilder sb = new StringBuilder("ROW ");
                for (int i = 0; i < row.length; i++) sb.append(i == 0 ? "" : "\t").append(row[i]);
                System.out.println(sb);
            }
        }
    }

    static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    if (v.startsWith("1.")) v = v.substring(2);
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
