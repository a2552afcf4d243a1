package org.visualdl.plugin.histogram.internal;


/**
 * Percentiles of a stored histogram, as TensorBoard's distributions: the value below which a given
 * share of the values lies, interpolated linearly within the bucket that holds it. Bucket edges are
 * clamped to the histogram's minimum and maximum, so 0 gives the minimum and 100 the maximum.
 */
final class Percentiles {
  /** TensorBoard's distribution bands: maximum, ±1.5σ, ±1σ, ±0.5σ, median of a normal law. */
  static final double[] STANDARD = {0, 7, 16, 31, 50, 69, 84, 93, 100};

  private Percentiles() {}

  /** The values at each percentile (0..100), or null when the histogram holds no values. */
  static double[] of(HistogramSample h, double[] percentiles) {
    double[] edges = h.edges();
    double[] counts = h.counts();
    if (counts.length == 0 || edges.length != counts.length + 1) {
      return null;
    }
    double total = Rebinning.total(counts);
    if (total <= 0) {
      return null;
    }
    boolean known = h.num() > 0 && Double.isFinite(h.min()) && Double.isFinite(h.max());
    double lo = known ? h.min() : edges[0];
    double hi = known ? h.max() : edges[edges.length - 1];
    double[] out = new double[percentiles.length];
    for (int p = 0; p < percentiles.length; p++) {
      double target = total * percentiles[p] / 100.0;
      double seen = 0;
      double value = hi;
      for (int i = 0; i < counts.length; i++) {
        double c = counts[i];
        if (c <= 0) {
          continue;
        }
        if (seen + c >= target) {
          double a = Math.max(lo, Math.min(hi, edges[i]));
          double b = Math.max(lo, Math.min(hi, edges[i + 1]));
          value = a + (b - a) * ((target - seen) / c);
          break;
        }
        seen += c;
      }
      out[p] = percentiles[p] <= 0 ? lo : percentiles[p] >= 100 ? hi : value;
    }
    return out;
  }
}
