package org.visualdl.plugin.histogram.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RebinningTest {
  static HistogramSample sample(double[] edges, double[] counts) {
    double num = Rebinning.total(counts);
    return new HistogramSample(0, 0, edges, counts, edges[0], edges[edges.length - 1], num, 0, 0);
  }

  @Test
  void mergesAlignedBucketsExactly() {
    HistogramSample h = sample(new double[] {0, 1, 2, 3, 4}, new double[] {1, 2, 3, 4});
    double[][] b = Rebinning.rebin(h, 2);
    assertArrayEquals(new double[] {0, 2, 3}, b[0], 1e-12);
    assertArrayEquals(new double[] {2, 4, 7}, b[1], 1e-12);
  }

  @Test
  void splitsABucketInProportionToTheOverlap() {
    HistogramSample h = sample(new double[] {0, 4}, new double[] {8});
    double[][] b = Rebinning.rebin(h, 4);
    for (int k = 0; k < 4; k++) {
      assertArrayEquals(new double[] {k, k + 1, 2}, b[k], 1e-12);
    }
  }

  @Test
  void keepsTheTotalForUnevenBuckets() {
    double[] edges = {-3, -1.1, -0.2, 0, 0.05, 0.7, 2.9};
    double[] counts = {5, 17, 3, 0, 11, 29};
    double[][] b = Rebinning.rebin(sample(edges, counts), 7);
    double total = 0;
    for (double[] bucket : b) {
      total += bucket[2];
    }
    assertEquals(65, total, 1e-9);
    assertEquals(-3, b[0][0]);
    assertEquals(2.9, b[6][1]);
  }

  @Test
  void clampsStoredEdgesToTheMinimumAndMaximum() {
    // Stored buckets wider than the data: the counts stay within [min, max].
    HistogramSample h = new HistogramSample(
        0, 0, new double[] {-10, 0, 10}, new double[] {4, 4}, -1, 1, 8, 0, 0);
    double[][] b = Rebinning.rebin(h, 2);
    assertArrayEquals(new double[] {-1, 0, 4}, b[0], 1e-12);
    assertArrayEquals(new double[] {0, 1, 4}, b[1], 1e-12);
  }

  @Test
  void aSingleValueGetsARangeOfOne() {
    HistogramSample h = new HistogramSample(
        0, 0, new double[] {3, 3}, new double[] {5}, 3, 3, 5, 15, 45);
    double[][] b = Rebinning.rebin(h, 4);
    assertEquals(2.5, b[0][0]);
    assertEquals(3.5, b[3][1]);
    assertEquals(5, b[2][2]); // [3.0, 3.25) holds 3
  }

  @Test
  void anEmptyHistogramHasNoBuckets() {
    HistogramSample h = new HistogramSample(
        0, 0, new double[0], new double[0], Double.NaN, Double.NaN, 0, 0, 0);
    assertEquals(0, Rebinning.rebin(h, 10).length);
    assertEquals(0, Rebinning.asStored(h).length);
  }
}
