package dev.racelab.welcome;

import dev.racelab.chart.Charts;
import dev.racelab.core.Conditions;
import dev.racelab.core.DataTable;
import dev.racelab.core.Machine;
import dev.racelab.core.Profile;
import dev.racelab.core.Prose;
import dev.racelab.core.Result;
import java.awt.GraphicsEnvironment;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/**
 * The environment check of notebook 00: what this machine is and whether the course can run on it.
 * {@code Environment.check()}
 */
public final class Environment {
    private Environment() {}

    public static Result check() {
        Machine m = Machine.current();
        DataTable t = new DataTable("check", "value", "status");
        int feature = m.jdkFeature();
        t.add("JDK", m.jdkVersion() + " (" + m.jdkVendor() + ")", feature >= 21 ? "ok" : "needs 21 or newer");
        t.add("JIT", m.vmName() + ", " + m.jitMode(), m.jitMode().startsWith("mixed") ? "ok" : "unusual: timings differ");
        Conditions c = Conditions.now();
        t.add("cores", m.cores() + " (CPUs allowed: " + c.cpusAllowed() + ", online: " + c.onlineCpus() + ")",
                m.cores() >= 2 ? "ok" : "note: one core: threads take turns, races show rarely");
        t.add("CPU quota", Double.isNaN(c.quotaCpus()) ? "none" : String.format(java.util.Locale.ROOT, "%.2f cores", c.quotaCpus()),
                Double.isNaN(c.quotaCpus()) || c.quotaCpus() >= m.cores() ? "ok" : "note: a quota: threads run at once only part of the time");
        t.add("two threads at once", String.format(java.util.Locale.ROOT, "%.0f %% of a %.0f ms probe", 100 * c.parallelism(), c.probeMillis()),
                c.parallelism() >= Conditions.PARALLEL_ENOUGH || m.cores() < 2 ? "ok" : "note: busy right now: other work takes the cores");
        t.add("load average (1 min)", Double.isNaN(c.load1()) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", c.load1()), "ok");
        t.add("OS", m.os() + " " + m.osVersion() + " (" + m.arch() + ")", "ok");
        t.add("max heap", (m.maxHeapBytes() >> 20) + " MiB", m.maxHeapBytes() >= (256L << 20) ? "ok" : "small");
        String kernel = kernelVersion();
        t.add("kernel", kernel, kernel.startsWith("JJava") ? "ok" : "not running in the course kernel");
        t.add("racelab library", m.libraryVersion(), "ok");
        t.add("profile", Profile.current().label() + " (RACELAB_PROFILE)", "ok");
        boolean headless = GraphicsEnvironment.isHeadless();
        t.add("headless charts", headless, headless ? "ok" : "a display is attached; charts still render");
        String charts;
        try {
            int bytes = Charts.bars("check", "n", Map.of("a", 1), false).png().length;
            charts = bytes > 1000 ? "ok" : "rendered an empty image";
        } catch (Throwable e) { // fonts missing: AWT says "Fontconfig head is null"
            charts = "cannot render: " + e;
        }
        t.add("chart rendering", "JFreeChart → PNG", charts);
        // "note: …" rows describe the machine (one core, a quota, a busy moment); they are not problems to fix
        long problems = t.strings("status").stream().filter(s -> !s.equals("ok") && !s.startsWith("note:")).count();
        return Result.builder("environment", "Environment check")
                .samples(t).showSamples().conditions(c)
                .explainer(Environment::explain)
                .figure("jdk_feature", feature, "")
                .figure("cores", m.cores(), "")
                .figure("problems", problems, "")
                .figure("charts_ok", charts.equals("ok") ? 1 : 0, "")
                .build();
    }

    /** Whether the course can run here, and what the CPU gives threads that should race. */
    static Prose explain(Result r) {
        Conditions c = r.conditions();
        Prose p = new Prose().set("jdk", r.value("jdk_feature"), "%.0f").set("cores", r.value("cores"), "%.0f")
                .set("profile", Profile.current().label()).set("problems", r.value("problems"), "%.0f")
                .set("par", 100 * c.parallelism(), "%.0f %%");
        if (r.value("problems") == 0) {
            p.add("Everything the course needs is here: Java {jdk} on {cores} " + (r.value("cores") == 1 ? "core" : "cores")
                    + ", running the {profile} profile.");
        } else {
            p.add("{problems} check(s) above are not ok; the status column says what to fix before going on.");
        }
        // what the CPU gave at this moment: it changes with the machine's load, so it is marked as such
        return p.addLoad(switch (c.regime()) {
            case FREE -> "Two threads ran at the very same instant {par} of a short probe: races can happen *in parallel* "
                    + "here, not only by taking turns.";
            case ONE_CORE -> "This JVM may use one CPU: threads only take turns. Races still happen (a thread can be paused "
                    + "mid-update), but rarely with short loops; notebook 02 shows the one-CPU story and says when it applies.";
            case QUOTA -> "A CPU quota limits this JVM: threads run at once only until each period's quota is used up. "
                    + "Every result names it.";
            case BUSY -> "Other work is using the cores right now (two threads ran at once only {par} of a short probe): every "
                    + "result says what it had, and measurements are best repeated when the machine is quieter.";
        });
    }

    /** "JJava 1.0a8" inside the course kernel, "none (terminal)" elsewhere. */
    static String kernelVersion() {
        try {
            ClassLoader cl = ClassLoader.getSystemClassLoader();
            try (InputStream in = cl.getResourceAsStream("META-INF/maven/org.dflib.jjava/jjava-distro/pom.properties")) {
                if (in == null) return "none (terminal)";
                Properties p = new Properties();
                p.load(in);
                return "JJava " + p.getProperty("version", "?");
            }
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
