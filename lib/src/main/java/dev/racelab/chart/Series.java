package dev.racelab.chart;

/** One named line of an XY chart. {@code new Series("synchronized", threads, opsPerSecond)} */
public record Series(String name, double[] x, double[] y) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and "
                    + y.length + " y values");
        }
    }
}
