package org.visualdl.plugin.embedding.internal.math;

/**
 * Times the projections at the sizes the plugin promises; not a unit test. Run after
 * {@code ./mvnw -o test-compile -pl bundles/plugin-embedding}:
 *
 * <pre>
 * java -Xmx2g -cp bundles/plugin-embedding/target/classes:bundles/plugin-embedding/target/test-classes \
 *   org.visualdl.plugin.embedding.internal.math.ProjectionBenchmark pca 100000 1000
 * ... ProjectionBenchmark tsne 10000 1000
 * ... ProjectionBenchmark umap 20000 1000
 * </pre>
 *
 * Data: 10 Gaussian clusters. Prints the time of each phase and the nearest-centroid accuracy
 * of the layout (how well the clusters stay apart).
 */
public final class ProjectionBenchmark {
  private ProjectionBenchmark() {}

  public static void main(String[] args) {
    String method = args.length > 0 ? args[0] : "pca";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int d = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int dims = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    long t0 = System.nanoTime();
    Clusters data = new Clusters(10, n / 10, d, 1.5, 42);
    long t1 = System.nanoTime();
    System.out.printf("data %d x %d generated in %.1f s%n", data.n, d, (t1 - t0) / 1e9);
    double[] y;
    float[] input = data.values;
    int inputDims = d;
    long start = System.nanoTime();
    if (method.equals("pca")) {
      Pca pca = Pca.fit(input, data.n, d, dims, Pca.DEFAULT_ITERATIONS, 1, Progress.NONE);
      y = pca.project(input, data.n);
      System.out.printf("pca: %d iterations, variances %.3f %.3f of total %.1f%n",
          pca.iterations(), pca.variances()[0], pca.variances()[1], pca.totalVariance());
    } else {
      if (d > 50) {
        input = Pca.fit(input, data.n, d, 50, 4, 1, Progress.NONE).projectFloat(input, data.n);
        inputDims = 50;
        System.out.printf("reduction to 50 dims: %.1f s%n", (System.nanoTime() - start) / 1e9);
      }
      long[] last = {System.nanoTime()};
      Progress p =
          new Progress() {
            double shown = -1;

            @Override
            public void report(double fraction, double[] partial) {
              if (fraction - shown >= 0.1 || fraction == 1) {
                shown = fraction;
                System.out.printf("  %.0f%% at %.1f s%n", fraction * 100,
                    (System.nanoTime() - start) / 1e9);
              }
            }

            @Override
            public boolean cancelled() {
              return false;
            }
          };
      y = method.equals("tsne")
          ? new Tsne.Options().dims(dims).run(input, data.n, inputDims, p)
          : new Umap.Options().dims(dims).run(input, data.n, inputDims, p);
    }
    long end = System.nanoTime();
    System.out.printf("%s of %d x %d to %d dims: %.1f s; nearest-centroid accuracy %.3f%n",
        method, data.n, d, dims, (end - start) / 1e9, data.nearestCentroidAccuracy(y, dims));
  }
}
