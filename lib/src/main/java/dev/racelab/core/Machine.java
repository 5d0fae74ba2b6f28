package dev.racelab.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The machine an experiment ran on: JDK, JIT mode, cores, OS. Every result carries one.
 * {@code Machine.current().summary()}
 */
public record Machine(String jdkVersion, String jdkVendor, String vmName, String jitMode, int cores,
                      String os, String osVersion, String arch, long maxHeapBytes, String libraryVersion) {

    public static Machine current() {
        Runtime rt = Runtime.getRuntime();
        return new Machine(
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("java.vm.name"),
                readJitMode(),
                rt.availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                rt.maxMemory(),
                racelabVersion());
    }

    /** "mixed mode" (JIT on), "interpreted mode" (-Xint) or "compiled mode" (-Xcomp), from the VM itself. */
    static String readJitMode() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted")) return "interpreted";
        if (info.contains("compiled")) return "compiled";
        if (info.contains("mixed")) return "mixed (JIT)";
        return info.isBlank() ? "unknown" : info;
    }

    public static String racelabVersion() {
        try (InputStream in = Machine.class.getResourceAsStream("/dev/racelab/version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** Seconds since this JVM started: how warm the in-process experiments are. */
    public static double uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    public int jdkFeature() {
        return Runtime.version().feature();
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jdk", jdkVersion + " (" + jdkVendor + ")");
        m.put("vm", vmName + ", " + jitMode);
        m.put("cores", Integer.toString(cores));
        m.put("os", os + " " + osVersion + " (" + arch + ")");
        m.put("max heap", (maxHeapBytes / (1024 * 1024)) + " MiB");
        m.put("racelab", libraryVersion);
        return m;
    }

    public String summary() {
        return "JDK " + jdkVersion + ", " + cores + " cores, " + os + " " + arch + ", " + jitMode;
    }
}
