package org.visualdl.plugin.embedding.internal;

import java.util.List;

/**
 * A projection of one embedding matrix: the result (or an intermediate result) of
 * {@link ProjectionComputation}. Treated as immutable once handed out.
 *
 * @param method {@code pca}, {@code tsne} or {@code umap}
 * @param step the step of the projected matrix
 * @param inputDims the number of dimensions of the original vectors
 * @param points one array of {@code dims} coordinates per row
 * @param explainedVariance for PCA, the fraction of the total variance along each axis; else null
 */
public record Projection(
    String method,
    int dims,
    long step,
    int inputDims,
    float[][] points,
    List<String> labels,
    List<String> metadataHeader,
    List<List<String>> metadata,
    double[] explainedVariance) {

  static float[][] toPoints(double[] flat, int n, int dims) {
    float[][] out = new float[n][dims];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < dims; c++) {
        double v = flat[i * dims + c];
        out[i][c] = Double.isFinite(v) ? (float) v : 0f;
      }
    }
    return out;
  }
}
