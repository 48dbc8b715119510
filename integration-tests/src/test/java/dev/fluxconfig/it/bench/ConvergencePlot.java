package dev.fluxconfig.it.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import javax.imageio.ImageIO;

/**
 * The benchmark's convergence curves, drawn with Java2D into a PNG: configurations done over time since each phase's first
 * create, one line per phase (the baseline's Ready Flux objects divided by the three a configuration has, the controller's
 * Compliant FluxConfigs). A {@link Series} samples a counter every 250 ms while its phase runs.
 */
final class ConvergencePlot {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868)};

    /** Points (seconds since the phase started, configurations done) of one phase. */
    static final class Series implements AutoCloseable {
        final String label;
        final List<double[]> points = new ArrayList<>();
        private final long start = System.nanoTime();
        private final DoubleSupplier value;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-plot-sampler");
            t.setDaemon(true);
            return t;
        });

        Series(String label, DoubleSupplier value) {
            this.label = label;
            this.value = value;
            sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
        }

        private synchronized void sample() {
            points.add(new double[]{(System.nanoTime() - start) / 1e9, value.getAsDouble()});
        }

        /** Stops sampling after a last point. */
        @Override
        public void close() {
            sampler.shutdownNow();
            sample();
        }

        synchronized List<double[]> points() {
            return List.copyOf(points);
        }
    }

    private ConvergencePlot() {
    }

    /** Draws the series against one time axis, the configurations on the other; returns the file written. */
    static Path write(Path file, String title, int configs, List<Series> series) throws IOException {
        double maxT = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(1);
        double tStep = niceStep(maxT / 8);
        maxT = Math.ceil(maxT / tStep) * tStep;
        double yStep = niceStep(configs / 5.0);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int left = 80;
        int right = WIDTH - 30;
        int top = 60;
        int bottom = HEIGHT - 60;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();

        // grid and axis labels
        for (double y = 0; y <= configs + 1e-9; y += yStep) {
            int py = bottom - (int) Math.round((bottom - top) * y / configs);
            g.setColor(new Color(0xE5E5E5));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String s = Long.toString(Math.round(y));
            g.drawString(s, left - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        for (double t = 0; t <= maxT + 1e-9; t += tStep) {
            int px = left + (int) Math.round((right - left) * t / maxT);
            g.setColor(new Color(0xE5E5E5));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String s = String.format(Locale.ROOT, tStep < 1 ? "%.1f" : "%.0f", t);
            g.drawString(s, px - fm.stringWidth(s) / 2, bottom + 18);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        String xLabel = "seconds since the phase's first create";
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, bottom + 40);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        String yLabel = "configurations done (of " + configs + ")";
        gy.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 22);
        gy.dispose();

        // the curves and the legend
        g.setStroke(new BasicStroke(2.2f));
        int legendX = right - 50 - series.stream().mapToInt(s -> fm.stringWidth(s.label)).max().orElse(0);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Path2D.Double path = new Path2D.Double();
            boolean first = true;
            for (double[] p : s.points()) {
                double px = left + (right - left) * p[0] / maxT;
                double py = bottom - (bottom - top) * Math.min(p[1], configs) / configs;
                if (first) {
                    path.moveTo(px, py);
                    first = false;
                } else {
                    path.lineTo(px, py);
                }
            }
            g.setColor(COLORS[i % COLORS.length]);
            g.draw(path);
            int ly = top + 18 + i * 20;
            g.drawLine(legendX, ly - 4, legendX + 30, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.label, legendX + 38, ly);
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
        return file;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
