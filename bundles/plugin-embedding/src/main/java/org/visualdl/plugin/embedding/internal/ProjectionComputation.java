package org.visualdl.plugin.embedding.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.Computation;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.TabletRef;
import org.visualdl.plugin.embedding.internal.math.Pca;
import org.visualdl.plugin.embedding.internal.math.Progress;
import org.visualdl.plugin.embedding.internal.math.Tsne;
import org.visualdl.plugin.embedding.internal.math.Umap;

/**
 * Projects an embedding matrix to 2 or 3 dimensions by PCA, t-SNE or UMAP, as a computation of
 * the maintainer's compute service. Parameters: {@code method}, {@code dims}, {@code step}; the
 * one input is the embedding tablet. t-SNE and UMAP report their intermediate layouts.
 */
@Component(service = Computation.class)
public final class ProjectionComputation implements Computation {
  /** The name requests use. */
  public static final String NAME = "embedding-projection";

  /** Above this many dimensions, t-SNE and UMAP run on the top principal components. */
  static final int REDUCED_DIMS = 50;

  /** The most rows each method accepts: beyond these the exact kNN step gets too slow. */
  static final Map<String, Integer> MAX_ROWS =
      Map.of("pca", Integer.MAX_VALUE, "tsne", 20_000, "umap", 40_000);

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static ProjectionComputation over(LogStore store) {
    ProjectionComputation c = new ProjectionComputation();
    c.store = store;
    return c;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The request for a projection of one tablet at one step. */
  static ComputeRequest request(String run, String tag, long step, String method, int dims) {
    return new ComputeRequest(
        NAME,
        Map.of("method", method, "dims", Integer.toString(dims), "step", Long.toString(step)),
        java.util.List.of(new TabletRef(run, tag, Embeddings.KIND)));
  }

  @Override
  public Object compute(ComputeRequest request, ComputeProgress progress) {
    TabletRef in = request.inputs().get(0);
    String method = request.params().getOrDefault("method", "pca");
    int dims = Integer.parseInt(request.params().getOrDefault("dims", "2"));
    long step = Long.parseLong(request.params().get("step"));
    EmbeddingMatrix m =
        Embeddings.matrix(store, in.run(), in.tag(), step)
            .orElseThrow(
                () -> new IllegalStateException(
                    "run '" + in.run() + "' has no embedding '" + in.tag() + "' at step " + step));
    return project(m, method, dims, progress);
  }

  /** Projects a matrix; reports intermediate layouts of iterative methods through progress. */
  static Projection project(EmbeddingMatrix m, String method, int dims, ComputeProgress progress) {
    int n = m.rows();
    int d = m.dims();
    Integer limit = MAX_ROWS.get(method);
    if (limit == null) {
      throw new IllegalArgumentException("method must be pca, tsne or umap, was '" + method + "'");
    }
    if (n > limit) {
      throw new IllegalArgumentException(
          method + " is limited to " + limit + " points and this embedding has " + n
              + "; use PCA, or log a sample of the vectors");
    }
    float[] x = finite(m.values());
    Progress p =
        new Progress() {
          @Override
          public void report(double fraction, double[] partial) {
            progress.update(
                fraction,
                partial == null ? null : result(m, method, dims, partial, null));
          }

          @Override
          public boolean cancelled() {
            return progress.cancelled();
          }
        };
    if (method.equals("pca")) {
      Pca pca = Pca.fit(x, n, d, dims, Pca.DEFAULT_ITERATIONS, 1, p);
      double[] explained = pca.variances();
      for (int c = 0; c < explained.length; c++) {
        explained[c] = pca.totalVariance() > 0 ? explained[c] / pca.totalVariance() : 0;
      }
      return result(m, method, dims, pca.project(x, n), explained);
    }
    float[] input = x;
    int inputDims = d;
    Progress rest = p;
    if (d > REDUCED_DIMS && n > REDUCED_DIMS) {
      input = Pca.fit(x, n, d, REDUCED_DIMS, 4, 1, p.range(0, 0.1).withoutPoints()).projectFloat(x, n);
      inputDims = REDUCED_DIMS;
      rest = p.range(0.1, 1);
    }
    double[] layout =
        method.equals("tsne")
            ? new Tsne.Options().dims(dims).run(input, n, inputDims, rest)
            : new Umap.Options().dims(dims).run(input, n, inputDims, rest);
    return result(m, method, dims, layout, null);
  }

  private static Projection result(EmbeddingMatrix m, String method, int dims, double[] flat,
      double[] explained) {
    return new Projection(method, dims, m.step(), m.dims(),
        Projection.toPoints(flat, m.rows(), dims), m.labels(), m.metadataHeader(),
        m.metadataRows(), explained);
  }

  /** The values with NaN and infinities replaced by 0, so one bad value does not spoil all. */
  private static float[] finite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        float[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
          if (!Float.isFinite(copy[i])) {
            copy[i] = 0;
          }
        }
        return copy;
      }
    }
    return values;
  }
}
