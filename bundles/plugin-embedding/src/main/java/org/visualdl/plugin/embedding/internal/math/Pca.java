package org.visualdl.plugin.embedding.internal.math;

import java.util.Random;

/**
 * Principal component analysis of a dense row-major float matrix by block subspace iteration on
 * the covariance operator, applied as {@code Xc^T (Xc Q)} without ever forming the centred matrix
 * or the {@code d x d} covariance: one pass over the data per iteration, O(n d (k + 8)) work.
 * Rayleigh-Ritz on the block gives the top-k eigenpairs; iteration stops when their eigenvalues
 * settle.
 *
 * <pre>{@code
 * Pca pca = Pca.fit(values, rows, dims, 2, Pca.DEFAULT_ITERATIONS, 1L, Progress.NONE);
 * double[] xy = pca.project(values, rows); // rows x 2
 * }</pre>
 */
public final class Pca {
  /** Iterations for a converged display projection; usually far fewer are needed. */
  public static final int DEFAULT_ITERATIONS = 60;

  private static final int OVERSAMPLING = 8;
  private static final int BLOCK_ROWS = 512;
  private static final int TILE = 4;

  private final int dims;
  private final int k;
  private final double[] mean;
  private final double[] components; // k x dims
  private final double[] variances;
  private final double totalVariance;
  private final int iterations;

  private Pca(int dims, int k, double[] mean, double[] components, double[] variances,
      double totalVariance, int iterations) {
    this.dims = dims;
    this.k = k;
    this.mean = mean;
    this.components = components;
    this.variances = variances;
    this.totalVariance = totalVariance;
    this.iterations = iterations;
  }

  /**
   * Finds the top {@code k} principal components.
   *
   * @param x {@code n x d} values, row-major
   * @param maxIterations the most subspace iterations; 4 gives a good randomized approximation
   *     (for a reduction before t-SNE or UMAP), more converge the eigenvalues to 1e-6
   */
  public static Pca fit(float[] x, int n, int d, int k, int maxIterations, long seed,
      Progress progress) {
    if (n < 1 || d < 1 || k < 1 || x.length < (long) n * d) {
      throw new IllegalArgumentException("PCA needs a non-empty n x d matrix and k >= 1");
    }
    double[] mean = new double[d];
    double[] sumSq = new double[d];
    for (int i = 0; i < n; i++) {
      int o = i * d;
      for (int l = 0; l < d; l++) {
        double v = x[o + l];
        mean[l] += v;
        sumSq[l] += v * v;
      }
    }
    double total = 0;
    for (int l = 0; l < d; l++) {
      mean[l] /= n;
      total += Math.max(0, sumSq[l] - n * mean[l] * mean[l]);
    }
    total /= Math.max(1, n - 1);
    int kEff = Math.min(k, d);
    int b = Math.min(d, kEff + OVERSAMPLING);
    Random rnd = new Random(seed);
    double[] q = new double[b * d];
    for (int i = 0; i < q.length; i++) {
      q[i] = rnd.nextGaussian();
    }
    orthonormalizeRows(q, b, d, rnd);
    double[] ritzValues = new double[b];
    double[] ritzVectors = new double[b * b];
    double[] previous = null;
    int it = 0;
    while (true) {
      progress.checkCancelled();
      double[] z = covarianceTimes(x, n, d, mean, q, b);
      // T = Q Z^T: the operator restricted to the block.
      double[] t = new double[b * b];
      for (int i = 0; i < b; i++) {
        for (int j = i; j < b; j++) {
          double s = 0;
          for (int l = 0; l < d; l++) {
            s += q[i * d + l] * z[j * d + l];
          }
          t[i * b + j] = s;
          t[j * b + i] = s;
        }
      }
      ritzValues = SmallEigen.symmetric(t, b, ritzVectors);
      it++;
      boolean settled = previous != null;
      if (previous != null) {
        for (int c = 0; c < kEff; c++) {
          double scale = Math.max(Math.abs(ritzValues[0]), 1e-300);
          if (Math.abs(ritzValues[c] - previous[c]) > 1e-7 * scale) {
            settled = false;
          }
        }
      }
      progress.report(Math.min(1, (double) it / Math.min(maxIterations, 20)), null);
      if (settled || it >= maxIterations || b == d) {
        break;
      }
      previous = ritzValues.clone();
      q = z;
      orthonormalizeRows(q, b, d, rnd);
    }
    double[] comps = new double[k * d];
    double[] vars = new double[k];
    for (int c = 0; c < kEff; c++) {
      for (int j = 0; j < b; j++) {
        double w = ritzVectors[j * b + c];
        for (int l = 0; l < d; l++) {
          comps[c * d + l] += w * q[j * d + l];
        }
      }
      vars[c] = Math.max(0, ritzValues[c]) / Math.max(1, n - 1);
      int largest = 0;
      for (int l = 1; l < d; l++) {
        if (Math.abs(comps[c * d + l]) > Math.abs(comps[c * d + largest])) {
          largest = l;
        }
      }
      if (comps[c * d + largest] < 0) {
        for (int l = 0; l < d; l++) {
          comps[c * d + l] = -comps[c * d + l];
        }
      }
    }
    return new Pca(d, k, mean, comps, vars, total, it);
  }

