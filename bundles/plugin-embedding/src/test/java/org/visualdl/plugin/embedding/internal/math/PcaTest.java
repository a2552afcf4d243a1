package org.visualdl.plugin.embedding.internal.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {

  @Test
  void findsTheAxesAndVariancesOfAnAxisAlignedDataset() {
    int n = 4000;
    int d = 12;
    double[] sd = {1, 7, 0.5, 3, 0.2, 0.2, 0.1, 0.3, 0.1, 0.1, 0.4, 0.2};
    float[] x = new float[n * d];
    Random rnd = new Random(3);
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < d; l++) {
        x[i * d + l] = (float) (5 + sd[l] * rnd.nextGaussian());
      }
    }
    Pca pca = Pca.fit(x, n, d, 3, Pca.DEFAULT_ITERATIONS, 1, Progress.NONE);
    double[] comps = pca.components();
    int[] expectedAxis = {1, 3, 0};
    for (int c = 0; c < 3; c++) {
      double along = Math.abs(comps[c * d + expectedAxis[c]]);
      assertTrue(along > 0.99, "component " + c + " lies along axis " + expectedAxis[c] + ": " + along);
      double expectedVar = sd[expectedAxis[c]] * sd[expectedAxis[c]];
      assertEquals(expectedVar, pca.variances()[c], 0.06 * expectedVar);
    }
    double total = 0;
    for (double s : sd) {
      total += s * s;
    }
    assertEquals(total, pca.totalVariance(), 0.05 * total);
    // Projections are centred and their variance is the component's.
    double[] y = pca.project(x, n);
    double mean = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      mean += y[i * 3];
      sq += y[i * 3] * y[i * 3];
    }
    assertEquals(0, mean / n, 0.05);
    assertEquals(pca.variances()[0], sq / (n - 1), 1e-3 * sq / n);
  }

  @Test
  void agreesWithAFullEigenDecompositionOfTheCovariance() {
    int n = 600;
    int d = 8;
    Random rnd = new Random(5);
    float[] x = new float[n * d];
    double[][] mix = new double[d][d];
    for (double[] row : mix) {
      for (int l = 0; l < d; l++) {
        row[l] = rnd.nextGaussian();
      }
    }
    for (int i = 0; i < n; i++) {
      double[] z = new double[d];
      for (int l = 0; l < d; l++) {
        z[l] = rnd.nextGaussian() * (l + 1);
      }
      for (int l = 0; l < d; l++) {
        double s = 0;
        for (int m = 0; m < d; m++) {
          s += mix[l][m] * z[m];
        }
        x[i * d + l] = (float) s;
      }
    }
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < d; l++) {
        mean[l] += x[i * d + l] / (double) n;
      }
    }
    double[] cov = new double[d * d];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a * d + b] += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]) / (n - 1);
        }
      }
    }
    double[] vectors = new double[d * d];
    double[] values = SmallEigen.symmetric(cov.clone(), d, vectors);
    Pca pca = Pca.fit(x, n, d, 2, Pca.DEFAULT_ITERATIONS, 9, Progress.NONE);
    for (int c = 0; c < 2; c++) {
      assertEquals(values[c], pca.variances()[c], 1e-4 * values[0]);
      double dot = 0;
      for (int l = 0; l < d; l++) {
        dot += vectors[l * d + c] * pca.components()[c * d + l];
      }
      assertEquals(1, Math.abs(dot), 1e-4);
    }
  }

  @Test
  void keepsWellSeparatedClustersApart() {
    Clusters data = new Clusters(5, 80, 64, 6, 11);
    double[] y = Pca.fit(data.values, data.n, data.d, 2, 60, 1, Progress.NONE).project(data.values, data.n);
    assertTrue(data.nearestCentroidAccuracy(y, 2) > 0.95);
  }

  @Test
  void handlesFewerDimensionsThanComponentsAndConstantData() {
    float[] x = {1, 2, 3, 4, 5, 6};
    Pca pca = Pca.fit(x, 3, 2, 3, 10, 1, Progress.NONE);
    assertEquals(9, pca.project(x, 3).length);
    float[] constant = new float[50];
    double[] y = Pca.fit(constant, 10, 5, 2, 10, 1, Progress.NONE).project(constant, 10);
    for (double v : y) {
      assertEquals(0, v, 1e-12);
    }
  }
}
