package dev.racelab.models;

import dev.racelab.core.Budget;
import dev.racelab.core.ChildProcesses;
import dev.racelab.core.DataTable;
import dev.racelab.core.Interval;
import dev.racelab.core.Profile;
import dev.racelab.core.Require;
import dev.racelab.core.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two other languages' answers to the race, run for real where their toolchains are installed: Rust's compiler
 * refuses a data race but compiles a lost update made of an atomic load and a store; Go's race detector ({@code go
 * build -race}) reports a data race while the program runs, and stays silent on the same load-then-store lost
 * update. Where a toolchain is missing the result says so; nothing is simulated.
 * {@code RaceTools.rust().run()}, {@code RaceTools.go().run()}
 *
 * <p>Implementation note: every program is written to a temporary directory, compiled and run in child processes
 * with time limits (killed on timeout), and the directory is deleted. Go runs with {@code GOTOOLCHAIN=local} and
 * {@code GOFLAGS=-mod=mod} unset, so it never tries to download anything.
 */
public final class RaceTools {
    /** Two threads share one counter mutably: the borrow checker refuses it. */
    public static final String RUST_DATA_RACE = """
            use std::thread;

            fn main() {
                let mut count = 0u64;
                let a = thread::spawn(|| for _ in 0..100_000 { count += 1; });
                let b = thread::spawn(|| for _ in 0..100_000 { count += 1; });
                a.join().unwrap();
                b.join().unwrap();
                println!("{count}");
            }
            """;

    /** The lost update in safe Rust: every access is atomic, so there is no data race, and it compiles. */
    public static final String RUST_LOST_UPDATE = """
            use std::sync::atomic::{AtomicU64, Ordering};
            use std::sync::Barrier;
            use std::thread;

            const N: u64 = 2_000_000;

            fn main() {
                let count = AtomicU64::new(0);
                let start = Barrier::new(2);
                thread::scope(|s| {
                    for _ in 0..2 {
                        s.spawn(|| {
                            start.wait();
                            for _ in 0..N {
                                let seen = count.load(Ordering::SeqCst); // read
                                count.store(seen + 1, Ordering::SeqCst); // write what was read
                            }
                        });
                    }
                });
                println!("{} of {}", count.load(Ordering::SeqCst), 2 * N);
            }
            """;

    /** The plain racy counter in Go: compiles; {@code -race} reports it while it runs. */
    public static final String GO_DATA_RACE = """
            package main

            import (
            	"fmt"
            	"sync"
            )

            func main() {
            	count := 0
            	var wg sync.WaitGroup
            	for t := 0; t < 2; t++ {
            		wg.Add(1)
            		go func() {
            			defer wg.Done()
            			for i := 0; i < 100_000; i++ {
            				count++
            			}
            		}()
            	}
            	wg.Wait()
            	fmt.Println(count, "of", 200_000)
            }
            """;

    /** The same lost update with atomic load and store: no data race, so {@code -race} stays silent. */
    public static final String GO_LOST_UPDATE = """
            package main

            import (
            	"fmt"
            	"sync"
            	"sync/atomic"
            )

            func main() {
            	var count atomic.Int64
            	var wg sync.WaitGroup
            	for t := 0; t < 2; t++ {
            		wg.Add(1)
            		go func() {
            			defer wg.Done()
            			for i := 0; i < 100_000; i++ {
            				seen := count.Load() // read
            				count.Store(seen + 1) // write what was read
            			}
            		}()
            	}
            	wg.Wait()
            	fmt.Println(count.Load(), "of", 200_000)
            }
            """;

    static final Pattern PRINTED = Pattern.compile("^(\\d+) of (\\d+)", Pattern.MULTILINE);
    static final Pattern RUST_ERROR = Pattern.compile("error\\[(E\\d{4})]: ([^\\n]*)");
    static final Pattern GO_RACES = Pattern.compile("Found (\\d+) data race");

    private final String language;
    private String tool;
    private int runs;
    private Duration compileLimit = Duration.ofSeconds(30);

    private RaceTools(String language) {
        this.language = language;
        this.tool = language.equals("rust") ? "rustc" : "go";
        this.runs = Profile.quickOrFull(5, 20);
    }

    /** Another executable name (tests: a tool that is not installed). */
    RaceTools tool(String name) {
        this.tool = Require.notNull("tool", name);
        return this;
    }

    public static RaceTools rust() {
        return new RaceTools("rust");
    }

    public static RaceTools go() {
        return new RaceTools("go");
    }

    /** A range {@code runs} checks; its terminal option's help names the same constant. */
    public static final String RUNS_RANGE = "1..200";

    /** How many times each compiled program runs ({@value #RUNS_RANGE}). */
    public RaceTools runs(int n) {
        this.runs = Require.inRange("runs", n, RUNS_RANGE);
        return this;
    }

