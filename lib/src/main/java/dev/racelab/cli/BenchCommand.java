package dev.racelab.cli;

import dev.racelab.basics.SpawnCost;
import dev.racelab.race.Classic;
import dev.racelab.race.CounterKind;
import dev.racelab.race.Handoff;
import dev.racelab.race.StartGate;
import dev.racelab.core.Interval;
import dev.racelab.core.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The library's performance figures, one {@code name: value unit} line each. {@code ./course bench} adds the
 * notebook and kernel figures measured from Python.
 */
@Command(name = "bench", description = "Print the library's performance figures as 'name: value unit' lines.")
public final class BenchCommand implements Callable<Integer> {

    /** A measured figure. */
    public record Figure(String name, double value, String unit) {
        public String line() {
            return String.format(Locale.ROOT, "%s: %s %s", name, fmt(value), unit).trim();
        }

        static String fmt(double v) {
            if (Double.isNaN(v)) return "nan";
            if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
            if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%.0f", v);
            return String.format(Locale.ROOT, "%.4g", v);
        }
    }

    /** Each group measures its figures; {@code smoke} asks for the smallest run that still exercises the code. */
    static final Map<String, Function<Boolean, List<Figure>>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("spawn", smoke -> {
            SpawnCost s = SpawnCost.defaults();
            if (smoke) s.threads(300).processes(5).jvms(2);
            Result r = s.run();
            return List.of(
                    new Figure("platform_thread_start_join_us", r.value("platform_thread_median_us"), "us"),
                    new Figure("virtual_thread_start_join_us", r.value("virtual_thread_median_us"), "us"),
                    new Figure("child_process_spawn_us", r.value("child_process_median_us"), "us"),
                    new Figure("child_jvm_spawn_ms", r.value("child_JVM_median_us") / 1000, "ms"));
        });
    }

    static {
        GROUPS.put("race", smoke -> {
            // One run, side by side: the start gate, two new threads per trial (the classic program in-process),
            // one JVM per trial. All race 2 threads × 10,000 increments of a plain static int.
            int trials = smoke ? 200 : 5_000;
            Result gate = StartGate.of(CounterKind.PLAIN_STATIC).trials(trials).precision(1).seconds(smoke ? 2 : 20).run();
            Result vol = StartGate.of(CounterKind.VOLATILE).trials(trials).precision(1).seconds(smoke ? 2 : 20).run();
            double tps = gate.value("trials_per_s");
            // wall time per trial minus the time some racing loop ran: what the gate itself costs per trial
            double fixedUs = 1e6 / tps * (1 - 1 / gate.value("overhead"));
            double handoff = Handoff.roundTripMicros(smoke ? 1_000 : 20_000);
            Result inProc = Classic.inProcess().runs(smoke ? 100 : 2_000).seconds(smoke ? 2 : 20).run();
            double newThreadsPerS = inProc.value("runs") / (inProc.wall().toNanos() / 1e9);
            Result jvms = Classic.book().runs(smoke ? 3 : 40).precision(1).seconds(smoke ? 5 : 60).run();
            double jvmPerS = jvms.value("runs") / (jvms.wall().toNanos() / 1e9);
            // The reader's program and the timed copy, in alternating blocks of the same minutes, pooled.
            long[] book = {0, 0}, timed = {0, 0};
            int rounds = smoke ? 1 : 4, per = smoke ? 4 : 50;
            for (int i = 0; i < rounds; i++) {
                for (Classic.Program prog : List.of(Classic.Program.BOOK, Classic.Program.TIMED)) {
                    Result r = Classic.of(prog).runs(per).precision(1).seconds(smoke ? 5 : 60).run();
                    long[] acc = prog == Classic.Program.BOOK ? book : timed;
                    acc[0] += (long) r.value("runs_exact");
                    acc[1] += (long) r.value("runs");
                }
            }
            Interval bookShare = Interval.wilson(book[0], book[1]), timedShare = Interval.wilson(timed[0], timed[1]);
            return List.of(
                    new Figure("classic_exact_share", bookShare.estimate(), String.format(Locale.ROOT,
                            "of %d runs printed 20000 (the book program; 95%% interval %.3f-%.3f)", book[1], bookShare.low(), bookShare.high())),
                    new Figure("classic_exact_share_low", bookShare.low(), ""),
                    new Figure("classic_exact_share_high", bookShare.high(), ""),
                    new Figure("classic_exact_share_timed", timedShare.estimate(), String.format(Locale.ROOT,
                            "of %d runs printed 20000 (+ nanoTime stamps; 95%% interval %.3f-%.3f)", timed[1], timedShare.low(), timedShare.high())),
                    new Figure("classic_exact_share_timed_low", timedShare.low(), ""),
                    new Figure("classic_exact_share_timed_high", timedShare.high(), ""),
                    new Figure("race_gate_trials_per_s", tps, "1/s (plain static, 2x10000)"),
                    new Figure("race_gate_overhead", gate.value("overhead"), "x time inside the loops (plain static, 2x10000)"),
                    new Figure("race_gate_loop_ns_per_increment", gate.value("ns_per_increment"), "ns (plain static; far below 1: the JIT collapsed the loop)"),
                    new Figure("race_gate_overhead_volatile", vol.value("overhead"), "x time inside the loops (volatile, 2x10000)"),
                    new Figure("race_gate_together_share", gate.value("trials_together") / Math.max(1, gate.value("trials")), "of trials with both threads at the gate in time"),
                    new Figure("race_gate_fixed_cost_us", fixedUs, "us per trial"),
                    new Figure("thread_handoff_roundtrip_us", handoff, "us"),
                    new Figure("race_gate_fixed_cost_vs_handoff", fixedUs / handoff, "x"),
                    new Figure("race_new_threads_trials_per_s", newThreadsPerS, "1/s"),
                    new Figure("race_jvm_per_trial_trials_per_s", jvmPerS, "1/s"),
                    new Figure("race_gate_vs_new_threads", tps / newThreadsPerS, "x"),
                    new Figure("race_gate_vs_jvm_per_trial", tps / jvmPerS, "x"));
        });
    }

    static {
        // Notebooks 03 and 04 (the JMH comparison of the counters is the Python plug-in tools/bench.d/jmh_counters.py)
        GROUPS.put("locks", smoke -> {
            Result views = dev.racelab.db.PageViews.requests(smoke ? 500 : 10_000).workers(4).compare();
            Result deadlock = dev.racelab.locks.Deadlock.provoke();
            Result states = dev.racelab.locks.ThreadStates.synchronizedLock().workers(6).millis(smoke ? 100 : 800).run();
            Result cas = dev.racelab.atomics.CasRetries.defaults().threads(2).workNanos(100).seconds(smoke ? 0.2 : 0.5).run();
            return List.of(
                    new Figure("h2_read_then_write_lost_share", views.value("read_then_write_lost") / views.value("read_then_write_requests"), "of views (4 workers)"),
                    new Figure("h2_atomic_update_per_s", views.value("atomic_update_per_s"), "requests/s"),
                    new Figure("h2_select_for_update_per_s", views.value("select_for_update_per_s"), "requests/s"),
                    new Figure("h2_optimistic_per_s", views.value("optimistic_per_s"), "requests/s"),
                    new Figure("deadlock_detected_ms", deadlock.value("detected_after_ms"), "ms"),
                    new Figure("lock_waiting_share_6_workers", states.value("share_waiting_for_lock"), "of samples BLOCKED (synchronized)"),
                    new Figure("cas_retried_share_100ns", cas.value("share_retried"), "of increments (2 threads)"),
                    new Figure("cas_cpu_share", cas.value("cpu_share"), "of a core per thread"));
        });
        GROUPS.put("sched", SchedulingCommands::bench);
        GROUPS.put("procpool", ProcessCommands::bench);
        // notebook 08: a million sleeping virtual threads (smoke: ten thousand)
        GROUPS.put("vthreads", smoke -> {
            int n = smoke ? 10_000 : 1_000_000;
            Result r = dev.racelab.models.VirtualThreads.virtual(n).sleep(smoke ? 0.2 : 1.0).run();
            String tag = smoke ? "10k" : "1m";
            return List.of(
                    new Figure("vthreads_" + tag + "_threads", r.value("threads"), "virtual threads (lowered if the heap is small)"),
                    new Figure("vthreads_" + tag + "_start_ms", r.value("start_ms"), "ms"),
                    new Figure("vthreads_" + tag + "_start_join_ms", r.value("start_join_ms"), "ms (includes the sleep)"),
                    new Figure("vthreads_" + tag + "_wake_to_joined_ms", r.value("wake_to_joined_ms"), "ms"),
                    new Figure("vthread_bytes", r.value("bytes_per_thread"), "bytes per sleeping virtual thread"));
        });
    }

    @Option(names = "--smoke", description = "smallest runs: prove the benchmarks work, not the numbers")
    boolean smoke;

    @Option(names = "--only", split = ",", paramLabel = "GROUP", description = "only these groups")
    List<String> only;

    @Override
    public Integer call() {
        List<String> groups = new ArrayList<>(GROUPS.keySet());
        if (only != null) {
            for (String g : only) {
                if (!GROUPS.containsKey(g)) {
                    throw new IllegalArgumentException("unknown group '" + g + "'; allowed: " + String.join(", ", groups));
                }
            }
            groups = only;
        }
        for (String g : groups) {
            for (Figure f : GROUPS.get(g).apply(smoke)) System.out.println(f.line());
            System.out.flush();
        }
        return 0;
    }
}
