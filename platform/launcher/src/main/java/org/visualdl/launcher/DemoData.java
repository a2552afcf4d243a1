package org.visualdl.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.visualdl.sdk.LogWriter;

/**
 * Writes the demo log directory through the public Java SDK: a few runs of a made-up image
 * classifier with realistic curves, and one run that keeps growing while the server runs.
 */
final class DemoData {
  static final int STEPS = 5000;
  static final int EVAL_EVERY = 100;

  private record Model(String run, double lr, double floor, double speed, long seed) {}

  private static final Model[] MODELS = {
    new Model("resnet50/lr-0.1", 0.1, 0.18, 900, 1),
    new Model("resnet50/lr-0.01", 0.01, 0.30, 2200, 2),
    new Model("mobilenet/baseline", 0.05, 0.42, 1400, 3),
  };

  private DemoData() {}

  /** Writes every finished demo run into the log directory. */
  static void write(Path logdir) throws IOException {
    for (Model m : MODELS) {
      try (LogWriter log = LogWriter.open(logdir.resolve(m.run()))) {
        Random rnd = new Random(m.seed());
        long start = System.currentTimeMillis() - STEPS * 120L;
        for (int step = 0; step < STEPS; step++) {
          long wall = start + step * 120L;
          double progress = 1 - Math.exp(-step / m.speed());
          double loss = m.floor() + 2.3 * (1 - progress) + 0.06 * rnd.nextGaussian() * (1 - 0.7 * progress);
          double acc = Math.min(1, 0.1 + (0.95 - m.floor() / 2) * progress + 0.015 * rnd.nextGaussian());
          log.addScalar("train/loss", step, loss, wall);
          log.addScalar("train/accuracy", step, acc, wall);
          log.addScalar("optim/learning_rate", step, learningRate(m.lr(), step), wall);
          if (step % EVAL_EVERY == 0) {
            double gap = 0.05 + 0.15 * progress;
            log.addScalar("eval/loss", step, loss + gap + 0.02 * rnd.nextGaussian(), wall);
            log.addScalar("eval/accuracy", step, Math.max(0, acc - gap / 2), wall);
          }
        }
      }
    }
    DemoHeavyKinds.writeHistograms(logdir);
    DemoHeavyKinds.writeImages(logdir);
    DemoEmbeddings.write(logdir);
    DemoGraph.write(logdir);
    DemoFiveDashboards.write(logdir);
  }

  /** Cosine decay with a short warm-up. */
  static double learningRate(double base, int step) {
    if (step < 200) {
      return base * (step + 1) / 200.0;
    }
    return base * 0.5 * (1 + Math.cos(Math.PI * (step - 200) / (STEPS - 200)));
  }

  /** Starts a run that keeps training: a point every 200 ms until the process ends. */
  static Thread startLiveRun(Path logdir) throws IOException {
    LogWriter log = LogWriter.open(logdir.resolve("live"));
    Thread t =
        new Thread(
            () -> {
              Random rnd = new Random(7);
              try {
                for (long step = 0; !Thread.currentThread().isInterrupted(); step++) {
                  double progress = 1 - Math.exp(-step / 300.0);
                  log.addScalar("train/loss", step, 0.25 + 2 * (1 - progress) + 0.05 * rnd.nextGaussian());
                  log.addScalar("train/accuracy", step, 0.1 + 0.8 * progress + 0.01 * rnd.nextGaussian());
                  Thread.sleep(200);
                }
              } catch (InterruptedException e) {
                // stopping
              } finally {
                try {
                  log.close();
                } catch (IOException e) {
                  System.err.println("visualdl: demo live run: " + e.getMessage());
                }
              }
            },
            "visualdl-demo-live-run");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
