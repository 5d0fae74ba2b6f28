package dev.racelab.cli;

import dev.racelab.core.Result;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The output options every experiment command shares. */
public final class Output {
    public enum Format { table, csv, json }

    @Option(names = "--format", defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--png", paramLabel = "FILE", description = "also write the chart as a PNG file")
    Path png;

    void emit(Result r, PrintStream out) {
        switch (format) {
            case table -> out.print(r.toText());
            case csv -> out.print(r.toCsv());
            case json -> out.println(r.toJson());
        }
        if (png != null) {
            if (!r.hasChart()) throw new IllegalArgumentException("--png: experiment " + r.experiment() + " draws no chart");
            Path written = r.chart().save(png);
            if (format == Format.table) out.println("chart: " + written);
        }
        out.flush();
    }
}
