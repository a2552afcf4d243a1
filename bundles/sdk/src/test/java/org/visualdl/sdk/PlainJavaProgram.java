package org.visualdl.sdk;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A training program outside OSGi: {@link PlainJavaTest} runs it in a child JVM with only the SDK
 * and its runtime dependencies on the classpath. It logs every kind once.
 */
public final class PlainJavaProgram {
  public static void main(String[] args) throws Exception {
    try (LogWriter log = LogWriter.open(Path.of(args[0]))) {
      for (int step = 0; step < 100; step++) {
        log.addScalar("train/loss", step, 1.0 / (step + 1));
      }
      log.addHistogram("weights", 0, new float[] {0.1f, 0.2f, -0.3f});
      BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
      image.setRGB(1, 1, 0xffffff);
      log.addImage("input", 0, image);
      log.addEmbedding("emb", 0, new float[][] {{1, 0}, {0, 1}}, List.of("x", "y"));
      log.addText("notes", 0, "hello *markdown*");
      log.addPluginData("my_plugin", "custom", 0, new byte[] {42});
    }
    System.out.println("DONE");
  }
}
