package org.visualdl.sdk.internal;

import java.util.Arrays;
import org.visualdl.proto.Histogram;

/**
 * Computes histogram buckets in the SDK. By default TensorBoard's exponential buckets: edges at
 * 0, ±1e-12 * 1.1^k up to 1e20, so relative resolution is 10% at every scale; only the range from
 * the first to the last non-empty bucket is stored, its outer edges clamped to the data's min and
 * max. Or {@code n} buckets of equal width between min and max. Non-finite values (NaN, ±Inf) are
 * left out of buckets, min, max, num, sum and sum of squares.
 */
public final class Histograms {
  /** Upper limits of TensorBoard's default buckets: bucket i holds limits[i-1] <= v < limits[i]. */
  private static final double[] LIMITS = defaultLimits();

  private Histograms() {}

  private static double[] defaultLimits() {
    double[] pos = new double[1000];
    int n = 0;
    for (double v = 1e-12; v < 1e20; v *= 1.1) {
      pos[n++] = v;
    }
    double[] limits = new double[2 * n + 2];
    for (int i = 0; i < n; i++) {
      limits[i] = -pos[n - 1 - i];
    }
    limits[n] = 0;
    System.arraycopy(pos, 0, limits, n + 1, n);
    limits[2 * n + 1] = Double.MAX_VALUE;
    return limits;
  }

  /** One source of values, so that the float[] and double[] overloads share the code. */
  public interface Values {
    int size();

    double get(int i);
  }

  public static Values of(double[] v) {
    return new Values() {
      public int size() {
        return v.length;
      }

      public double get(int i) {
        return v[i];
      }
    };
  }

  public static Values of(float[] v) {
    return new Values() {
      public int size() {
        return v.length;
      }

      public double get(int i) {
        return v[i];
      }
    };
  }

  /**
   * @param bucketCount 0 for TensorBoard-style exponential buckets, otherwise that many buckets of
   *     equal width
   */
  public static Histogram compute(Values values, int bucketCount) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double sumSquares = 0;
    long num = 0;
    int n = values.size();
    for (int i = 0; i < n; i++) {
      double v = values.get(i);
      if (!Double.isFinite(v)) {
        continue;
      }
      num++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sumSquares += v * v;
    }
    Histogram.Builder h =
        Histogram.newBuilder().setNum(num).setSum(sum).setSumSquares(sumSquares);
    if (num == 0) {
      return h.build();
    }
    h.setMin(min).setMax(max);
    if (min == max) {
      return h.addEdges(min).addEdges(max).addCounts(num).build();
    }
    if (bucketCount > 0) {
      double[] counts = new double[bucketCount];
      double width = (max - min) / bucketCount;
      for (int i = 0; i < n; i++) {
        double v = values.get(i);
        if (Double.isFinite(v)) {
          int b = (int) ((v - min) / width);
          counts[Math.min(bucketCount - 1, Math.max(0, b))]++;
        }
      }
      for (int i = 0; i <= bucketCount; i++) {
        h.addEdges(i == bucketCount ? max : min + i * width);
      }
      for (double c : counts) {
        h.addCounts(c);
      }
      return h.build();
    }
    double[] counts = new double[LIMITS.length];
    int lo = LIMITS.length;
    int hi = -1;
    for (int i = 0; i < n; i++) {
      double v = values.get(i);
      if (Double.isFinite(v)) {
        int b = bucketOf(v);
        counts[b]++;
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
    }
    for (int b = lo; b <= hi; b++) {
      h.addEdges(b == lo ? min : LIMITS[b - 1]);
    }
    h.addEdges(max);
    for (int b = lo; b <= hi; b++) {
      h.addCounts(counts[b]);
    }
    return h.build();
  }

  private static int bucketOf(double v) {
    int i = Arrays.binarySearch(LIMITS, v);
    // An exact hit on limit i belongs to bucket i + 1 (limits are exclusive upper bounds).
    int b = i >= 0 ? i + 1 : -i - 1;
    return Math.min(b, LIMITS.length - 1);
  }

  /**
   * A histogram from buckets computed elsewhere. Sum and sum of squares are estimated from the
   * bucket midpoints.
   */
  public static Histogram fromBuckets(double[] edges, double[] counts) {
    if (edges == null || counts == null) {
      throw new IllegalArgumentException("histogram edges and counts must not be null");
    }
    if (counts.length == 0 || edges.length != counts.length + 1) {
      throw new IllegalArgumentException(
          "a histogram needs n >= 1 counts and n + 1 edges; got " + counts.length + " counts and "
              + edges.length + " edges");
    }
    Histogram.Builder h = Histogram.newBuilder();
    double num = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i]) || (i > 0 && edges[i] < edges[i - 1])) {
        throw new IllegalArgumentException(
            "histogram edges must be finite and non-decreasing; edge " + i + " is " + edges[i]);
      }
      h.addEdges(edges[i]);
    }
    for (int i = 0; i < counts.length; i++) {
      double c = counts[i];
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException(
            "histogram counts must be finite and >= 0; count " + i + " is " + c);
      }
      h.addCounts(c);
      double mid = (edges[i] + edges[i + 1]) / 2;
      num += c;
      sum += c * mid;
      sumSquares += c * mid * mid;
    }
    return h.setMin(edges[0])
        .setMax(edges[edges.length - 1])
        .setNum(num)
        .setSum(sum)
        .setSumSquares(sumSquares)
        .build();
  }
}
