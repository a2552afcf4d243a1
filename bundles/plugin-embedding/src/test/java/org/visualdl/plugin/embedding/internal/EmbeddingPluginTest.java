package org.visualdl.plugin.embedding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.MetadataRow;
import org.visualdl.api.LogStore;
import org.visualdl.api.RunInfo;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.StoreStatus;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.ComputeService;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;

class EmbeddingPluginTest {

  /** Two steps of a 3-cluster embedding in run "r", tag "emb". */
  static final class FakeStore implements LogStore {
    final Map<Long, EmbeddingMatrix> matrices = new HashMap<>();
    int reads;

    FakeStore() {
      for (long step : new long[] {10, 20}) {
        int n = 90;
        int d = 8;
        float[] v = new float[n * d];
        List<String> labels = new ArrayList<>();
        List<List<String>> meta = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(step);
        for (int i = 0; i < n; i++) {
          int c = i % 3;
          for (int l = 0; l < d; l++) {
            v[i * d + l] = (float) ((l == c ? 20 : 0) + rnd.nextGaussian());
          }
          labels.add("p" + i);
          meta.add(List.of("c" + c));
        }
        matrices.put(step, new EmbeddingMatrix(step, n, d, v, labels, List.of("cluster"), meta));
      }
    }

    @Override
    public List<RunInfo> runs() {
      return List.of(new RunInfo("r", 0, 1));
    }

    static final byte[] SPRITE = {(byte) 0x89, 'P', 'N', 'G'};

    @Override
    public List<TabletInfo> tablets(Kind kind) {
      return kind.equals(Embeddings.KIND) ? List.of(new TabletInfo("r", "emb", kind, "", "", "")) : List.of();
    }

    @Override
    public List<TabletInfo> tablets(String run) {
      return run.equals("r") ? tablets(Embeddings.KIND) : List.of();
    }

    @Override
    public Optional<TabletInfo> tablet(String run, String tag, Kind kind) {
      return tablets(kind).stream().filter(t -> t.run().equals(run) && t.tag().equals(tag)).findFirst();
    }

    /** Step 20 has a sprite of 4 x 3 pixel cells; step 10 none. */
    private static Embedding.Builder header(long step) {
      Embedding.Builder h = Embedding.newBuilder().setRows(90).setDims(8);
      if (step == 20) {
        h.setSprite(org.visualdl.proto.Sprite.newBuilder().setMediaType("image/png")
            .setCellWidth(4).setCellHeight(3));
      }
      return h;
    }

    @Override
    public Optional<List<BlobRef>> blobs(String run, String tag, Kind kind) {
      if (!run.equals("r") || !tag.equals("emb") || !kind.equals(Embeddings.KIND)) {
        return Optional.empty();
      }
      return Optional.of(List.of(
          new BlobRef(10, 1000, 0, 1, header(10).build().toByteArray(), 90 * 8 * 4),
          new BlobRef(20, 2000, 0, 1, header(20).build().toByteArray(), 90 * 8 * 4),
          new BlobRef(30, 3000, 0, 2, new byte[0], 0)));
    }

    @Override
    public Optional<byte[]> blob(String run, String tag, Kind kind, long step, int index) {
      reads++;
      EmbeddingMatrix m = matrices.get(step);
      if (blobs(run, tag, kind).isEmpty() || m == null || index != 0) {
        return Optional.empty();
      }
      Embedding.Builder e = header(step).addAllLabels(m.labels())
          .addAllMetadataHeader(m.metadataHeader());
      for (float v : m.values()) {
        e.addValues(v);
      }
      for (List<String> row : m.metadataRows()) {
        e.addMetadataRows(MetadataRow.newBuilder().addAllCells(row));
      }
      if (e.hasSprite()) {
        e.getSpriteBuilder().setEncoded(com.google.protobuf.ByteString.copyFrom(SPRITE));
      }
      return Optional.of(e.build().toByteArray());
    }

    @Override
    public Optional<List<Sample>> samples(String run, String tag, Kind kind) {
      return Optional.empty();
    }

    @Override
    public long dataVersion(String run, String tag, Kind kind) {
      return 1;
    }

    @Override
    public Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query) {
      return Optional.empty();
    }

    @Override
    public Optional<ScalarPoint> latestScalar(String run, String tag) {
      return Optional.empty();
    }

