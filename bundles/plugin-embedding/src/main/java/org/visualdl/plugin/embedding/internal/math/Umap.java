package org.visualdl.plugin.embedding.internal.math;

import java.util.Random;

/**
 * UMAP (McInnes, Healy and Melville 2018), following umap-learn: the exact kNN graph; per point
 * the distance {@code rho} to its nearest neighbour and a bandwidth {@code sigma} found by binary
 * search so that the memberships sum to {@code log2(k)}; the fuzzy union {@code a + b - a b} of
 * the directed memberships; a PCA initial layout scaled to a spread of 10; stochastic gradient
 * descent over the edges, each sampled in proportion to its weight, with negative sampling and a
 * learning rate that decays linearly to 0. The curve parameters are those umap-learn fits for
 * {@code min_dist = 0.1, spread = 1}.
 *
 * <pre>{@code
 * double[] xy = new Umap.Options().dims(2).run(values, rows, cols, Progress.NONE);
 * }</pre>
 */
public final class Umap {
  private Umap() {}

  /** umap-learn's fit of {@code 1 / (1 + a d^(2b))} for min_dist 0.1 and spread 1. */
  static final double A = 1.576943460405378;
  static final double B = 0.8950608781227859;

  /** The settings of a run. */
  public static final class Options {
    int dims = 2;
    int neighbors = 15;
    int epochs = -1; // 500 up to 10,000 rows, else 200 (as umap-learn)
    int negativeSampleRate = 5;
    long seed = 1;
    int reportEvery = 5;

    public Options dims(int d) {
      if (d != 2 && d != 3) {
        throw new IllegalArgumentException("UMAP lays out in 2 or 3 dimensions, not " + d);
      }
      this.dims = d;
      return this;
    }

    public Options neighbors(int k) {
      this.neighbors = k;
      return this;
    }

    public Options epochs(int e) {
      this.epochs = e;
      return this;
    }

    public Options seed(long s) {
      this.seed = s;
      return this;
    }

    /** Lays out {@code n} rows of {@code x} ({@code n x d} row-major). */
    public double[] run(float[] x, int n, int d, Progress progress) {
      return Umap.run(this, x, n, d, progress);
    }
  }

  /** The fuzzy graph's edges; each undirected edge appears once per direction. */
  record Edges(int[] head, int[] tail, double[] weight) {}

  static double[] run(Options o, float[] x, int n, int d, Progress progress) {
    int dims = o.dims;
    if (n <= 2) {
      return new double[n * dims];
    }
    Progress prep = progress.range(0, 0.3).withoutPoints();
    int k = Math.max(2, Math.min(o.neighbors, n)) - 1; // neighbours other than the point itself
    NearestNeighbors.Graph knn = NearestNeighbors.exact(x, n, d, k, prep.range(0, 0.9));
    Edges edges = fuzzyGraph(knn);
    double[] y = initialLayout(x, n, d, dims, o.seed);
    prep.report(1, null);
    int epochs = o.epochs > 0 ? o.epochs : (n <= 10_000 ? 500 : 200);
    optimize(edges, y, n, dims, epochs, o, progress.range(0.3, 1));
    return y;
  }

  /** The fuzzy simplicial set: memberships from rho and sigma, combined by fuzzy union. */
  static Edges fuzzyGraph(NearestNeighbors.Graph knn) {
    int n = knn.n();
    int k = knn.k();
    float[] dist = knn.distances();
    double target = Math.log(k + 1) / Math.log(2); // umap-learn counts the point itself in k
    double meanAll = 0;
    for (float v : dist) {
      meanAll += v;
    }
    meanAll /= dist.length;
    java.util.HashMap<Long, double[]> directed = new java.util.HashMap<>(n * k * 2);
    for (int i = 0; i < n; i++) {
      double rho = 0;
      for (int m = 0; m < k; m++) {
        if (dist[i * k + m] > 0) {
          rho = dist[i * k + m];
          break;
        }
      }
      double lo = 0;
      double hi = Double.POSITIVE_INFINITY;
      double sigma = 1;
      for (int step = 0; step < 64; step++) {
        double psum = 0;
        for (int m = 0; m < k; m++) {
          double dd = dist[i * k + m] - rho;
          psum += dd > 0 ? Math.exp(-dd / sigma) : 1;
        }
        if (Math.abs(psum - target) < 1e-5) {
          break;
        }
        if (psum > target) {
          hi = sigma;
          sigma = (lo + hi) / 2;
        } else {
          lo = sigma;
          sigma = hi == Double.POSITIVE_INFINITY ? sigma * 2 : (lo + hi) / 2;
        }
      }
      double meanI = 0;
      for (int m = 0; m < k; m++) {
        meanI += dist[i * k + m];
      }
      meanI /= k;
      sigma = Math.max(sigma, 1e-3 * (rho > 0 ? meanI : meanAll));
      for (int m = 0; m < k; m++) {
        int j = knn.indices()[i * k + m];
        double dd = dist[i * k + m] - rho;
        double w = dd <= 0 ? 1 : Math.exp(-dd / sigma);
        directed.put(((long) i << 32) | j, new double[] {w});
      }
    }
    // Fuzzy union: w_ij + w_ji - w_ij w_ji, kept in both directions.
    int capacity = directed.size() * 2;
    int[] head = new int[capacity];
    int[] tail = new int[capacity];
    double[] weight = new double[capacity];
    int e = 0;
    for (var entry : directed.entrySet()) {
      long key = entry.getKey();
      int i = (int) (key >>> 32);
      int j = (int) key;
      double a = entry.getValue()[0];
      double[] reverse = directed.get(((long) j << 32) | i);
      double b = reverse == null ? 0 : reverse[0];
      double w = a + b - a * b;
      if (reverse != null && i > j) {
        continue; // the pair is emitted once, from its smaller end
      }
      head[e] = i;
      tail[e] = j;
      weight[e++] = w;
      head[e] = j;
      tail[e] = i;
      weight[e++] = w;
    }
    return new Edges(java.util.Arrays.copyOf(head, e), java.util.Arrays.copyOf(tail, e),
        java.util.Arrays.copyOf(weight, e));
  }

