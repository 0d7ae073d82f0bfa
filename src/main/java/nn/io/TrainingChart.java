package nn.io;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code training.png}: the loss and the quality metric by epoch, one panel each, every series
 * (train, validation) with a legend and labelled axes. Drawn headless with XChart.
 */
public final class TrainingChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private TrainingChart() {
    }

    /**
     * Loads Java2D, the fonts and XChart on a daemon thread while the caller reads its config and
     * trains: the first chart otherwise costs about a second at the end of every run.
     */
    public static void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            System.setProperty("java.awt.headless", "true");
            BufferedImage image = BitmapEncoder.getBufferedImage(panel("warm-up", "loss", new double[] {1, 2},
                    Map.of("train", new double[] {1, 0.5})));
            try {
                ImageIO.write(image, "png", new ByteArrayOutputStream());
            } catch (IOException e) {
                // only a warm-up: the real chart reports its own errors
            }
        }, "nn-chart-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    /**
     * Writes the chart atomically. {@code losses} and {@code metrics} map a series name (such as
     * "train" or "validation") to one value per epoch; NaN values are left out. Needs
     * {@link ChartLibrary#present()}.
     */
    public static void write(Path file, String title, double[] epochs, Map<String, double[]> losses,
                             String metricName, Map<String, double[]> metrics) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage left = BitmapEncoder.getBufferedImage(panel(title + ": loss", "loss", epochs, losses));
        BufferedImage right = BitmapEncoder.getBufferedImage(panel(title + ": " + metricName, metricName, epochs, metrics));
        BufferedImage both = new BufferedImage(WIDTH * 2, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, WIDTH, 0, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        // An explicit memory stream: ImageIO's default file cache registers a shutdown hook, which
        // fails while Ctrl-C is shutting the JVM down and the interrupted run saves its chart.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(png)) {
            ImageIO.write(both, "png", stream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the training chart", e);
        }
        AtomicFiles.write(file, png.toByteArray());
    }

    private static XYChart panel(String title, String yLabel, double[] epochs, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        // XChart ticks every 10 epochs whatever the length; label only a readable few of them.
        long step = niceStep(epochs.length);
        chart.getStyler().setXAxisMin(0.0);
        chart.setCustomXAxisTickLabelsFormatter(x -> Math.round(x) % step == 0 ? Long.toString(Math.round(x)) : " ");
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            double[][] finite = finitePoints(epochs, s.getValue());
            if (finite[0].length > 0) {
                chart.addSeries(s.getKey(), finite[0], finite[1]);
            }
        }
        return chart;
    }

    /** 1, 2, 5, 10, 20, 50, ... so that about eight labels show. */
    private static long niceStep(int epochs) {
        long step = 1;
        while (epochs / step > 8) {
            step = Long.toString(step).startsWith("2") ? step / 2 * 5 : step * 2;
        }
        return step;
    }

    private static double[][] finitePoints(double[] x, double[] y) {
        int n = 0;
        for (double v : y) {
            n += Double.isFinite(v) ? 1 : 0;
        }
        double[][] points = new double[2][n];
        int i = 0;
        for (int k = 0; k < y.length; k++) {
            if (Double.isFinite(y[k])) {
                points[0][i] = x[k];
                points[1][i++] = y[k];
            }
        }
        return points;
    }
}
