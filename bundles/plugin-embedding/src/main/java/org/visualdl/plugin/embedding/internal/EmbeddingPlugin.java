package org.visualdl.plugin.embedding.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.ComputeService;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.frontend.BinaryResult;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;
import org.visualdl.plugin.embedding.internal.math.NearestNeighbors;

/**
 * Embeddings: the steps of each embedding tag, projections to 2-D or 3-D computed in the
 * maintainer's compute service, and nearest neighbours in the original space.
 */
@Component(service = VisualizationPlugin.class)
public final class EmbeddingPlugin implements VisualizationPlugin {
  static final int MAX_NEIGHBORS = 1000;
  static final String BASE = "/api/plugins/embedding/";

  @Reference private LogStore store;
  @Reference private ComputeService compute;

  private final MatrixCache matrices = new MatrixCache();

  /** For tests outside OSGi. */
  static EmbeddingPlugin over(LogStore store, ComputeService compute) {
    EmbeddingPlugin p = new EmbeddingPlugin();
    p.store = store;
    p.compute = compute;
    return p;
  }

  @Override
  public String name() {
    return "embedding";
  }

  @Override
  public String title() {
    return "Embeddings";
  }

  @Override
  public int order() {
    return 40;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(Embeddings.KIND);
  }

  @Override
  public List<Route> routes() {
    Param run = Param.required("run", ParamType.STRING);
    Param tag = Param.required("tag", ParamType.STRING);
    Param step = Param.optional("step", ParamType.LONG);
    return List.of(
        new Route("entries", List.of(run, tag), this::entries,
            "The kept steps of an embedding tag with their numbers of rows and dimensions."),
        new Route(
            "projection",
            List.of(run, tag, step, Param.optional("method", ParamType.STRING),
                Param.optional("dims", ParamType.INT)),
            this::projection,
            "A 2-D or 3-D projection (pca, tsne, umap) of the embedding at a step; polled while"
                + " it computes."),
        new Route(
            "neighbors",
            List.of(run, tag, step, Param.required("index", ParamType.INT),
                Param.optional("k", ParamType.INT), Param.optional("metric", ParamType.STRING)),
            this::neighbors,
            "The nearest rows of one row in the original space (cosine or euclidean)."),
        new Route(
            "sprite",
            List.of(run, tag, step, Param.optional("v", ParamType.LONG)),
            this::sprite,
            "The sprite image (a grid of one thumbnail per row) of the embedding at a step."));
  }

  /** One kept step of an embedding tag, as the entries route lists it. */
  public sealed interface Step permits Entry, EntryWithSprite {}

  /** One kept step of an embedding tag without thumbnails. */
  public record Entry(long step, long wallTime, int rows, int dims) implements Step {}

  /** One kept step of an embedding tag with thumbnails: a sprite of one cell per row. */
  public record EntryWithSprite(long step, long wallTime, int rows, int dims, Sprite sprite)
      implements Step {}

  /**
   * An embedding's sprite: {@code url} serves the image, a grid of cells of
   * {@code cellWidth} x {@code cellHeight} pixels, row-major, one per row of the embedding.
   */
  public record Sprite(String url, int cellWidth, int cellHeight) {}

  /** The answer of the entries route. */
  public record Entries(String run, String tag, List<Step> entries) {}

  Entries entries(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    List<Step> out = new ArrayList<>();
    for (EmbeddingSample s : samples(run, tag)) {
      Sprite sprite = sprite(run, tag, s);
      out.add(sprite == null
          ? new Entry(s.step(), s.wallTimeMs(), s.rows(), s.dims())
          : new EntryWithSprite(s.step(), s.wallTimeMs(), s.rows(), s.dims(), sprite));
    }
    return new Entries(run, tag, out);
  }

