package dev.racelab.cli;

import dev.racelab.basics.SpawnCost;
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
