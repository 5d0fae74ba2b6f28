package dev.racelab.chart;

import dev.racelab.render.Renderable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;

/**
 * A finished chart: renders headless to PNG at twice its size so it stays sharp at notebook width.
 * {@code chart.save(Path.of("build/race.png"))}
 */
public final class Chart implements Renderable {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 400;
    static final int SCALE = 2;

    private final JFreeChart chart;
    private final int width;
    private final int height;

    Chart(JFreeChart chart, int width, int height) {
        this.chart = chart;
        this.width = width;
        this.height = height;
    }

    /** The JFreeChart underneath, for learners who want to restyle it. */
    public JFreeChart jfree() {
        return chart;
    }

    public String title() {
        return chart.getTitle() == null ? "chart" : chart.getTitle().getText();
    }

    public int width() {
        return width;
    }

    public BufferedImage image() {
        return chart.createBufferedImage(width * SCALE, height * SCALE, width, height, null);
    }

    public byte[] png() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image(), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".chart", ".png");
            Files.write(tmp, png());
            return Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("image/png", Base64.getEncoder().encodeToString(png()));
        m.put("text/plain", "[chart] " + title());
        return m;
    }
}