  /** The sprite of a kept step, or null when it has none. */
  static Sprite sprite(String run, String tag, EmbeddingSample s) {
    if (s.sprite() == null) {
      return null;
    }
    String url = BASE + "sprite?run=" + encode(run) + "&tag=" + encode(tag) + "&step="
        + s.step() + "&v=" + s.wallTimeMs();
    return new Sprite(url, s.sprite().cellWidth(), s.sprite().cellHeight());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  BinaryResult sprite(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    EmbeddingSample s = sample(request);
    if (s.sprite() == null) {
      throw RouteException.notFound("embedding '" + tag + "' of run '" + run + "' at step "
          + s.step() + " has no sprite");
    }
    boolean versioned = request.optional("v").isPresent();
    if (versioned && request.longValue("v", 0) != s.wallTimeMs()) {
      throw RouteException.notFound("the embedding '" + tag + "' at step " + s.step()
          + " was written again; reload the entries for its new sprite URL");
    }
    org.visualdl.proto.Embedding e;
    try {
      e = Embeddings.payload(store, run, tag, s.step()).orElseThrow(() -> RouteException.notFound(
          "embedding '" + tag + "' of run '" + run + "' at step " + s.step()
              + " is no longer kept"));
    } catch (UncheckedIOException ex) {
      throw new RouteException(RouteException.Status.UNAVAILABLE, "the sprite of embedding '"
          + tag + "' at step " + s.step() + " can no longer be read: " + ex.getMessage());
    }
    return new BinaryResult(e.getSprite().getEncoded().toByteArray(),
        e.getSprite().getMediaType(), versioned);
  }

  private List<EmbeddingSample> samples(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<EmbeddingSample> samples =
        Embeddings.kept(store, run, tag).orElseThrow(() -> RouteException.noSuchTag(run, tag));
    if (samples.isEmpty()) {
      throw RouteException.notFound("run '" + run + "' has no embedding kept for tag '" + tag + "'");
    }
    return samples;
  }

  /** The requested step, or the latest kept one; 404 when that step is not kept. */
  private EmbeddingSample sample(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    List<EmbeddingSample> samples = samples(run, tag);
    if (request.optional("step").isEmpty()) {
      return samples.get(samples.size() - 1);
    }
    long step = request.longValue("step", 0);
    return samples.stream()
        .filter(s -> s.step() == step)
        .findFirst()
        .orElseThrow(() -> RouteException.notFound(
            "embedding '" + tag + "' of run '" + run + "' has no kept step " + step
                + "; see the entries route for the kept steps"));
  }

  Map<String, Object> projection(RouteRequest request) {
    String method = request.optional("method").orElse("pca").toLowerCase(Locale.ROOT);
    if (!ProjectionComputation.MAX_ROWS.containsKey(method)) {
      throw RouteException.badRequest("method must be pca, tsne or umap, was '" + method + "'");
    }
    int dims = request.intValue("dims", 2);
    if (dims != 2 && dims != 3) {
      throw RouteException.badRequest("dims must be 2 or 3, was " + dims);
    }
    EmbeddingSample s = sample(request);
    int limit = ProjectionComputation.MAX_ROWS.get(method);
    if (s.rows() > limit) {
      throw RouteException.badRequest(
          method + " is limited to " + limit + " points and this embedding has " + s.rows()
              + "; use method=pca");
    }
    ComputeStatus status =
        compute.request(
            ProjectionComputation.request(
                request.string("run"), request.string("tag"), s.step(), method, dims));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", status.state().name().toLowerCase(Locale.ROOT));
    out.put("progress", status.state() == ComputeStatus.State.DONE ? 1.0 : status.progress());
    out.put("method", method);
    out.put("dims", dims);
    out.put("step", s.step());
    out.put("rows", s.rows());
    if (status.result() instanceof Projection p) {
      out.put("points", p.points());
      out.put("labels", p.labels());
      out.put("metadataHeader", p.metadataHeader());
      out.put("metadata", p.metadata());
      if (p.explainedVariance() != null) {
        out.put("explainedVariance", p.explainedVariance());
      }
      Sprite sprite = sprite(request.string("run"), request.string("tag"), s);
      if (sprite != null) {
        out.put("sprite", sprite);
      }
    } else {
      out.put("points", List.of());
      out.put("labels", List.of());
      out.put("metadataHeader", List.of());
      out.put("metadata", List.of());
    }
    if (status.error() != null) {
      out.put("error", status.error());
    }
    return out;
  }

  /** One neighbour in the neighbors route's answer. */
  public record Neighbor(int index, String label, double distance) {}

  /** The answer of the neighbors route. */
  public record Neighbors(int index, String label, String metric, long step, List<Neighbor> neighbors) {}

  Neighbors neighbors(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    int index = request.intValue("index", 0);
    int k = request.intValue("k", 10);
    String metricName = request.optional("metric").orElse("cosine").toLowerCase(Locale.ROOT);
    NearestNeighbors.Metric metric;
    switch (metricName) {
      case "cosine" -> metric = NearestNeighbors.Metric.COSINE;
      case "euclidean" -> metric = NearestNeighbors.Metric.EUCLIDEAN;
      default -> throw RouteException.badRequest(
          "metric must be cosine or euclidean, was '" + metricName + "'");
    }
    if (k < 1 || k > MAX_NEIGHBORS) {
      throw RouteException.badRequest("k must be between 1 and " + MAX_NEIGHBORS + ", was " + k);
    }
    EmbeddingSample s = sample(request);
    if (index < 0 || index >= s.rows()) {
      throw RouteException.badRequest(
          "index must be between 0 and " + (s.rows() - 1) + ", was " + index);
    }
    long version = store.dataVersion(run, tag, Embeddings.KIND);
    EmbeddingMatrix m =
        matrices
            .get(run, tag, s.step(), version,
                () -> Embeddings.matrix(store, run, tag, s.step()))
            .orElseThrow(() -> RouteException.notFound(
                "embedding '" + tag + "' of run '" + run + "' at step " + s.step()
                    + " is no longer kept"));
    List<Neighbor> out = new ArrayList<>();
    for (NearestNeighbors.Neighbor nb :
        NearestNeighbors.of(m.values(), m.rows(), m.dims(), index, k, metric)) {
      out.add(new Neighbor(nb.index(), label(m, nb.index()), nb.distance()));
    }
    return new Neighbors(index, label(m, index), metricName, s.step(), out);
  }

  private static String label(EmbeddingMatrix m, int row) {
    return row < m.labels().size() ? m.labels().get(row) : Integer.toString(row);
  }
}
