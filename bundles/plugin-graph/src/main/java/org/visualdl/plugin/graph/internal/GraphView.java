package org.visualdl.plugin.graph.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.visualdl.plugin.graph.internal.ModelGraph.Edge;
import org.visualdl.plugin.graph.internal.ModelGraph.Node;

/**
 * What the graph route answers: the graph with every name scope that is not expanded collapsed
 * into one node, as TensorBoard starts. A node is shown when every scope it is in is expanded;
 * otherwise the outermost collapsed scope around it stands for it. Edges between the shown nodes
 * are merged per pair ({@code count} says how many), and edges inside a collapsed scope vanish.
 */
final class GraphView {

  /**
   * A shown node: an operator, input or output ({@code kind} "op", "input", "output") or a
   * collapsed scope ({@code kind} "scope", {@code nodeCount} nodes inside).
   */
  record ViewNode(String id, String name, String op, String scope, String kind,
      List<String> inputs, Map<String, Object> attributes, String shape, Integer nodeCount) {}

  /** A shown edge: {@code count} edges of the graph between the same two shown nodes. */
  record ViewEdge(String from, String to, String tensor, String shape, int count, boolean control) {}

  /** A scope of the graph, whether or not it is shown. */
  record ViewScope(String name, int nodeCount, boolean collapsed) {}

  /** The answer. */
  record View(String run, String tag, String status, String format, String name,
      Map<String, Object> info, int totalNodes, int totalEdges, List<ViewNode> nodes,
      List<ViewEdge> edges, List<ViewScope> scopes) {}

  private GraphView() {}

  /** The scopes to expand from the route's parameter: names separated by commas, or {@code *}. */
  static Set<String> parseExpand(String expand) {
    Set<String> out = new HashSet<>();
    if (expand == null) {
      return out;
    }
    for (String s : expand.split(",")) {
      String t = s.trim();
      while (t.endsWith("/")) {
        t = t.substring(0, t.length() - 1);
      }
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  static View of(String run, String tag, ModelGraph g, Set<String> expanded) {
    boolean all = expanded.contains("*");
    int n = g.nodes.size();
    // Which shown node stands for each node: -1 for itself, else the index of a scope in `shown`.
    String[] repScope = new String[n];
    Map<String, String> scopeIds = new HashMap<>();
    Set<String> usedIds = new HashSet<>();
    for (Node node : g.nodes) {
      usedIds.add(node.id());
    }
    List<ViewNode> nodes = new ArrayList<>();
    Map<String, Integer> scopeNodeIndex = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Node node = g.nodes.get(i);
      String collapsed = all ? null : outermostCollapsed(node.scope(), expanded);
      repScope[i] = collapsed;
      if (collapsed == null) {
        Map<String, Object> compact = new LinkedHashMap<>();
        node.attributes().forEach((k, v) -> compact.put(k, Values.compact(v)));
        nodes.add(new ViewNode(node.id(), node.name(), node.op(), node.scope(),
            node.kind().name().toLowerCase(java.util.Locale.ROOT), node.inputs(), compact,
            node.shape(), null));
      } else if (!scopeNodeIndex.containsKey(collapsed)) {
        String id = collapsed;
        for (int k = 1; usedIds.contains(id); k++) {
          id = collapsed + " (" + k + ")";
        }
        usedIds.add(id);
        scopeIds.put(collapsed, id);
        scopeNodeIndex.put(collapsed, nodes.size());
        nodes.add(null); // filled once its inputs are known
      }
    }
    Map<String, int[]> merged = new LinkedHashMap<>();
    List<ViewEdge> edges = new ArrayList<>();
    Map<String, Set<String>> scopeInputs = new HashMap<>();
    for (Edge e : g.edges) {
      String from = repScope[e.from()] == null ? g.nodes.get(e.from()).id() : scopeIds.get(repScope[e.from()]);
      String to = repScope[e.to()] == null ? g.nodes.get(e.to()).id() : scopeIds.get(repScope[e.to()]);
      if (from.equals(to)) {
        continue;
      }
      if (repScope[e.to()] != null) {
        scopeInputs.computeIfAbsent(repScope[e.to()], k -> new java.util.LinkedHashSet<>()).add(from);
      }
      String key = from + '\u0000' + to;
      int[] at = merged.get(key);
      if (at == null) {
        merged.put(key, new int[] {edges.size()});
        edges.add(new ViewEdge(from, to, e.tensor(), e.shape(), 1, e.control()));
      } else {
        ViewEdge old = edges.get(at[0]);
        String shape = old.shape() != null && old.shape().equals(e.shape()) ? old.shape() : null;
        edges.set(at[0], new ViewEdge(from, to, old.tensor(), shape, old.count() + 1,
            old.control() && e.control()));
      }
    }
    for (Map.Entry<String, Integer> s : scopeNodeIndex.entrySet()) {
      String scope = s.getKey();
      int slash = scope.lastIndexOf('/');
      nodes.set(s.getValue(), new ViewNode(scopeIds.get(scope), scope, "", slash < 0 ? "" : scope.substring(0, slash),
          "scope", List.copyOf(scopeInputs.getOrDefault(scope, Set.of())), Map.of(), null,
          g.scopes.getOrDefault(scope, 0)));
    }
    List<ViewScope> scopes = new ArrayList<>(g.scopes.size());
    for (Map.Entry<String, Integer> s : g.scopes.entrySet()) {
      scopes.add(new ViewScope(s.getKey(), s.getValue(), !all && !expanded.contains(s.getKey())));
    }
    return new View(run, tag, "done", g.format, g.name, g.info, n, g.edges.size(), nodes, edges,
        scopes);
  }

  /** The outermost scope around {@code scope} (itself included) that is not expanded, or null. */
  private static String outermostCollapsed(String scope, Set<String> expanded) {
    if (scope.isEmpty()) {
      return null;
    }
    int from = 0;
    while (true) {
      int slash = scope.indexOf('/', from);
      String prefix = slash < 0 ? scope : scope.substring(0, slash);
      if (!expanded.contains(prefix)) {
        return prefix;
      }
      if (slash < 0) {
        return null;
      }
      from = slash + 1;
    }
  }
}
