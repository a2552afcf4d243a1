package org.visualdl.plugin.embedding.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UmapTest {

  @Test
  void separatesWellSeparatedClustersAndKeepsNeighbours() {
    Clusters data = new Clusters(6, 80, 20, 4, 31);
    double[] y = new Umap.Options().dims(2).epochs(200).run(data.values, data.n, data.d, Progress.NONE);
    assertTrue(data.nearestCentroidAccuracy(y, 2) > 0.95, "accuracy " + data.nearestCentroidAccuracy(y, 2));
    assertTrue(data.neighbourRecall(y, 2, 10) > 0.3, "recall " + data.neighbourRecall(y, 2, 10));
    for (double v : y) {
      assertTrue(Double.isFinite(v));
    }
  }

  @Test
  void separatesClustersIn3d() {
    Clusters data = new Clusters(4, 60, 10, 5, 4);
    double[] y = new Umap.Options().dims(3).epochs(150).run(data.values, data.n, data.d, Progress.NONE);
    assertTrue(data.nearestCentroidAccuracy(y, 3) > 0.95);
  }

  @Test
  void fuzzyGraphIsSymmetricWithWeightsInZeroOne() {
    Clusters data = new Clusters(3, 40, 6, 3, 2);
    NearestNeighbors.Graph knn = NearestNeighbors.exact(data.values, data.n, data.d, 14, Progress.NONE);
    Umap.Edges edges = Umap.fuzzyGraph(knn);
    java.util.Map<Long, Double> w = new java.util.HashMap<>();
    for (int e = 0; e < edges.head().length; e++) {
      double v = edges.weight()[e];
      assertTrue(v > 0 && v <= 1, "weight " + v);
      w.put(((long) edges.head()[e] << 32) | edges.tail()[e], v);
    }
    assertEquals(edges.head().length, w.size(), "no edge twice");
    for (var e : w.entrySet()) {
      long i = e.getKey() >>> 32;
      long j = e.getKey() & 0xffffffffL;
      assertEquals(e.getValue(), w.get((j << 32) | i));
    }
    // Every point is fully connected to its nearest neighbour (local connectivity 1).
    for (int i = 0; i < data.n; i++) {
      assertEquals(1.0, w.get(((long) i << 32) | knn.indices()[i * 14]), 1e-12);
    }
  }
}
