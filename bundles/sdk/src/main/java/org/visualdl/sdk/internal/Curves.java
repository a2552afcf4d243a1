package org.visualdl.sdk.internal;

import org.visualdl.proto.PrCurve;
import org.visualdl.proto.RocCurve;

/**
 * PR and ROC curves as VisualDL 2.x and TensorBoard compute them: {@code n} thresholds
 * {@code t[i] = i / (n - 1)} evenly spaced in [0, 1], and at each the counts of predictions at or
 * above it: tp (positive labels), fp (negative labels), fn = positives - tp, tn = negatives - fp.
 *
 * <ul>
 *   <li>precision = tp / (tp + fp), and 1 when no prediction is at or above the threshold;
 *   <li>recall = tpr = tp / (tp + fn), and 0 when there is no positive label;
 *   <li>fpr = fp / (fp + tn), and 0 when there is no negative label.
 * </ul>
 *
 * <p>Counts are stored as doubles (exact up to 2^53). The C library and the Python module compute
 * the same values with the same operations, so every SDK writes the same bytes.
 */
public final class Curves {
  /** The most thresholds a curve may have. */
  public static final int MAX_THRESHOLDS = 10_000;

  private Curves() {}

  /** The counts of a curve; arrays of one value per threshold. */
  public record Counts(
      double[] thresholds, double[] tp, double[] fp, double[] tn, double[] fn) {}

  /**
   * The serialized {@link PrCurve} of the predictions.
   *
   * @throws IllegalArgumentException see {@link #counts}
   */
  public static byte[] prCurve(boolean[] labels, double[] predictions, int numThresholds) {
    Counts c = counts(labels, predictions, numThresholds);
    PrCurve.Builder b = PrCurve.newBuilder();
    for (int i = 0; i < c.thresholds.length; i++) {
      double tp = c.tp[i];
      double fp = c.fp[i];
      double fn = c.fn[i];
      b.addThresholds(c.thresholds[i]).addTp(tp).addFp(fp).addTn(c.tn[i]).addFn(fn)
          .addPrecision(tp + fp > 0 ? tp / (tp + fp) : 1.0)
          .addRecall(tp + fn > 0 ? tp / (tp + fn) : 0.0);
    }
    return b.build().toByteArray();
  }

  /**
   * The serialized {@link RocCurve} of the predictions.
   *
   * @throws IllegalArgumentException see {@link #counts}
   */
  public static byte[] rocCurve(boolean[] labels, double[] predictions, int numThresholds) {
    Counts c = counts(labels, predictions, numThresholds);
    RocCurve.Builder b = RocCurve.newBuilder();
    for (int i = 0; i < c.thresholds.length; i++) {
      double tp = c.tp[i];
      double fp = c.fp[i];
      double tn = c.tn[i];
      double fn = c.fn[i];
      b.addThresholds(c.thresholds[i]).addTp(tp).addFp(fp).addTn(tn).addFn(fn)
          .addTpr(tp + fn > 0 ? tp / (tp + fn) : 0.0)
          .addFpr(fp + tn > 0 ? fp / (fp + tn) : 0.0);
    }
    return b.build().toByteArray();
  }

  /**
   * The thresholds and counts.
   *
   * @throws IllegalArgumentException when labels or predictions are null or empty, differ in
   *     length, a prediction is not finite, or numThresholds is not 2 to {@link #MAX_THRESHOLDS}
   */
  public static Counts counts(boolean[] labels, double[] predictions, int numThresholds) {
    if (labels == null || predictions == null || predictions.length == 0) {
      throw new IllegalArgumentException("curve has no predictions");
    }
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException(
          "curve has " + labels.length + " labels but " + predictions.length
              + " predictions: give one label per prediction");
    }
    if (numThresholds < 2 || numThresholds > MAX_THRESHOLDS) {
      throw new IllegalArgumentException(
          "curve: numThresholds must be 2 to " + MAX_THRESHOLDS + ", was " + numThresholds);
    }
    for (int i = 0; i < predictions.length; i++) {
      if (!Double.isFinite(predictions[i])) {
        throw new IllegalArgumentException(
            "curve: prediction " + i + " is " + (Double.isNaN(predictions[i]) ? "NaN" : "infinite")
                + "; predictions must be finite");
      }
    }
    int n = numThresholds;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = (double) i / (double) (n - 1);
    }
    // pos[k], neg[k]: predictions with exactly k thresholds at or below them.
    double[] pos = new double[n + 1];
    double[] neg = new double[n + 1];
    double positives = 0;
    double negatives = 0;
    for (int i = 0; i < predictions.length; i++) {
      int k = atOrBelow(t, predictions[i]);
      if (labels[i]) {
        pos[k] += 1;
        positives += 1;
      } else {
        neg[k] += 1;
        negatives += 1;
      }
    }
    double[] tp = new double[n];
    double[] fp = new double[n];
    double[] tn = new double[n];
    double[] fn = new double[n];
    double tps = 0;
    double fps = 0;
    for (int i = n - 1; i >= 0; i--) {
      // prediction >= t[i] exactly when more than i thresholds are at or below it
      tps += pos[i + 1];
      fps += neg[i + 1];
      tp[i] = tps;
      fp[i] = fps;
      fn[i] = positives - tps;
      tn[i] = negatives - fps;
    }
    return new Counts(t, tp, fp, tn, fn);
  }

  /** How many thresholds (ascending) are at or below p. */
  private static int atOrBelow(double[] t, double p) {
    int lo = 0;
    int hi = t.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] <= p) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
