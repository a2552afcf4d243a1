package org.visualdl.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.visualdl.sdk.LogWriter;

/**
 * The demo's texts, audio clips, PR and ROC curves (in the three demo runs, so runs overlay) and
 * an hparams grid of its own (12 runs under {@code hparams-demo/} plus one whose {@code layers} is
 * text where the others have a number). Everything small: it is written at every demo start.
 */
final class DemoFiveDashboards {
  static final String[] RUNS = {"resnet50/lr-0.1", "resnet50/lr-0.01", "mobilenet/baseline"};
  static final String TEXT_TAG = "notes/summary";
  static final int TEXT_EVERY = 500;
  static final String AUDIO_TAG = "speech/tone";
  static final int SAMPLE_RATE = 16_000;
  static final long[] AUDIO_STEPS = {0, 1000, 2500, 4000, 4999};
  static final String PR_TAG = "pr/cat";
  static final String ROC_TAG = "roc/cat";
  static final long[] CURVE_STEPS = {0, 1000, 2000, 3000, 4999};
  static final int THRESHOLDS = 101;
  static final int CURVE_SAMPLES = 400;
  static final String HPARAMS_PREFIX = "hparams-demo/";
  static final int HPARAMS_POINTS = 50;

  private DemoFiveDashboards() {}

  static void write(Path logdir) throws IOException {
    boolean[] labels = labels();
    for (int r = 0; r < RUNS.length; r++) {
      try (LogWriter log = LogWriter.open(logdir.resolve(RUNS[r]))) {
        writeTexts(log, r);
        writeAudio(log, r);
        writeCurves(log, r, labels);
      }
    }
    writeHparams(logdir);
  }

  /** A Markdown report every 500 steps: heading, table, code, list, link and a remote image. */
  private static void writeTexts(LogWriter log, int run) {
    Random rnd = new Random(100 + run);
    for (int step = 0; step < DemoData.STEPS; step += TEXT_EVERY) {
      double loss = 2.3 * Math.exp(-step / (900.0 + 600 * run)) + 0.2 + 0.02 * rnd.nextGaussian();
      String text = "## " + RUNS[run] + " at step " + step + "\n\n"
          + "| metric | value |\n|---|---|\n"
          + String.format("| train/loss | %.4f |%n| learning rate | %.5f |%n", loss,
              DemoData.learningRate(run == 1 ? 0.01 : run == 0 ? 0.1 : 0.05, step))
          + "\nNext steps:\n\n- keep the cosine schedule\n- check `eval/accuracy` at step "
          + (step + TEXT_EVERY) + "\n\n"
          + "```python\noptimizer.step()  # step " + step + "\n```\n\n"
          + "See [the VisualDL docs](https://github.com/PaddlePaddle/VisualDL).\n\n"
          // A remote image: the text dashboard must show its alt text, never fetch it.
          + "![remote chart](https://example.com/chart.png)\n";
      log.addText(TEXT_TAG, step, text);
    }
  }

  /**
   * A 1 s chirp whose range widens with the step. (One clip per step: the store keeps the last
   * clip written at a step, so two clips at one step come only from foreign logs.)
   */
  private static void writeAudio(LogWriter log, int run) {
    for (long step : AUDIO_STEPS) {
      double f0 = 220 * (run + 1);
      double f1 = f0 + 200 + 600 * step / (double) DemoData.STEPS;
      log.addAudio(AUDIO_TAG, step, chirp(f0, f1, 0.4 + 0.15 * run), SAMPLE_RATE);
    }
  }

  /** One second of a linear chirp from f0 to f1 Hz: a quick attack, then a decay. */
  static float[] chirp(double f0, double f1, double amplitude) {
    float[] s = new float[SAMPLE_RATE];
    for (int i = 0; i < s.length; i++) {
      double t = i / (double) SAMPLE_RATE;
      double phase = 2 * Math.PI * (f0 * t + (f1 - f0) * t * t / 2);
      double envelope = Math.min(1, i / 400.0) * Math.exp(-2.5 * t) * Math.min(1, (s.length - 1 - i) / 400.0);
      s[i] = (float) (amplitude * envelope * Math.sin(phase));
    }
    return s;
  }

  /** Fixed labels (about 40 % positive) shared by every run and step. */
  static boolean[] labels() {
    Random rnd = new Random(42);
    boolean[] labels = new boolean[CURVE_SAMPLES];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rnd.nextDouble() < 0.4;
    }
    return labels;
  }

  /** Predictions sigmoid(k * step * (label - 0.5) + noise): better separated as steps grow. */
  private static void writeCurves(LogWriter log, int run, boolean[] labels) {
    double k = 0.0005 / (1 + 0.5 * run);
    Random rnd = new Random(200 + run);
    double[] predictions = new double[labels.length];
    for (long step : CURVE_STEPS) {
      for (int i = 0; i < labels.length; i++) {
        double x = k * step * ((labels[i] ? 1 : 0) - 0.5) + rnd.nextGaussian();
        predictions[i] = 1 / (1 + Math.exp(-x));
      }
      log.addPrCurve(PR_TAG, step, labels, predictions, THRESHOLDS);
      log.addRocCurve(ROC_TAG, step, labels, predictions, THRESHOLDS);
    }
  }

  /** 3 learning rates x 2 optimizers x 2 augment flags, and one run with {@code layers=auto}. */
  private static void writeHparams(Path logdir) throws IOException {
    int seed = 0;
    for (double lr : new double[] {0.1, 0.01, 0.001}) {
      for (String optimizer : new String[] {"adam", "sgd"}) {
        for (boolean augment : new boolean[] {true, false}) {
          String run = HPARAMS_PREFIX + "lr-" + lr + "-" + optimizer + (augment ? "-aug" : "");
          writeSession(logdir.resolve(run), lr, optimizer, augment, 18, seed++);
        }
      }
    }
    writeSession(logdir.resolve(HPARAMS_PREFIX + "lr-0.01-adam-auto-layers"), 0.01, "adam", true,
        "auto", seed);
  }

  private static void writeSession(Path dir, double lr, String optimizer, boolean augment,
      Object layers, long seed) throws IOException {
    // Adam likes small rates, SGD larger ones; augmentation adds a little.
    double fit = optimizer.equals("adam")
        ? 1 - Math.abs(Math.log10(lr) + 2.5) / 3
        : 1 - Math.abs(Math.log10(lr) + 1) / 3;
    double finalAccuracy = 0.55 + 0.38 * fit + (augment ? 0.02 : 0);
    Random rnd = new Random(300 + seed);
    try (LogWriter log = LogWriter.open(dir)) {
      Map<String, Object> hparams = new LinkedHashMap<>();
      hparams.put("lr", lr);
      hparams.put("optimizer", optimizer);
      hparams.put("augment", augment);
      hparams.put("batch", 64);
      hparams.put("layers", layers);
      log.addHparams(hparams, List.of("train/loss", "eval/accuracy"));
      for (int i = 0; i < HPARAMS_POINTS; i++) {
        long step = i * 100L;
        double progress = 1 - Math.exp(-i / 12.0);
        log.addScalar("train/loss", step,
            0.15 + 2.2 * (1 - progress * fit) + 0.03 * rnd.nextGaussian());
        log.addScalar("eval/accuracy", step,
            0.1 + (finalAccuracy - 0.1) * progress + 0.005 * rnd.nextGaussian());
      }
    }
  }
}
