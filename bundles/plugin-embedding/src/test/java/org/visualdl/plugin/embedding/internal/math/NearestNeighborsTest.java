package org.visualdl.plugin.embedding.internal.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestNeighborsTest {

  @Test
  void exactGraphMatchesASortOfAllDistances() {
    int n = 300;
    int d = 7;
    int k = 9;
    Random rnd = new Random(1);
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    NearestNeighbors.Graph g = NearestNeighbors.exact(x, n, d, k, Progress.NONE);
    for (int i = 0; i < n; i++) {
      int q = i;
      int[] expected =
          IntStream.range(0, n).filter(j -> j != q).boxed()
              .sorted(Comparator.comparingDouble(j -> dist(x, d, q, j)))
              .limit(k).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, Arrays.copyOfRange(g.indices(), i * k, i * k + k), "row " + i);
      for (int m = 0; m < k; m++) {
        assertEquals(dist(x, d, q, expected[m]), g.distances()[i * k + m], 1e-4);
      }
    }
  }

  @Test
  void queryByCosineAndEuclidean() {
    float[] x = {
      1, 0, // 0
      10, 1, // 1: same direction as 0 nearly, far away
      0, 1, // 2
      1.5f, 0.5f, // 3
    };
    NearestNeighbors.Neighbor[] cos = NearestNeighbors.of(x, 4, 2, 0, 3, NearestNeighbors.Metric.COSINE);
    assertEquals(1, cos[0].index());
    assertEquals(3, cos[1].index());
    assertEquals(2, cos[2].index());
    assertEquals(1.0, cos[2].distance(), 1e-6);
    NearestNeighbors.Neighbor[] euc = NearestNeighbors.of(x, 4, 2, 0, 2, NearestNeighbors.Metric.EUCLIDEAN);
    assertEquals(3, euc[0].index());
    assertEquals(Math.sqrt(0.5), euc[0].distance(), 1e-6);
    assertEquals(2, euc[1].index());
  }

  private static double dist(float[] x, int d, int i, int j) {
    double s = 0;
    for (int l = 0; l < d; l++) {
      double diff = x[i * d + l] - x[j * d + l];
      s += diff * diff;
    }
    return Math.sqrt(s);
  }
}
