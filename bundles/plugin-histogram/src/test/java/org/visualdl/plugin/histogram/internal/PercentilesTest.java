package org.visualdl.plugin.histogram.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void interpolatesLinearlyWithinBuckets() {
    // 100 values spread evenly over [0, 100) in ten buckets: percentile p is the value p.
    double[] edges = new double[11];
    double[] counts = new double[10];
    for (int i = 0; i <= 10; i++) {
      edges[i] = i * 10;
    }
    java.util.Arrays.fill(counts, 10);
    HistogramSample h = new HistogramSample(0, 0, edges, counts, 0, 100, 100, 0, 0);
    assertArrayEquals(
        new double[] {0, 7, 16, 31, 50, 69, 84, 93, 100},
        Percentiles.of(h, Percentiles.STANDARD),
        1e-9);
  }

  @Test
  void extremesAreTheMinimumAndMaximum() {
    HistogramSample h = new HistogramSample(
        0, 0, new double[] {-10, 0, 10}, new double[] {1, 1}, -2, 3, 2, 1, 13);
    double[] p = Percentiles.of(h, new double[] {0, 50, 100});
    assertArrayEquals(new double[] {-2, 0, 3}, p, 1e-12);
  }

  @Test
  void skipsEmptyBuckets() {
    HistogramSample h = new HistogramSample(
        0, 0, new double[] {0, 1, 2, 3}, new double[] {2, 0, 2}, 0, 3, 4, 0, 0);
    // Half the values lie in [0, 1), half in [2, 3]: the median is the top of the first bucket.
    assertArrayEquals(new double[] {1, 2.5}, Percentiles.of(h, new double[] {50, 75}), 1e-12);
  }

  @Test
  void noValuesNoPercentiles() {
    HistogramSample h = new HistogramSample(
        0, 0, new double[0], new double[0], Double.NaN, Double.NaN, 0, 0, 0);
    assertNull(Percentiles.of(h, Percentiles.STANDARD));
  }
}