  /** PCA of the input scaled to a largest coordinate of 10, with a little noise (as umap-learn). */
  static double[] initialLayout(float[] x, int n, int d, int dims, long seed) {
    double[] y = d >= dims
        ? Pca.fit(x, n, d, dims, 10, seed, Progress.NONE).project(x, n)
        : new double[n * dims];
    double max = 0;
    for (double v : y) {
      max = Math.max(max, Math.abs(v));
    }
    Random rnd = new Random(seed);
    double scale = max > 0 ? 10 / max : 0;
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] * scale + (max > 0 ? 1e-4 : 10) * rnd.nextGaussian();
    }
    return y;
  }

  private static double clip(double v) {
    return v > 4 ? 4 : (v < -4 ? -4 : v);
  }

  static void optimize(Edges edges, double[] y, int n, int dims, int epochs, Options o,
      Progress progress) {
    int m = edges.head().length;
    double maxW = 0;
    for (double w : edges.weight()) {
      maxW = Math.max(maxW, w);
    }
    double[] perSample = new double[m];
    double[] nextSample = new double[m];
    double[] perNegative = new double[m];
    double[] nextNegative = new double[m];
    for (int e = 0; e < m; e++) {
      double w = edges.weight()[e];
      // umap-learn drops edges too weak to be sampled even once.
      perSample[e] = w >= maxW / epochs ? maxW / w : -1;
      nextSample[e] = perSample[e];
      perNegative[e] = perSample[e] / o.negativeSampleRate;
      nextNegative[e] = perNegative[e];
    }
    Random rnd = new Random(o.seed);
    int[] head = edges.head();
    int[] tail = edges.tail();
    double[] diff = new double[dims];
    for (int epoch = 0; epoch < epochs; epoch++) {
      progress.checkCancelled();
      double alpha = 1.0 - (double) epoch / epochs;
      for (int e = 0; e < m; e++) {
        if (perSample[e] <= 0 || nextSample[e] > epoch) {
          continue;
        }
        int j = head[e];
        int k = tail[e];
        int jo = j * dims;
        int ko = k * dims;
        double d2 = 0;
        for (int c = 0; c < dims; c++) {
          diff[c] = y[jo + c] - y[ko + c];
          d2 += diff[c] * diff[c];
        }
        if (d2 > 0) {
          double coeff = -2 * A * B * Math.pow(d2, B - 1) / (A * Math.pow(d2, B) + 1);
          for (int c = 0; c < dims; c++) {
            double g = clip(coeff * diff[c]) * alpha;
            y[jo + c] += g;
            y[ko + c] -= g;
          }
        }
        nextSample[e] += perSample[e];
        int negatives = (int) ((epoch - nextNegative[e]) / perNegative[e]);
        for (int s = 0; s < negatives; s++) {
          int r = rnd.nextInt(n);
          if (r == j) {
            continue;
          }
          int ro = r * dims;
          double nd2 = 0;
          for (int c = 0; c < dims; c++) {
            diff[c] = y[jo + c] - y[ro + c];
            nd2 += diff[c] * diff[c];
          }
          if (nd2 > 0) {
            double coeff = 2 * B / ((0.001 + nd2) * (A * Math.pow(nd2, B) + 1));
            for (int c = 0; c < dims; c++) {
              y[jo + c] += clip(coeff * diff[c]) * alpha;
            }
          } else {
            for (int c = 0; c < dims; c++) {
              y[jo + c] += 4 * alpha;
            }
          }
        }
        nextNegative[e] += negatives * perNegative[e];
      }
      if ((epoch + 1) % o.reportEvery == 0 || epoch + 1 == epochs) {
        progress.report((epoch + 1.0) / epochs, y.clone());
      }
    }
  }
}
