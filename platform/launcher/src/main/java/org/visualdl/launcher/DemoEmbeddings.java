package org.visualdl.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.visualdl.sdk.LogWriter;

/**
 * Writes the demo embeddings: 2,000 "image features" of 64 dimensions in 10 classes, each class a
 * Gaussian cluster around its own centre, at three steps of training where the classes drift
 * apart, with a label per point and two metadata columns (class and confidence).
 */
final class DemoEmbeddings {
  static final String RUN = "resnet50/lr-0.1";
  static final String TAG = "features/penultimate";
  static final int POINTS = 2000;
  static final int DIMS = 64;
  static final String[] CLASSES = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"
  };

  private DemoEmbeddings() {}

  static void write(Path logdir) throws IOException {
    Random rnd = new Random(10);
    double[][] centers = new double[CLASSES.length][DIMS];
    for (double[] c : centers) {
      for (int l = 0; l < DIMS; l++) {
        c[l] = rnd.nextGaussian();
      }
    }
    try (LogWriter log = LogWriter.open(logdir.resolve(RUN))) {
      for (long step : new long[] {500, 2500, 4999}) {
        double separation = 0.6 + 2.4 * step / 5000.0; // classes separate as training goes on
        float[][] vectors = new float[POINTS][DIMS];
        List<String> labels = new ArrayList<>(POINTS);
        List<List<String>> metadata = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
          int cls = i % CLASSES.length;
          for (int l = 0; l < DIMS; l++) {
            vectors[i][l] = (float) (separation * centers[cls][l] + rnd.nextGaussian() * 0.8);
          }
          labels.add(CLASSES[cls] + "_" + (i / CLASSES.length));
          double confidence = Math.min(0.999, 0.5 + 0.5 * separation / 3 * rnd.nextDouble() + 0.1);
          metadata.add(List.of(CLASSES[cls], String.format(java.util.Locale.ROOT, "%.3f", confidence)));
        }
        log.addEmbedding(TAG, step, vectors, labels, List.of("class", "confidence"), metadata);
      }
    }
  }
}
