package org.visualdl.plugin.graph.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.GraphModel;

/**
 * Model graphs: every blob of kind {@code graph} (model files in run folders, read by
 * {@link ModelFileFormat}; graphs in TensorBoard event files, read by their format) parsed into a
 * {@link ModelGraph} off the request thread, cached by data version, and answered with scopes
 * collapsed or expanded.
 */
@Component(service = VisualizationPlugin.class)
public final class GraphPlugin implements VisualizationPlugin {
  static final Kind GRAPH = new Kind(BuiltinKind.GRAPH.kindName());
  /** How long a route waits for a graph being parsed before answering "loading". */
  static final long WAIT_MS = 2000;
  /** Parsed graphs kept in memory. */
  static final int CACHED_GRAPHS = 4;

  @Reference private LogStore store;
  private ExecutorService executor;
  private GraphCache cache;
  private long waitMs = WAIT_MS;

  /** For tests outside OSGi. */
  static GraphPlugin over(LogStore store, long waitMs) {
    GraphPlugin p = new GraphPlugin();
    p.store = store;
    p.waitMs = waitMs;
    p.activate();
    return p;
  }

  @Activate
  void activate() {
    executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "visualdl-graph-parse");
      t.setDaemon(true);
      return t;
    });
    cache = new GraphCache(executor, CACHED_GRAPHS);
  }

  @Deactivate
  void deactivate() {
    executor.shutdownNow();
    cache.clear();
  }

  @Override
  public String name() {
    return "graph";
  }

  @Override
  public String title() {
    return "Graphs";
  }

  @Override
  public int order() {
    return 60;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(GRAPH);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route(
            "graph",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.optional("expand", ParamType.STRING)),
            this::graph,
            "The nodes and edges of a graph, name scopes collapsed except those in 'expand' "
                + "(comma-separated, or * for all)."),
        new Route(
            "node",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.required("id", ParamType.STRING)),
            this::node,
            "Every attribute, input and output of one node (tensors summarised), or a scope's ops."),
        new Route(
            "search",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.required("q", ParamType.STRING),
                Param.optional("limit", ParamType.INT)),
            this::search,
            "Nodes whose id, name or op contains q (case-insensitive), also inside collapsed scopes."));
  }

  private Object graph(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    Set<String> expand = GraphView.parseExpand(request.optional("expand").orElse(null));
    ModelGraph g = await(run, tag);
    if (g == null) {
      return new GraphView.View(run, tag, "loading", null, tag, Map.of(), 0, 0, List.of(),
          List.of(), List.of());
    }
    return GraphView.of(run, tag, g, expand);
  }

  private Object node(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    String id = request.string("id");
    ModelGraph g = await(run, tag);
    if (g == null) {
      throw new RouteException(RouteException.Status.UNAVAILABLE,
          "the graph '" + tag + "' of run '" + run + "' is still being read; ask again");
    }
    Object details = NodeDetails.of(g, id);
    if (details == null) {
      throw RouteException.notFound("the graph '" + tag + "' of run '" + run + "' has no node '" + id + "'");
    }
    return details;
  }

  /** The answer of the search route: {@code total} matches, the first {@code limit} of them. */
  public record SearchResult(String run, String tag, String q, int total, List<Match> matches) {}

  /** One node found by the search route. */
  public record Match(String id, String name, String op, String scope) {}

  private Object search(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    String q = request.string("q").trim().toLowerCase(java.util.Locale.ROOT);
    int limit = request.intValue("limit", 100);
    if (limit < 1 || limit > 1000) {
      throw RouteException.badRequest("limit must be between 1 and 1000, was " + limit);
    }
    ModelGraph g = await(run, tag);
    if (g == null) {
      throw new RouteException(RouteException.Status.UNAVAILABLE,
          "the graph '" + tag + "' of run '" + run + "' is still being read; ask again");
    }
    List<Match> matches = new java.util.ArrayList<>();
    int total = 0;
    if (!q.isEmpty()) {
      for (ModelGraph.Node n : g.nodes) {
        if (contains(n.id(), q) || contains(n.name(), q) || contains(n.op(), q)) {
          if (total++ < limit) {
            matches.add(new Match(n.id(), n.name(), n.op(), n.scope()));
          }
        }
      }
    }
    return new SearchResult(run, tag, q, total, matches);
  }

  private static boolean contains(String s, String lowerQuery) {
    return s.toLowerCase(java.util.Locale.ROOT).contains(lowerQuery);
  }

  /** The parsed graph, or null when it is still being parsed after the wait. */
  private ModelGraph await(String run, String tag) {
    CompletableFuture<ModelGraph> f = future(run, tag);
    try {
      return f.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RouteException(RouteException.Status.UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw new RouteException(RouteException.Status.UNAVAILABLE,
          "the graph '" + tag + "' of run '" + run + "' could not be read: " + cause.getMessage());
    }
  }

  private CompletableFuture<ModelGraph> future(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<BlobRef> blobs = store.blobs(run, tag, GRAPH).filter(l -> !l.isEmpty())
        .orElseThrow(() -> RouteException.noSuchTag(run, tag));
    BlobRef last = blobs.get(blobs.size() - 1);
    if (last.payloadVersion() > BuiltinKind.GRAPH.payloadVersion()) {
      throw new RouteException(RouteException.Status.UNAVAILABLE, "the graph '" + tag
          + "' was written in version " + last.payloadVersion() + " of the graph payload; this "
          + "server reads up to " + BuiltinKind.GRAPH.payloadVersion() + ": update the server");
    }
    long version = store.dataVersion(run, tag, GRAPH);
    return cache.get(run, tag, version, () -> parse(run, tag, last));
  }

  private ModelGraph parse(String run, String tag, BlobRef ref) {
    byte[] payload = store.blob(run, tag, GRAPH, ref.step(), ref.index())
        .orElseThrow(() -> new UncheckedIOException(new IOException("the graph is no longer kept")));
    try {
      return ModelGraphs.parse(GraphModel.parseFrom(payload));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
