package org.visualdl.plugin.embedding.internal.math;

/**
 * Exact k-nearest-neighbour search over dense float rows by brute force: blocked, parallel, O(n^2
 * d). Meant for the reduced (at most ~50-dimensional) inputs of t-SNE and UMAP, where it is
 * simple, exact and fast enough for tens of thousands of rows.
 */
public final class NearestNeighbors {
  private static final int BLOCK_ROWS = 64;
  private static final int TILE = 4;
  private static final int CHUNK = 1024;

  /**
   * A kNN graph: for each row, its {@code k} nearest other rows, nearest first.
   *
   * @param indices {@code n x k} row indices
   * @param distances {@code n x k} Euclidean distances
   */
  public record Graph(int n, int k, int[] indices, float[] distances) {}

  /** How the distance between two vectors is measured. */
  public enum Metric {
    EUCLIDEAN,
    /** One minus the cosine similarity; 1 when a vector is zero. */
    COSINE
  }

  private NearestNeighbors() {}

  /** The exact kNN graph of the rows under Euclidean distance ({@code k < n}). */
  public static Graph exact(float[] x, int n, int d, int k, Progress progress) {
    if (k < 1 || k >= n) {
      throw new IllegalArgumentException("k must be between 1 and n - 1, was " + k + " for n=" + n);
    }
    float[] norms = new float[n];
    // Columns of X contiguous: the inner loops below run over rows j and vectorise.
    float[] xt = new float[n * d];
    for (int i = 0; i < n; i++) {
      norms[i] = Pca.dot(x, i * d, x, i * d, d);
      for (int l = 0; l < d; l++) {
        xt[l * n + i] = x[i * d + l];
      }
    }
    int[] indices = new int[n * k];
    float[] distances = new float[n * k];
    int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    Parallel.forBlocks(
        blocks,
        blk -> {
          if (progress.cancelled()) {
            return;
          }
          int from = blk * BLOCK_ROWS;
          int to = Math.min(n, from + BLOCK_ROWS);
          int rows = to - from;
          float[][] heapD = new float[rows][k];
          int[][] heapI = new int[rows][k];
          int[] size = new int[rows];
          // One array per row of the tile: C2 vectorises the loop only when the stores cannot alias.
          float[][] acc = new float[TILE][CHUNK];
          for (int r0 = 0; r0 < rows; r0 += TILE) {
            int tile = Math.min(TILE, rows - r0);
            for (int j0 = 0; j0 < n; j0 += CHUNK) {
              int len = Math.min(CHUNK, n - j0);
              for (float[] a : acc) {
                java.util.Arrays.fill(a, 0f);
              }
              float[] a0 = acc[0];
              float[] a1 = acc[1];
              float[] a2 = acc[2];
              float[] a3 = acc[3];
              for (int l = 0; l < d; l++) {
                int xo = l * n + j0;
                if (tile == TILE) {
                  float v0 = x[(from + r0) * d + l];
                  float v1 = x[(from + r0 + 1) * d + l];
                  float v2 = x[(from + r0 + 2) * d + l];
                  float v3 = x[(from + r0 + 3) * d + l];
                  for (int j = 0; j < len; j++) {
                    float xv = xt[xo + j];
                    a0[j] += v0 * xv;
                    a1[j] += v1 * xv;
                    a2[j] += v2 * xv;
                    a3[j] += v3 * xv;
                  }
                } else {
                  for (int t = 0; t < tile; t++) {
                    float v = x[(from + r0 + t) * d + l];
                    float[] at = acc[t];
                    for (int j = 0; j < len; j++) {
                      at[j] += v * xt[xo + j];
                    }
                  }
                }
              }
              for (int t = 0; t < tile; t++) {
                int r = r0 + t;
                int i = from + r;
                float ni = norms[i];
                float[] hd = heapD[r];
                int[] hi = heapI[r];
                float[] at = acc[t];
                for (int j = 0; j < len; j++) {
                  int jj = j0 + j;
                  if (jj == i) {
                    continue;
                  }
                  float d2 = ni + norms[jj] - 2 * at[j];
                  if (d2 < 0) {
                    d2 = 0;
                  }
                  if (size[r] < k) {
                    siftUp(hd, hi, size[r]++, d2, jj);
                  } else if (d2 < hd[0]) {
                    replaceTop(hd, hi, k, d2, jj);
                  }
                }
              }
            }
          }
          for (int r = 0; r < rows; r++) {
            int i = from + r;
            // Pop the max-heap from the back: the nearest ends first.
            for (int m = k - 1; m >= 0; m--) {
              distances[i * k + m] = (float) Math.sqrt(heapD[r][0]);
              indices[i * k + m] = heapI[r][0];
              if (m > 0) {
                replaceTop(heapD[r], heapI[r], m, heapD[r][m], heapI[r][m]);
              }
            }
          }
          int finished = done.incrementAndGet();
          if ((finished & 7) == 0) {
            progress.report((double) finished / blocks, null);
          }
        });
    progress.checkCancelled();
    return new Graph(n, k, indices, distances);
  }

  private static void siftUp(float[] hd, int[] hi, int pos, float d, int idx) {
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (hd[parent] >= d) {
        break;
      }
      hd[pos] = hd[parent];
      hi[pos] = hi[parent];
      pos = parent;
    }
    hd[pos] = d;
    hi[pos] = idx;
  }

  /** Replaces the largest element of a max-heap of {@code size} elements and sifts down. */
  private static void replaceTop(float[] hd, int[] hi, int size, float d, int idx) {
    int pos = 0;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && hd[child + 1] > hd[child]) {
        child++;
      }
      if (hd[child] <= d) {
        break;
      }
      hd[pos] = hd[child];
      hi[pos] = hi[child];
      pos = child;
    }
    hd[pos] = d;
    hi[pos] = idx;
  }

  /** One neighbour of a query row. */
  public record Neighbor(int index, double distance) {}

  /** The {@code k} rows nearest to row {@code query} (itself excluded), nearest first. */
  public static Neighbor[] of(float[] x, int n, int d, int query, int k, Metric metric) {
    if (query < 0 || query >= n) {
      throw new IllegalArgumentException("index " + query + " is outside 0.." + (n - 1));
    }
    int kk = Math.min(k, n - 1);
    int qo = query * d;
    double qNorm = Math.sqrt(Pca.dot(x, qo, x, qo, d));
    float[] hd = new float[Math.max(kk, 1)];
    int[] hi = new int[Math.max(kk, 1)];
    int size = 0;
    for (int j = 0; j < n; j++) {
      if (j == query) {
        continue;
      }
      int jo = j * d;
      double dist;
      if (metric == Metric.COSINE) {
        double jn = Math.sqrt(Pca.dot(x, jo, x, jo, d));
        double denom = qNorm * jn;
        dist = denom == 0 ? 1 : 1 - Pca.dot(x, qo, x, jo, d) / denom;
      } else {
        double s = 0;
        for (int l = 0; l < d; l++) {
          double diff = x[qo + l] - x[jo + l];
          s += diff * diff;
        }
        dist = Math.sqrt(s);
      }
      float df = (float) dist;
      if (size < kk) {
        siftUp(hd, hi, size++, df, j);
      } else if (kk > 0 && df < hd[0]) {
        replaceTop(hd, hi, kk, df, j);
      }
    }
    Neighbor[] out = new Neighbor[size];
    for (int m = size - 1; m >= 0; m--) {
      out[m] = new Neighbor(hi[0], hd[0]);
      if (m > 0) {
        replaceTop(hd, hi, m, hd[m], hi[m]);
      }
    }
    return out;
  }
}
