package dev.racelab.notebook;

import dev.racelab.chart.Charts;
import dev.racelab.core.DataTable;
import dev.racelab.core.Machine;
import dev.racelab.core.Profile;
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
        t.add("cores", m.cores(), m.cores() >= 2 ? "ok" : "one core: threads take turns, races show rarely");
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
        long problems = t.strings("status").stream().filter(s -> !s.equals("ok")).count();
        return Result.builder("environment", "Environment check")
                .samples(t).showSamples()
                .figure("jdk_feature", feature, "")
                .figure("cores", m.cores(), "")
                .figure("problems", problems, "")
                .figure("charts_ok", charts.equals("ok") ? 1 : 0, "")
                .build();
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
