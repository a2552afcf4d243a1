package org.visualdl.plugin.embedding.internal.math;

import java.util.Random;

/** Well-separated Gaussian clusters, and measures of how a layout keeps them. */
final class Clusters {
  final int n;
  final int d;
  final int clusters;
  final float[] values;
  final int[] label;

  Clusters(int clusters, int perCluster, int d, double separation, long seed) {
    this.n = clusters * perCluster;
    this.d = d;
    this.clusters = clusters;
    this.values = new float[n * d];
    this.label = new int[n];
    Random rnd = new Random(seed);
    double[][] centers = new double[clusters][d];
    for (int c = 0; c < clusters; c++) {
      for (int l = 0; l < d; l++) {
        centers[c][l] = separation * rnd.nextGaussian();
      }
    }
    for (int i = 0; i < n; i++) {
      int c = i % clusters;
      label[i] = c;
      for (int l = 0; l < d; l++) {
        values[i * d + l] = (float) (centers[c][l] + rnd.nextGaussian());
      }
    }
  }

  /** The fraction of points whose nearest cluster centroid in the layout is their own cluster's. */
  double nearestCentroidAccuracy(double[] y, int dims) {
    double[][] centroid = new double[clusters][dims];
    int[] count = new int[clusters];
    for (int i = 0; i < n; i++) {
      count[label[i]]++;
      for (int c = 0; c < dims; c++) {
        centroid[label[i]][c] += y[i * dims + c];
      }
    }
    for (int k = 0; k < clusters; k++) {
      for (int c = 0; c < dims; c++) {
        centroid[k][c] /= count[k];
      }
    }
    int right = 0;
    for (int i = 0; i < n; i++) {
      int best = -1;
      double bestD = Double.POSITIVE_INFINITY;
      for (int k = 0; k < clusters; k++) {
        double s = 0;
        for (int c = 0; c < dims; c++) {
          double diff = y[i * dims + c] - centroid[k][c];
          s += diff * diff;
        }
        if (s < bestD) {
          bestD = s;
          best = k;
        }
      }
      if (best == label[i]) {
        right++;
      }
    }
    return (double) right / n;
  }

  /** The mean fraction of each point's k nearest neighbours in the input that stay among its k nearest in the layout. */
  double neighbourRecall(double[] y, int dims, int k) {
    float[] yf = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      yf[i] = (float) y[i];
    }
    NearestNeighbors.Graph high = NearestNeighbors.exact(values, n, d, k, Progress.NONE);
    NearestNeighbors.Graph low = NearestNeighbors.exact(yf, n, dims, k, Progress.NONE);
    long kept = 0;
    for (int i = 0; i < n; i++) {
      java.util.Set<Integer> set = new java.util.HashSet<>();
      for (int m = 0; m < k; m++) {
        set.add(high.indices()[i * k + m]);
      }
      for (int m = 0; m < k; m++) {
        if (set.contains(low.indices()[i * k + m])) {
          kept++;
        }
      }
    }
    return (double) kept / ((long) n * k);
  }
}
