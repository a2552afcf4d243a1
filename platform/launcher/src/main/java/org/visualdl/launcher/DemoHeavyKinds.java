package org.visualdl.launcher;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.visualdl.sdk.LogWriter;

/**
 * The demo's histograms and images, written through the public SDK into the demo runs: weight
 * and gradient histograms that drift and widen over training, and sample images (a digit the
 * made-up model is looking at, a feature map) that sharpen as it learns.
 */
final class DemoHeavyKinds {
  static final int HISTOGRAM_STEPS = 50;
  static final int HISTOGRAM_EVERY = 100;
  static final int IMAGE_STEPS = 16;
  static final int IMAGE_EVERY = 300;

  private record Run(String name, double speed, long seed) {}

  private static final Run[] RUNS = {
    new Run("resnet50/lr-0.1", 1.0, 11),
    new Run("resnet50/lr-0.01", 0.5, 12),
    new Run("mobilenet/baseline", 0.75, 13),
  };

  private static final String[] LAYERS = {"conv1", "layer2", "fc"};

  private DemoHeavyKinds() {}

  /** Weight histograms of three layers and one gradient histogram per demo run. */
  static void writeHistograms(Path logdir) throws IOException {
    for (Run r : RUNS) {
      try (LogWriter log = LogWriter.open(logdir.resolve(r.name()))) {
        Random rnd = new Random(r.seed());
        double[] values = new double[4000];
        for (int i = 0; i < HISTOGRAM_STEPS; i++) {
          long step = (long) i * HISTOGRAM_EVERY;
          double t = i / (double) (HISTOGRAM_STEPS - 1) * r.speed();
          for (int l = 0; l < LAYERS.length; l++) {
            double init = 0.05 / (l + 1);
            double spread = init * (1 + 2.5 * t * (l + 1) / LAYERS.length);
            double drift = (l - 1) * 0.04 * t;
            for (int k = 0; k < values.length; k++) {
              // The last layer grows a second mode as it specialises.
              boolean second = l == LAYERS.length - 1 && k % 3 == 0;
              values[k] = second
                  ? 0.12 * t + spread * 0.4 * rnd.nextGaussian()
                  : drift + spread * rnd.nextGaussian();
            }
            log.addHistogram("weights/" + LAYERS[l], step, values);
          }
          double gradScale = 0.02 * Math.exp(-3 * t) + 0.002;
          for (int k = 0; k < values.length; k++) {
            // Heavy-tailed gradients: a Gaussian over a random scale.
            values[k] = gradScale * rnd.nextGaussian() / Math.sqrt(0.2 + rnd.nextDouble());
          }
          log.addHistogram("gradients/fc", step, values);
        }
      }
    }
  }

  /** A drawn digit the model "sees" and a feature map, every few hundred steps, per demo run. */
  static void writeImages(Path logdir) throws IOException {
    for (Run r : RUNS) {
      try (LogWriter log = LogWriter.open(logdir.resolve(r.name()))) {
        Random rnd = new Random(r.seed() * 31);
        for (int i = 0; i < IMAGE_STEPS; i++) {
          long step = (long) i * IMAGE_EVERY;
          double clarity = Math.min(1, (i + 1) / (double) IMAGE_STEPS * (0.6 + r.speed() / 2));
          log.addImage("samples/input", step, digit(i % 10, clarity, rnd));
          log.addImage("activations/layer2", step, featureMap(i, clarity, rnd));
        }
      }
    }
  }

  /** A 96x96 digit on a noisy background; noise fades as clarity grows. */
  private static BufferedImage digit(int d, double clarity, Random rnd) {
    int size = 96;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(18, 18, 24));
    g.fillRect(0, 0, size, size);
    // Seven-segment strokes rather than a font: a headless JRE may have no fonts at all.
    g.setColor(new Color(240, 240, 240));
    g.setStroke(new BasicStroke(9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    int[][] segments = {{28, 16, 68, 16}, {68, 16, 68, 48}, {68, 48, 68, 80}, {28, 80, 68, 80},
      {28, 48, 28, 80}, {28, 16, 28, 48}, {28, 48, 68, 48}};
    String[] lit = {"012345", "12", "01346", "01236", "1256", "02356", "023456", "012", "0123456",
      "012356"};
    for (char c : lit[d].toCharArray()) {
      int[] s = segments[c - '0'];
      g.drawLine(s[0], s[1], s[2], s[3]);
    }
    g.dispose();
    double noise = 90 * (1 - clarity);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int v = img.getRGB(x, y) & 0xff;
        int n = (int) Math.max(0, Math.min(255, v + noise * rnd.nextGaussian()));
        img.setRGB(x, y, (n << 16) | (n << 8) | n);
      }
    }
    return img;
  }

  /** A 128x96 colourful map of blobs that sharpen with clarity. */
  private static BufferedImage featureMap(int i, double clarity, Random rnd) {
    int w = 128;
    int h = 96;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(20, 30, 80), w, h, new Color(60, 10, 70)));
    g.fillRect(0, 0, w, h);
    for (int b = 0; b < 6; b++) {
      float hue = (b / 6f + i * 0.03f) % 1f;
      int alpha = (int) (60 + 180 * clarity);
      Color c = Color.getHSBColor(hue, 0.8f, 1f);
      g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha));
      int bx = 10 + rnd.nextInt(w - 40);
      int by = 8 + rnd.nextInt(h - 36);
      int r = (int) (10 + 18 * clarity);
      g.fillOval(bx, by, r, r);
    }
    g.setStroke(new BasicStroke(1f));
    g.setColor(new Color(255, 255, 255, 90));
    for (int x = 0; x < w; x += 16) {
      g.drawLine(x, 0, x, h);
    }
    g.dispose();
    return img;
  }
}
