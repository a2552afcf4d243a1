package org.visualdl.plugin.embedding.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class TsneTest {

  @Test
  void separatesWellSeparatedClustersIn2dAndKeepsNeighbours() {
    Clusters data = new Clusters(6, 70, 20, 4, 21);
    List<Double> fractions = new ArrayList<>();
    List<double[]> partials = new ArrayList<>();
    Progress p =
        new Progress() {
          @Override
          public void report(double fraction, double[] partial) {
            fractions.add(fraction);
            if (partial != null) {
              partials.add(partial);
            }
          }

          @Override
          public boolean cancelled() {
            return false;
          }
        };
    double[] y = new Tsne.Options().dims(2).perplexity(20).iterations(500).run(data.values, data.n, data.d, p);
    assertEquals(data.n * 2, y.length);
    assertTrue(data.nearestCentroidAccuracy(y, 2) > 0.95, "accuracy " + data.nearestCentroidAccuracy(y, 2));
    assertTrue(data.neighbourRecall(y, 2, 10) > 0.3, "recall " + data.neighbourRecall(y, 2, 10));
    assertTrue(partials.size() >= 40, "intermediate layouts: " + partials.size());
    for (int i = 1; i < fractions.size(); i++) {
      assertTrue(fractions.get(i) >= fractions.get(i - 1));
    }
    assertEquals(1.0, fractions.get(fractions.size() - 1), 1e-9);
  }

  @Test
  void separatesClustersIn3d() {
    Clusters data = new Clusters(4, 60, 10, 5, 4);
    double[] y = new Tsne.Options().dims(3).perplexity(15).iterations(400).run(data.values, data.n, data.d, Progress.NONE);
    assertTrue(data.nearestCentroidAccuracy(y, 3) > 0.95);
  }

  @Test
  void affinitiesAreSymmetricAndSumToOneWithThePerplexityAsked() {
    Clusters data = new Clusters(2, 50, 5, 3, 8);
    NearestNeighbors.Graph knn = NearestNeighbors.exact(data.values, data.n, data.d, 30, Progress.NONE);
    Tsne.Affinities p = Tsne.affinities(knn, 10);
    double total = 0;
    java.util.Map<Long, Double> entries = new java.util.HashMap<>();
    for (int i = 0; i < data.n; i++) {
      for (int e = p.rowStart()[i]; e < p.rowStart()[i + 1]; e++) {
        total += p.values()[e];
        entries.put(((long) i << 32) | p.columns()[e], p.values()[e]);
      }
    }
    assertEquals(1, total, 1e-9);
    for (var e : entries.entrySet()) {
      long i = e.getKey() >>> 32;
      long j = e.getKey() & 0xffffffffL;
      assertEquals(e.getValue(), entries.get((j << 32) | i), 1e-15);
    }
  }

  @Test
  void barnesHutWithThetaZeroIsTheExactRepulsion() {
    java.util.Random rnd = new java.util.Random(2);
    int n = 200;
    double[] y = new double[n * 2];
    for (int i = 0; i < y.length; i++) {
      y[i] = rnd.nextGaussian();
    }
    y[2] = y[0]; // a duplicate point
    y[3] = y[1];
    SpaceTree tree = new SpaceTree(2, 16);
    tree.build(y, n);
    double[] force = new double[n * 2];
    int[] stack = new int[tree.stackSize()];
    double z = 0;
    for (int i = 0; i < n; i++) {
      z += tree.repulsion(y, i, 0, force, stack);
    }
    double[] exact = new double[n * 2];
    double zExact = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double dx = y[i * 2] - y[j * 2];
        double dy = y[i * 2 + 1] - y[j * 2 + 1];
        double q = 1 / (1 + dx * dx + dy * dy);
        zExact += q;
        exact[i * 2] += q * q * dx;
        exact[i * 2 + 1] += q * q * dy;
      }
    }
    assertEquals(zExact, z, 1e-9 * zExact);
    for (int i = 0; i < force.length; i++) {
      assertEquals(exact[i], force[i], 1e-9);
    }
  }

  @Test
  void stopsWhenCancelled() {
    Clusters data = new Clusters(2, 50, 5, 3, 8);
    Progress cancelled =
        new Progress() {
          @Override
          public void report(double fraction, double[] partial) {}

          @Override
          public boolean cancelled() {
            return true;
          }
        };
    assertThrows(CancellationException.class,
        () -> new Tsne.Options().run(data.values, data.n, data.d, cancelled));
  }
}