    @Override
    public StoreStatus status() {
      return null;
    }
  }

  /** Runs the computation at once, on the caller's thread, and records the requests. */
  static final class InlineCompute implements ComputeService {
    final ProjectionComputation computation;
    final List<ComputeRequest> requests = new ArrayList<>();
    final List<Object> partials = new ArrayList<>();

    InlineCompute(LogStore store) {
      computation = ProjectionComputation.over(store);
    }

    @Override
    public ComputeStatus request(ComputeRequest request) {
      requests.add(request);
      try {
        Object r = computation.compute(request, new ComputeProgress() {
          @Override
          public void update(double fraction, Object partialResult) {
            if (partialResult != null) {
              partials.add(partialResult);
            }
          }

          @Override
          public boolean cancelled() {
            return false;
          }
        });
        return new ComputeStatus(ComputeStatus.State.DONE, 1, r, null);
      } catch (Exception e) {
        return new ComputeStatus(ComputeStatus.State.FAILED, 0, null, e.getMessage());
      }
    }
  }

  static RouteRequest params(Map<String, String> values) {
    return new RouteRequest() {
      @Override
      public String string(String name) {
        return values.get(name);
      }

      @Override
      public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
      }

      @Override
      public long longValue(String name, long fallback) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : fallback;
      }

      @Override
      public int intValue(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
      }

      @Override
      public double doubleValue(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
      }

      @Override
      public boolean booleanValue(String name, boolean fallback) {
        return values.containsKey(name) ? Boolean.parseBoolean(values.get(name)) : fallback;
      }
    };
  }

  final FakeStore store = new FakeStore();
  final InlineCompute compute = new InlineCompute(store);
  final EmbeddingPlugin plugin = EmbeddingPlugin.over(store, compute);

  Object call(String path, Map<String, String> values) {
    Route route = plugin.routes().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    return route.handler().handle(params(values));
  }

  @Test
  void listsTagsAndEntries() {
    assertEquals(Map.of("r", List.of("emb")), plugin.tags());
    EmbeddingPlugin.Entries e = (EmbeddingPlugin.Entries) call("entries", Map.of("run", "r", "tag", "emb"));
    EmbeddingPlugin.Sprite sprite = new EmbeddingPlugin.Sprite(
        "/api/plugins/embedding/sprite?run=r&tag=emb&step=20&v=2000", 4, 3);
    assertEquals(List.of(new EmbeddingPlugin.Entry(10, 1000, 90, 8),
        new EmbeddingPlugin.EntryWithSprite(20, 2000, 90, 8, sprite)), e.entries(),
        "a step of a newer payload version is left out");
  }

  @Test
  void servesTheSpriteOfAStepThatHasOne() {
    BinaryResult b = (BinaryResult) call("sprite", Map.of("run", "r", "tag", "emb", "step", "20", "v", "2000"));
    assertEquals(List.of((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G'),
        List.of(b.bytes()[0], b.bytes()[1], b.bytes()[2], b.bytes()[3]));
    assertEquals("image/png", b.mediaType());
    assertTrue(b.immutable());
    for (Map<String, String> p : List.of(Map.of("run", "r", "tag", "emb", "step", "10"),
        Map.of("run", "r", "tag", "emb", "step", "20", "v", "1"))) {
      assertEquals(RouteException.Status.NOT_FOUND,
          assertThrows(RouteException.class, () -> call("sprite", p)).status(), p.toString());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> a = (Map<String, Object>) call("projection", Map.of("run", "r", "tag", "emb"));
    assertEquals(new EmbeddingPlugin.Sprite(
        "/api/plugins/embedding/sprite?run=r&tag=emb&step=20&v=2000", 4, 3), a.get("sprite"));
  }

  @Test
  void projectsTheLatestStepByDefaultWithLabelsAndMetadata() {
    @SuppressWarnings("unchecked")
    Map<String, Object> a = (Map<String, Object>) call("projection", Map.of("run", "r", "tag", "emb"));
    assertEquals("done", a.get("status"));
    assertEquals(20L, a.get("step"));
    assertEquals("pca", a.get("method"));
    float[][] points = (float[][]) a.get("points");
    assertEquals(90, points.length);
    assertEquals(2, points[0].length);
    assertEquals("p5", ((List<?>) a.get("labels")).get(5));
    assertEquals(List.of("cluster"), a.get("metadataHeader"));
    assertEquals(List.of("c2"), ((List<?>) a.get("metadata")).get(5));
    double[] explained = (double[]) a.get("explainedVariance");
    assertTrue(explained[0] + explained[1] > 0.9, "two axes explain three separated clusters");
    assertEquals(Map.of("method", "pca", "dims", "2", "step", "20"), compute.requests.get(0).params());
    // Points of one cluster are closer to each other than to any of another cluster.
    assertTrue(dist(points[0], points[3]) < dist(points[0], points[1]));
  }

  @Test
  void tsneReportsIntermediateLayoutsAndSeparatesClustersIn3d() {
    @SuppressWarnings("unchecked")
    Map<String, Object> a = (Map<String, Object>) call(
        "projection", Map.of("run", "r", "tag", "emb", "method", "tsne", "dims", "3", "step", "10"));
    assertEquals("done", a.get("status"), String.valueOf(a.get("error")));
    float[][] points = (float[][]) a.get("points");
    assertEquals(3, points[0].length);
    assertTrue(compute.partials.size() > 10);
    assertTrue(compute.partials.get(0) instanceof Projection p && p.labels().size() == 90);
  }

  @Test
  void rejectsBadParameters() {
    RouteException e = assertThrows(RouteException.class,
        () -> call("projection", Map.of("run", "r", "tag", "emb", "method", "lda")));
    assertEquals(RouteException.Status.BAD_REQUEST, e.status());
    e = assertThrows(RouteException.class,
        () -> call("projection", Map.of("run", "r", "tag", "emb", "dims", "4")));
    assertEquals(RouteException.Status.BAD_REQUEST, e.status());
    e = assertThrows(RouteException.class,
        () -> call("projection", Map.of("run", "r", "tag", "emb", "step", "15")));
    assertEquals(RouteException.Status.NOT_FOUND, e.status());
    e = assertThrows(RouteException.class, () -> call("entries", Map.of("run", "x", "tag", "emb")));
    assertEquals(RouteException.Status.NOT_FOUND, e.status());
    e = assertThrows(RouteException.class, () -> call("entries", Map.of("run", "r", "tag", "nope")));
    assertEquals(RouteException.Status.NOT_FOUND, e.status());
    e = assertThrows(RouteException.class,
        () -> call("neighbors", Map.of("run", "r", "tag", "emb", "index", "90")));
    assertEquals(RouteException.Status.BAD_REQUEST, e.status());
    e = assertThrows(RouteException.class,
        () -> call("neighbors", Map.of("run", "r", "tag", "emb", "index", "1", "metric", "manhattan")));
    assertEquals(RouteException.Status.BAD_REQUEST, e.status());
  }

  @Test
  void neighboursComeFromTheSameClusterAndTheMatrixIsReadOnce() {
    for (String metric : List.of("cosine", "euclidean")) {
      EmbeddingPlugin.Neighbors a = (EmbeddingPlugin.Neighbors) call(
          "neighbors", Map.of("run", "r", "tag", "emb", "index", "4", "k", "5", "metric", metric));
      assertEquals(5, a.neighbors().size());
      assertEquals("p4", a.label());
      double last = -1;
      for (EmbeddingPlugin.Neighbor nb : a.neighbors()) {
        assertEquals(1, nb.index() % 3, "neighbour " + nb + " is in cluster 1 like row 4");
        assertEquals("p" + nb.index(), nb.label());
        assertTrue(nb.distance() >= last);
        last = nb.distance();
      }
    }
    assertEquals(1, store.reads);
  }

  @Test
  void refusesTsneAndUmapBeyondTheirLimitsWithAMessageThatSaysWhatToDo() {
    int n = ProjectionComputation.MAX_ROWS.get("tsne") + 1;
    EmbeddingMatrix big = new EmbeddingMatrix(1, n, 1, new float[n], List.of(), List.of(), List.of());
    ComputeProgress none = new ComputeProgress() {
      @Override
      public void update(double fraction, Object partialResult) {}

      @Override
      public boolean cancelled() {
        return false;
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProjectionComputation.project(big, "tsne", 2, none));
    assertTrue(e.getMessage().contains("use PCA"), e.getMessage());
    Projection pca = ProjectionComputation.project(big, "pca", 2, none);
    assertEquals(n, pca.points().length);
  }

  private static double dist(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
