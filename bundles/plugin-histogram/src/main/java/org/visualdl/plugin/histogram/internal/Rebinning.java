package org.visualdl.plugin.histogram.internal;


/**
 * Re-bins one stored histogram into equal-width buckets between its minimum and maximum, as
 * TensorBoard does for display. A stored bucket's count is spread over the new buckets it
 * overlaps in proportion to the overlap (values are assumed uniform within a bucket), so the total
 * count is kept exactly and a value never moves further than one stored bucket's width.
 */
final class Rebinning {
  private Rebinning() {}

  /**
   * @return {@code [left, right, count]} per bucket, {@code count} buckets, or none when the
   *     histogram holds no values
   */
  static double[][] rebin(HistogramSample h, int count) {
    double[] edges = h.edges();
    double[] counts = h.counts();
    if (counts.length == 0 || edges.length != counts.length + 1 || total(counts) <= 0) {
      return new double[0][];
    }
    double lo = Double.isFinite(h.min()) && h.num() > 0 ? h.min() : edges[0];
    double hi = Double.isFinite(h.max()) && h.num() > 0 ? h.max() : edges[edges.length - 1];
    if (!(hi > lo)) {
      // All values equal: a range of 1 around them, so the single spike has somewhere to stand.
      lo -= 0.5;
      hi += 0.5;
    }
    double width = (hi - lo) / count;
    double[] out = new double[count];
    for (int i = 0; i < counts.length; i++) {
      double c = counts[i];
      if (c == 0) {
        continue;
      }
      double a = clamp(edges[i], lo, hi);
      double b = clamp(edges[i + 1], lo, hi);
      if (!(b > a)) {
        out[index(a, lo, width, count)] += c;
        continue;
      }
      int first = index(a, lo, width, count);
      int last = index(b, lo, width, count);
      if (first == last) {
        out[first] += c;
        continue;
      }
      double density = c / (b - a);
      double assigned = 0;
      for (int k = first; k <= last; k++) {
        double l = Math.max(a, lo + k * width);
        double r = k == last ? b : Math.min(b, lo + (k + 1) * width);
        double part = k == last ? c - assigned : Math.max(0, r - l) * density;
        out[k] += part;
        assigned += part;
      }
    }
    double[][] buckets = new double[count][];
    for (int k = 0; k < count; k++) {
      double left = lo + k * width;
      double right = k == count - 1 ? hi : lo + (k + 1) * width;
      buckets[k] = new double[] {left, right, out[k]};
    }
    return buckets;
  }

  /** The stored buckets as {@code [left, right, count]}. */
  static double[][] asStored(HistogramSample h) {
    double[] edges = h.edges();
    double[] counts = h.counts();
    int n = edges.length == counts.length + 1 ? counts.length : 0;
    double[][] buckets = new double[n][];
    for (int i = 0; i < n; i++) {
      buckets[i] = new double[] {edges[i], edges[i + 1], counts[i]};
    }
    return buckets;
  }

  static double total(double[] counts) {
    double t = 0;
    for (double c : counts) {
      t += c;
    }
    return t;
  }

  private static int index(double v, double lo, double width, int count) {
    int k = (int) Math.floor((v - lo) / width);
    return Math.max(0, Math.min(count - 1, k));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