  /** {@code Xc^T Xc Q^T} as b rows of d, in one pass over the rows of X. */
  private static double[] covarianceTimes(float[] x, int n, int d, double[] mean, double[] q, int b) {
    float[] qf = new float[b * d];
    double[] meanDotQ = new double[b];
    for (int j = 0; j < b; j++) {
      for (int l = 0; l < d; l++) {
        qf[j * d + l] = (float) q[j * d + l];
        meanDotQ[j] += mean[l] * q[j * d + l];
      }
    }
    int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    double[][] partial = new double[blocks][];
    double[][] ySums = new double[blocks][];
    Parallel.forBlocks(
        blocks,
        blk -> {
          float[] zf = new float[b * d];
          double[] ySum = new double[b];
          double[] z = new double[b * d];
          int from = blk * BLOCK_ROWS;
          int to = Math.min(n, from + BLOCK_ROWS);
          float[] y = new float[TILE * b];
          // Tiles of rows: each basis vector and each row of Z is fetched once per tile, not per row.
          for (int t0 = from; t0 < to; t0 += TILE) {
            int rows = Math.min(TILE, to - t0);
            for (int j = 0; j < b; j++) {
              int qo = j * d;
              for (int r = 0; r < rows; r++) {
                float v = (float) (dot(x, (t0 + r) * d, qf, qo, d) - meanDotQ[j]);
                y[r * b + j] = v;
                ySum[j] += v;
              }
            }
            if (rows == TILE) {
              int o0 = t0 * d;
              for (int j = 0; j < b; j++) {
                axpy4(zf, j * d, x, o0, d, y[j], y[b + j], y[2 * b + j], y[3 * b + j]);
              }
            } else {
              for (int r = 0; r < rows; r++) {
                int o = (t0 + r) * d;
                for (int j = 0; j < b; j++) {
                  float yj = y[r * b + j];
                  int zo = j * d;
                  for (int l = 0; l < d; l++) {
                    zf[zo + l] += yj * x[o + l];
                  }
                }
              }
            }
          }
          for (int i = 0; i < zf.length; i++) {
            z[i] = zf[i];
          }
          partial[blk] = z;
          ySums[blk] = ySum;
        });
    double[] z = new double[b * d];
    double[] ySum = new double[b];
    for (int blk = 0; blk < blocks; blk++) {
      double[] p = partial[blk];
      for (int i = 0; i < z.length; i++) {
        z[i] += p[i];
      }
      for (int j = 0; j < b; j++) {
        ySum[j] += ySums[blk][j];
      }
    }
    for (int j = 0; j < b; j++) {
      for (int l = 0; l < d; l++) {
        z[j * d + l] -= mean[l] * ySum[j];
      }
    }
    return z;
  }

  /** {@code z[zo..] += a x_0 + b x_1 + c x_2 + e x_3} over four consecutive rows of x. */
  private static void axpy4(float[] z, int zo, float[] x, int o0, int d, float a, float b, float c,
      float e) {
    int o1 = o0 + d;
    int o2 = o1 + d;
    int o3 = o2 + d;
    for (int l = 0; l < d; l++) {
      z[zo + l] += a * x[o0 + l] + b * x[o1 + l] + c * x[o2 + l] + e * x[o3 + l];
    }
  }

  static float dot(float[] a, int ao, float[] b, int bo, int len) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int l = 0;
    for (; l + 3 < len; l += 4) {
      s0 += a[ao + l] * b[bo + l];
      s1 += a[ao + l + 1] * b[bo + l + 1];
      s2 += a[ao + l + 2] * b[bo + l + 2];
      s3 += a[ao + l + 3] * b[bo + l + 3];
    }
    for (; l < len; l++) {
      s0 += a[ao + l] * b[bo + l];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Modified Gram-Schmidt, twice; rows that vanish (rank deficiency) become random directions. */
  private static void orthonormalizeRows(double[] q, int rows, int d, Random rnd) {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < rows; i++) {
        for (int attempt = 0; ; attempt++) {
          for (int j = 0; j < i; j++) {
            double s = 0;
            for (int l = 0; l < d; l++) {
              s += q[i * d + l] * q[j * d + l];
            }
            for (int l = 0; l < d; l++) {
              q[i * d + l] -= s * q[j * d + l];
            }
          }
          double norm = 0;
          for (int l = 0; l < d; l++) {
            norm += q[i * d + l] * q[i * d + l];
          }
          norm = Math.sqrt(norm);
          if (norm > 1e-10 || attempt > 3) {
            double inv = norm > 0 ? 1 / norm : 0;
            for (int l = 0; l < d; l++) {
              q[i * d + l] *= inv;
            }
            break;
          }
          for (int l = 0; l < d; l++) {
            q[i * d + l] = rnd.nextGaussian();
          }
        }
      }
    }
  }

  /** The centred rows projected on the components: {@code n x k}, row-major. */
  public double[] project(float[] x, int n) {
    double[] out = new double[n * k];
    int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    Parallel.forBlocks(
        blocks,
        blk -> {
          int to = Math.min(n, (blk + 1) * BLOCK_ROWS);
          for (int i = blk * BLOCK_ROWS; i < to; i++) {
            int o = i * dims;
            for (int c = 0; c < k; c++) {
              double s = 0;
              int co = c * dims;
              for (int l = 0; l < dims; l++) {
                s += (x[o + l] - mean[l]) * components[co + l];
              }
              out[i * k + c] = s;
            }
          }
        });
    return out;
  }

  /** As {@link #project}, in floats (the input of t-SNE and UMAP). */
  public float[] projectFloat(float[] x, int n) {
    double[] p = project(x, n);
    float[] f = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      f[i] = (float) p[i];
    }
    return f;
  }

  /** The components, {@code k x d} row-major, each of unit length (zero beyond the data's rank). */
  public double[] components() {
    return components.clone();
  }

  /** The variance along each component. */
  public double[] variances() {
    return variances.clone();
  }

  /** The total variance of the data (the sum over all dimensions). */
  public double totalVariance() {
    return totalVariance;
  }

  public int iterations() {
    return iterations;
  }

  public int k() {
    return k;
  }
}
