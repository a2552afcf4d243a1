package org.visualdl.plugin.embedding.internal.math;

/** Eigen-decomposition of small dense symmetric matrices by cyclic Jacobi rotations. */
final class SmallEigen {
  private SmallEigen() {}

  /**
   * Decomposes a symmetric matrix.
   *
   * @param a the matrix, {@code m x m}, row-major; overwritten
   * @param m its order
   * @return {@code values} (descending) followed by nothing: the eigenvalues are returned, the
   *     eigenvectors written into {@code vectors} as columns in the same order
   */
  static double[] symmetric(double[] a, int m, double[] vectors) {
    double[] v = new double[m * m];
    for (int i = 0; i < m; i++) {
      v[i * m + i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < m; p++) {
        diag += a[p * m + p] * a[p * m + p];
        for (int q = p + 1; q < m; q++) {
          off += a[p * m + q] * a[p * m + q];
        }
      }
      if (off <= 1e-30 * Math.max(diag, 1e-300)) {
        break;
      }
      for (int p = 0; p < m; p++) {
        for (int q = p + 1; q < m; q++) {
          double apq = a[p * m + q];
          if (Math.abs(apq) < 1e-300) {
            continue;
          }
          double app = a[p * m + p];
          double aqq = a[q * m + q];
          double theta = (aqq - app) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < m; k++) {
            double akp = a[k * m + p];
            double akq = a[k * m + q];
            a[k * m + p] = c * akp - s * akq;
            a[k * m + q] = s * akp + c * akq;
          }
          for (int k = 0; k < m; k++) {
            double apk = a[p * m + k];
            double aqk = a[q * m + k];
            a[p * m + k] = c * apk - s * aqk;
            a[q * m + k] = s * apk + c * aqk;
          }
          for (int k = 0; k < m; k++) {
            double vkp = v[k * m + p];
            double vkq = v[k * m + q];
            v[k * m + p] = c * vkp - s * vkq;
            v[k * m + q] = s * vkp + c * vkq;
          }
        }
      }
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    double[] diagonal = new double[m];
    for (int i = 0; i < m; i++) {
      diagonal[i] = a[i * m + i];
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(diagonal[y], diagonal[x]));
    double[] values = new double[m];
    for (int c = 0; c < m; c++) {
      values[c] = diagonal[order[c]];
      for (int r = 0; r < m; r++) {
        vectors[r * m + c] = v[r * m + order[c]];
      }
    }
    return values;
  }
}