    /** Longest a compile may take before it is stopped (1..600 s). */
    public RaceTools compileSeconds(double s) {
        Require.inRange("compile time limit (s)", s, 1, 600);
        this.compileLimit = Duration.ofMillis((long) (s * 1000));
        return this;
    }

    /** The tool's executable on this machine: PATH first, then where rustup and the Go tarball install it. */
    public static Optional<Path> find(String tool) {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(java.io.File.pathSeparator)) if (!d.isEmpty()) dirs.add(Path.of(d));
        String home = System.getProperty("user.home");
        dirs.add(Path.of(home, ".cargo", "bin"));
        dirs.add(Path.of("/usr/local/go/bin"));
        dirs.add(Path.of(home, "go", "bin"));
        for (Path d : dirs) {
            Path p = d.resolve(tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    public Result run() {
        boolean rust = language.equals("rust");
        Result.Builder b = Result.builder(rust ? "rust-race" : "go-race",
                        rust ? "Rust: the data race refused, the lost update compiled" : "Go: the race detector (-race)")
                .param("language", language).param("tool", tool).param("runs", runs)
                .param("compile_limit_s", compileLimit.toSeconds());
        DataTable t = new DataTable("program", "run", "printed", "expected", "lost", "races_reported");
        Optional<Path> exe = find(tool);
        b.samples(t).showSamples().explainer(RaceToolsExplain::explain);
        if (exe.isEmpty()) {
            b.param("version", "not installed");
            b.figure("found", 0, "").figure("runs_done", 0, "");
            return b.note(tool + " is not installed on this machine (looked on PATH, ~/.cargo/bin, /usr/local/go/bin): "
                    + "nothing was compiled or run.").ended("not installed").build();
        }
        Path dir = null;
        try (ChildProcesses kids = new ChildProcesses()) {
            dir = Files.createTempDirectory("racelab-" + language);
            Map<String, String> env = environment(dir);
            Out version = exec(kids, dir, env, Duration.ofSeconds(20), exe.get().toString(), rust ? "--version" : "version");
            b.param("version", version.text.strip().lines().findFirst().orElse("?"));
            b.figure("found", 1, "");
            if (rust) runRust(kids, dir, env, exe.get(), b, t);
            else runGo(kids, dir, env, exe.get(), b, t);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + tool + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
        return b.build();
    }

    private void runRust(ChildProcesses kids, Path dir, Map<String, String> env, Path rustc, Result.Builder b, DataTable t)
            throws IOException {
        Files.writeString(dir.resolve("data_race.rs"), RUST_DATA_RACE);
        Files.writeString(dir.resolve("lost_update.rs"), RUST_LOST_UPDATE);
        Out refused = exec(kids, dir, env, compileLimit, rustc.toString(), "--edition", "2021", "-O", "data_race.rs", "-o", "data_race");
        if (refused.timedOut) {
            timedOut(b, "rustc on the data-race program");
            return;
        }
        List<String> codes = new ArrayList<>();
        Matcher m = RUST_ERROR.matcher(refused.text);
        String first = "";
        while (m.find()) {
            if (!codes.contains(m.group(1))) codes.add(m.group(1));
            if (first.isEmpty() && m.group(1).equals("E0499")) first = m.group(2);
        }
        if (first.isEmpty() && refused.text.contains("error")) first = refused.text.lines().filter(l -> l.startsWith("error")).findFirst().orElse("");
        b.figure("data_race_refused", refused.exit != 0 ? 1 : 0, "");
        b.param("error_codes", String.join(", ", codes)).param("first_error", first);
        Out built = exec(kids, dir, env, compileLimit, rustc.toString(), "--edition", "2021", "-O", "lost_update.rs", "-o", "lost_update");
        if (built.timedOut) {
            timedOut(b, "rustc on the lost-update program");
            return;
        }
        b.figure("lost_update_compiled", built.exit == 0 ? 1 : 0, "");
        if (built.exit != 0) {
            b.param("compile_output", firstLines(built.text, 5));
            finish(b, t, "lost_update");
            return;
        }
        runMany(kids, dir, env, dir.resolve("lost_update").toString(), "lost_update", t);
        finish(b, t, "lost_update");
    }

    private void runGo(ChildProcesses kids, Path dir, Map<String, String> env, Path go, Result.Builder b, DataTable t)
            throws IOException {
        Files.writeString(dir.resolve("data_race.go"), GO_DATA_RACE);
        Files.writeString(dir.resolve("lost_update.go"), GO_LOST_UPDATE);
        // program and figure name, spelled out so that a search for a name a notebook reads finds this line
        for (String[] pf : List.of(new String[] {"data_race", "data_race_compiled"}, new String[] {"lost_update", "lost_update_compiled"})) {
            String prog = pf[0];
            Out built = exec(kids, dir, env, compileLimit, go.toString(), "build", "-race", "-o", prog, prog + ".go");
            if (built.timedOut) {
                timedOut(b, "go build -race of " + prog + ".go");
                return;
            }
            b.figure(pf[1], built.exit == 0 ? 1 : 0, "");
            if (built.exit != 0) {
                b.param("compile_output", firstLines(built.text, 5));
                b.figure("runs_done", 0, "");
                b.ended("go build -race failed");
                return;
            }
        }
        runMany(kids, dir, env, dir.resolve("data_race").toString(), "data_race", t);
        runMany(kids, dir, env, dir.resolve("lost_update").toString(), "lost_update", t);
        finish(b, t, "data_race");
        DataTable racy = t.where("program", "data_race"), atomic = t.where("program", "lost_update");
        b.figure("data_race_runs", racy.size(), "runs");
        b.figure("data_race_runs_reported", racy.rows().stream().filter(r -> ((Number) r[5]).longValue() > 0).count(), "runs");
        b.figure("data_race_runs_with_loss", racy.rows().stream().filter(r -> ((Number) r[4]).longValue() > 0).count(), "runs");
        b.figure("lost_update_runs", atomic.size(), "runs");
        b.figure("lost_update_runs_reported", atomic.rows().stream().filter(r -> ((Number) r[5]).longValue() > 0).count(), "runs");
        long lossy = atomic.rows().stream().filter(r -> ((Number) r[4]).longValue() > 0).count();
        b.figure("lost_update_runs_with_loss", lossy, "runs");
        b.figure("lost_update_share_with_loss", Interval.wilson(lossy, atomic.size()), "");
    }

    /** Runs a compiled program {@link #runs} times, one row each: what it printed and the races it reported. */
    private void runMany(ChildProcesses kids, Path dir, Map<String, String> env, String exe, String program, DataTable t) {
        for (int i = 0; i < runs; i++) {
            Budget.checkInterrupt();
            Out o = exec(kids, dir, env, Duration.ofSeconds(20), exe);
            if (o.timedOut) break;
            Matcher p = PRINTED.matcher(o.text);
            long printed = -1, expected = -1;
            if (p.find()) {
                printed = Long.parseLong(p.group(1));
                expected = Long.parseLong(p.group(2));
            }
            Matcher r = GO_RACES.matcher(o.text);
            long races = r.find() ? Long.parseLong(r.group(1)) : o.text.contains("WARNING: DATA RACE") ? 1 : 0;
            if (printed < 0) throw new IllegalStateException(program + " printed no count (exit " + o.exit + "): "
                    + firstLines(o.text, 5));
            t.add(program, i, printed, expected, expected - printed, races);
        }
    }

    /** Figures of the load-then-store program's runs (Rust's only program that runs; Go's second). */
    private static void finish(Result.Builder b, DataTable t, String headline) {
        DataTable lost = t.where("program", "lost_update");
        long lossy = lost.rows().stream().filter(r -> ((Number) r[4]).longValue() > 0).count();
        b.figure("runs_done", t.size(), "runs");
        b.figure("runs_with_loss", lossy, "runs");
        b.figure("share_with_loss", Interval.wilson(lossy, lost.size()), "");
        b.figure("max_lost", lost.size() == 0 ? 0 : lost.rows().stream().mapToLong(r -> ((Number) r[4]).longValue()).max().orElse(0), "updates");
        b.ended(t.size() + " runs");
    }

    private static void timedOut(Result.Builder b, String what) {
        b.param("timed_out", what).figure("runs_done", 0, "");
        b.ended("timed out: " + what);
    }

    record Out(int exit, String text, boolean timedOut) {}

    private static Out exec(ChildProcesses kids, Path dir, Map<String, String> env, Duration limit, String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = kids.start(pb);
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        int exit = kids.waitFor(p, limit);
        Budget.step(() -> reader.join(Duration.ofSeconds(5)));
        String text = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
        return new Out(exit, text, exit == -1); // exit codes are 0..255: -1 is ChildProcesses' "killed on timeout"
    }

    /** No downloads, no telemetry, a private build cache only when the user has none. */
    private static Map<String, String> environment(Path dir) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("GOTOOLCHAIN", "local");
        env.put("GOTELEMETRY", "off");
        env.put("GORACE", "atexit_sleep_ms=0"); // the detector otherwise sleeps 1 s at every exit
        env.put("GOFLAGS", "");
        env.put("CGO_ENABLED", "1");
        env.put("RUSTUP_AUTO_INSTALL", "0");
        if (System.getenv("HOME") == null) env.put("HOME", dir.toString());
        return env;
    }

    static String firstLines(String s, int n) {
        return String.join(" / ", s.strip().lines().limit(n).toList());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
