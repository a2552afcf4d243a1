package org.visualdl.format.tensorboard.internal;

import org.visualdl.proto.PrCurve;

/**
 * The {@code pr_curves} plugin's tensors as {@code PrCurve} payloads: a float {@code [6, N]}
 * tensor whose rows are TP, FP, TN, FN, precision and recall at N thresholds, threshold i being
 * {@code i / (N - 1)} (TensorBoard's {@code pr_curves} summary).
 */
final class PrCurveValues {
  private PrCurveValues() {}

  /**
   * The curve of a tensor.
   *
   * @throws BadPayloadException when the tensor is not a numeric {@code [6, N]} tensor
   */
  static PrCurve curve(String tag, TensorView tensor) {
    if (!tensor.numeric() || tensor.rank != 2 || tensor.dims[0] != 6 || tensor.dims[1] < 1
        || tensor.dims[1] > 1_000_000) {
      throw new BadPayloadException("pr_curves tensor of tag '" + tag
          + "' is not a numeric [6, N] tensor");
    }
    int n = (int) tensor.dims[1];
    double[] v = tensor.numbers();
    if (v.length != 6 * n) {
      throw new BadPayloadException("pr_curves tensor of tag '" + tag + "' holds "
          + v.length + " values instead of " + 6 * n);
    }
    PrCurve.Builder c = PrCurve.newBuilder();
    for (int i = 0; i < n; i++) {
      c.addThresholds(n == 1 ? 0 : (double) i / (n - 1));
      c.addTp(v[i]);
      c.addFp(v[n + i]);
      c.addTn(v[2 * n + i]);
      c.addFn(v[3 * n + i]);
      c.addPrecision(v[4 * n + i]);
      c.addRecall(v[5 * n + i]);
    }
    return c.build();
  }
}
