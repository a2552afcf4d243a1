package org.visualdl.plugin.embedding.internal.math;

import java.util.Random;

/**
 * Barnes-Hut t-SNE (van der Maaten 2014): input affinities from the {@code 3 * perplexity} exact
 * nearest neighbours with a per-point Gaussian bandwidth found by binary search on the
 * perplexity, symmetrised and normalised into a sparse P; a layout initialised from PCA (scaled
 * to a standard deviation of 1e-4, as openTSNE does, which keeps the global arrangement);
 * gradient descent with early exaggeration, momentum and per-coordinate gains; repulsion through
 * a quadtree or octree with the cell criterion {@code width / distance < theta}.
 *
 * <pre>{@code
 * double[] xy = new Tsne.Options().dims(2).run(values, rows, cols, Progress.NONE);
 * }</pre>
 */
public final class Tsne {
  private Tsne() {}

  /** The settings of a run; the defaults follow bhtsne and openTSNE. */
  public static final class Options {
    int dims = 2;
    double perplexity = 30;
    int iterations = 750; // 250 exaggerated + 500, as openTSNE
    int exaggerationIterations = 250;
    double exaggeration = 12;
    double theta = 0.5;
    double learningRate = -1; // max(200, n / 12) when negative
    long seed = 1;
    int reportEvery = 10;

    public Options dims(int d) {
      if (d != 2 && d != 3) {
        throw new IllegalArgumentException("t-SNE lays out in 2 or 3 dimensions, not " + d);
      }
      this.dims = d;
      return this;
    }

    public Options perplexity(double p) {
      this.perplexity = p;
      return this;
    }

    public Options iterations(int it) {
      this.iterations = it;
      return this;
    }

    public Options theta(double t) {
      this.theta = t;
      return this;
    }

    public Options seed(long s) {
      this.seed = s;
      return this;
    }

    public Options reportEvery(int every) {
      this.reportEvery = Math.max(1, every);
      return this;
    }

    /**
     * Lays out {@code n} rows of {@code x} ({@code n x d}, row-major; reduce high-dimensional
     * data with PCA first). Reports the layout every {@code reportEvery} iterations.
     *
     * @return the layout, {@code n x dims} row-major
     */
    public double[] run(float[] x, int n, int d, Progress progress) {
      return Tsne.run(this, x, n, d, progress);
    }
  }

  /** A sparse symmetric joint-probability matrix in compressed rows. */
  record Affinities(int[] rowStart, int[] columns, double[] values) {}

  static double[] run(Options o, float[] x, int n, int d, Progress progress) {
    int dims = o.dims;
    if (n <= 1) {
      return new double[n * dims];
    }
    Progress prep = progress.range(0, 0.15).withoutPoints();
    double perplexity = Math.max(1, Math.min(o.perplexity, (n - 1) / 3.0));
    int k = Math.max(1, Math.min(n - 1, (int) (3 * perplexity)));
    NearestNeighbors.Graph knn = NearestNeighbors.exact(x, n, d, k, prep.range(0, 0.9));
    Affinities p = affinities(knn, perplexity);
    prep.report(0.95, null);
    double[] y = initialLayout(x, n, d, dims, o.seed);
    progress.checkCancelled();

    double eta = o.learningRate > 0 ? o.learningRate : Math.max(200, n / 12.0);
    double[] update = new double[n * dims];
    double[] gains = new double[n * dims];
    java.util.Arrays.fill(gains, 1);
    double[] grad = new double[n * dims];
    SpaceTree tree = new SpaceTree(dims, 4 * n);
    Progress layout = progress.range(0.15, 1);
    double thetaSq = o.theta * o.theta;
    for (int it = 0; it < o.iterations; it++) {
      progress.checkCancelled();
      boolean early = it < o.exaggerationIterations;
      double exaggeration = early ? o.exaggeration : 1;
      double momentum = early ? 0.5 : 0.8;
      gradient(p, y, n, dims, exaggeration, thetaSq, tree, grad);
      for (int i = 0; i < n * dims; i++) {
        boolean sameSign = (grad[i] > 0) == (update[i] > 0);
        gains[i] = sameSign ? Math.max(0.01, gains[i] * 0.8) : gains[i] + 0.2;
        update[i] = momentum * update[i] - eta * gains[i] * grad[i];
        y[i] += update[i];
      }
      center(y, n, dims);
      if ((it + 1) % o.reportEvery == 0 || it + 1 == o.iterations) {
        layout.report((it + 1.0) / o.iterations, y.clone());
      }
    }
    return y;
  }

