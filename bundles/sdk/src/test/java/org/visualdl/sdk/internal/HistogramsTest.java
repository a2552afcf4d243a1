package org.visualdl.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.Histogram;

class HistogramsTest {
  private static void checkShape(Histogram h, double[] values) {
    assertEquals(h.getCountsCount() + 1, h.getEdgesCount());
    double total = 0;
    for (int i = 0; i < h.getCountsCount(); i++) {
      total += h.getCounts(i);
      assertTrue(h.getEdges(i) <= h.getEdges(i + 1));
    }
    assertEquals(h.getNum(), total);
    assertEquals(h.getMin(), h.getEdges(0));
    assertEquals(h.getMax(), h.getEdges(h.getEdgesCount() - 1));
    // Every value falls in the bucket that counts it.
    for (double v : values) {
      if (!Double.isFinite(v)) {
        continue;
      }
      boolean found = false;
      for (int i = 0; i < h.getCountsCount() && !found; i++) {
        boolean last = i == h.getCountsCount() - 1;
        found = v >= h.getEdges(i) && (v < h.getEdges(i + 1) || (last && v == h.getEdges(i + 1)));
        if (found) {
          assertTrue(h.getCounts(i) > 0);
        }
      }
      assertTrue(found, "value " + v);
    }
  }

  @Test
  void exponentialBucketsCoverEveryValue() {
    Random r = new Random(5);
    double[] values = new double[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3);
    }
    values[0] = 0;
    values[1] = Double.NaN;
    values[2] = Double.POSITIVE_INFINITY;
    Histogram h = Histograms.compute(Histograms.of(values), 0);
    assertEquals(values.length - 2, h.getNum());
    checkShape(h, values);
    // 10% buckets: the relative width of an inner bucket away from zero is about 0.1.
    int mid = h.getCountsCount() * 3 / 4;
    double lo = h.getEdges(mid);
    double hi = h.getEdges(mid + 1);
    assertEquals(0.1, (hi - lo) / Math.abs(lo), 0.01);
  }

  @Test
  void equalWidthBucketsAndEdgeCases() {
    double[] values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10};
    Histogram h = Histograms.compute(Histograms.of(values), 5);
    assertEquals(5, h.getCountsCount());
    assertEquals(0, h.getEdges(0));
    assertEquals(10, h.getEdges(5));
    assertEquals(2, h.getCounts(0));
    assertEquals(2, h.getCounts(4)); // 8 and the maximum 10
    checkShape(h, values);

    Histogram same = Histograms.compute(Histograms.of(new double[] {3, 3, 3}), 0);
    assertEquals(1, same.getCountsCount());
    assertEquals(3, same.getCounts(0));
    checkShape(same, new double[] {3, 3, 3});

    Histogram none = Histograms.compute(Histograms.of(new double[] {Double.NaN}), 0);
    assertEquals(0, none.getNum());
    assertEquals(0, none.getCountsCount());
  }
}