  /** Conditional Gaussian affinities at the given perplexity, symmetrised, summing to 1. */
  static Affinities affinities(NearestNeighbors.Graph knn, double perplexity) {
    int n = knn.n();
    int k = knn.k();
    double[] cond = new double[n * k];
    double target = Math.log(perplexity);
    double[] dist2 = new double[k];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < k; m++) {
        double dm = knn.distances()[i * k + m];
        dist2[m] = dm * dm;
      }
      // Shift by the nearest distance for numerical safety; it cancels in the normalisation.
      double shift = dist2[0];
      double beta = 1;
      double lo = Double.NEGATIVE_INFINITY;
      double hi = Double.POSITIVE_INFINITY;
      double[] row = new double[k];
      for (int step = 0; step < 200; step++) {
        double sum = 0;
        double weighted = 0;
        for (int m = 0; m < k; m++) {
          row[m] = Math.exp(-beta * (dist2[m] - shift));
          sum += row[m];
          weighted += row[m] * (dist2[m] - shift);
        }
        double entropy = Math.log(sum) + beta * weighted / sum;
        double diff = entropy - target;
        if (Math.abs(diff) < 1e-5) {
          break;
        }
        if (diff > 0) {
          lo = beta;
          beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
        } else {
          hi = beta;
          beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
        }
      }
      double sum = 0;
      for (int m = 0; m < k; m++) {
        sum += row[m];
      }
      for (int m = 0; m < k; m++) {
        cond[i * k + m] = sum > 0 ? row[m] / sum : 1.0 / k;
      }
    }
    // Symmetrise: P = (P_cond + P_cond^T) / (2n), in compressed rows.
    int[] degree = new int[n];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < k; m++) {
        degree[i]++;
        degree[knn.indices()[i * k + m]]++;
      }
    }
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i] + degree[i];
    }
    int[] fill = start.clone();
    int[] cols = new int[start[n]];
    double[] vals = new double[start[n]];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < k; m++) {
        int j = knn.indices()[i * k + m];
        double v = cond[i * k + m];
        cols[fill[i]] = j;
        vals[fill[i]++] = v;
        cols[fill[j]] = i;
        vals[fill[j]++] = v;
      }
    }
    // Merge duplicate columns in each row (a pair that is mutual neighbours appears twice).
    int[] outStart = new int[n + 1];
    int[] outCols = new int[cols.length];
    double[] outVals = new double[cols.length];
    int w = 0;
    double total = 0;
    java.util.HashMap<Integer, Integer> seen = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      outStart[i] = w;
      seen.clear();
      for (int e = start[i]; e < start[i + 1]; e++) {
        Integer at = seen.get(cols[e]);
        if (at == null) {
          seen.put(cols[e], w);
          outCols[w] = cols[e];
          outVals[w++] = vals[e];
        } else {
          outVals[at] += vals[e];
        }
        total += vals[e];
      }
    }
    outStart[n] = w;
    for (int e = 0; e < w; e++) {
      outVals[e] /= total;
    }
    return new Affinities(outStart, java.util.Arrays.copyOf(outCols, w),
        java.util.Arrays.copyOf(outVals, w));
  }

  /** PCA of the input, scaled so the first coordinate has a standard deviation of 1e-4. */
  static double[] initialLayout(float[] x, int n, int d, int dims, long seed) {
    double[] y;
    if (d >= dims) {
      y = Pca.fit(x, n, d, dims, 10, seed, Progress.NONE).project(x, n);
    } else {
      y = new double[n * dims];
    }
    double sd = 0;
    for (int i = 0; i < n; i++) {
      sd += y[i * dims] * y[i * dims];
    }
    sd = Math.sqrt(sd / n);
    Random rnd = new Random(seed);
    if (sd < 1e-12) {
      for (int i = 0; i < y.length; i++) {
        y[i] = 1e-4 * rnd.nextGaussian();
      }
      return y;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] / sd * 1e-4;
    }
    return y;
  }

  /** The KL gradient: exact attraction over P's entries, Barnes-Hut repulsion. */
  static void gradient(Affinities p, double[] y, int n, int dims, double exaggeration,
      double thetaSq, SpaceTree tree, double[] grad) {
    tree.build(y, n);
    double[] repulsion = new double[n * dims];
    int blocks = Math.min(64, Math.max(1, n / 256));
    double[] sumQ = new double[blocks];
    int per = (n + blocks - 1) / blocks;
    Parallel.forBlocks(
        blocks,
        b -> {
          int[] stack = new int[tree.stackSize()];
          double s = 0;
          int to = Math.min(n, (b + 1) * per);
          for (int i = b * per; i < to; i++) {
            s += tree.repulsion(y, i, thetaSq, repulsion, stack);
          }
          sumQ[b] = s;
        });
    double z = 0;
    for (double s : sumQ) {
      z += s;
    }
    z = Math.max(z, 1e-300);
    int[] rs = p.rowStart();
    int[] cols = p.columns();
    double[] vals = p.values();
    for (int i = 0; i < n; i++) {
      int io = i * dims;
      for (int c = 0; c < dims; c++) {
        grad[io + c] = -repulsion[io + c] / z;
      }
      for (int e = rs[i]; e < rs[i + 1]; e++) {
        int jo = cols[e] * dims;
        double dist2 = 0;
        for (int c = 0; c < dims; c++) {
          double diff = y[io + c] - y[jo + c];
          dist2 += diff * diff;
        }
        double mult = exaggeration * vals[e] / (1 + dist2);
        for (int c = 0; c < dims; c++) {
          grad[io + c] += mult * (y[io + c] - y[jo + c]);
        }
      }
    }
  }

  static void center(double[] y, int n, int dims) {
    for (int c = 0; c < dims; c++) {
      double m = 0;
      for (int i = 0; i < n; i++) {
        m += y[i * dims + c];
      }
      m /= n;
      for (int i = 0; i < n; i++) {
        y[i * dims + c] -= m;
      }
    }
  }
}
