package org.visualdl.plugin.graph.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.visualdl.plugin.graph.internal.ModelGraph.Edge;
import org.visualdl.plugin.graph.internal.ModelGraph.Node;
import org.visualdl.plugin.graph.internal.ModelGraph.TensorInfo;

/** What the node route answers: one node with all its attributes, or one scope. */
final class NodeDetails {

  /**
   * One input or output tensor of a node.
   *
   * @param node the node at the other end (producer of an input), or null
   * @param constant the tensor's summary when it is a weight stored in the model
   */
  record Port(String name, String dtype, String shape, String node, TensorSummary constant) {}

  /** A node that uses one of this node's outputs. */
  record Consumer(String node, String tensor) {}

  /** The answer for a node of the graph. */
  record Details(String id, String name, String op, String scope, String kind,
      Map<String, Object> attributes, List<Port> inputs, List<Port> outputs,
      List<Consumer> consumers) {}

  /** The answer for a scope. */
  record ScopeDetails(String id, String name, String kind, int nodeCount, Map<String, Integer> ops) {}

  private NodeDetails() {}

  /** The node or scope of that id, or null. */
  static Object of(ModelGraph g, String id) {
    int i = g.indexOf(id);
    if (i >= 0) {
      return node(g, i);
    }
    String scope = id.replaceFirst(" \\(\\d+\\)$", "");
    if (g.scopes.containsKey(scope)) {
      Map<String, Integer> ops = new TreeMap<>();
      String prefix = scope + "/";
      for (Node n : g.nodes) {
        if (n.scope().equals(scope) || n.scope().startsWith(prefix)) {
          ops.merge(n.op(), 1, Integer::sum);
        }
      }
      return new ScopeDetails(id, scope, "scope", g.scopes.get(scope), ops);
    }
    return null;
  }

  private static Details node(ModelGraph g, int i) {
    Node n = g.nodes.get(i);
    Map<String, String> producers = new HashMap<>();
    for (int e : g.edgesIn(i)) {
      Edge edge = g.edges.get(e);
      producers.putIfAbsent(edge.tensor(), g.nodes.get(edge.from()).id());
    }
    List<Port> inputs = new ArrayList<>();
    for (String in : n.inputs()) {
      TensorInfo t = g.tensor(in);
      String shape = t == null ? null : t.shape();
      if (shape == null) {
        for (int e : g.edgesIn(i)) {
          if (g.edges.get(e).tensor().equals(in)) {
            shape = g.edges.get(e).shape();
          }
        }
      }
      inputs.add(new Port(in, t == null ? null : t.dtype(), shape, producers.get(in),
          t == null ? null : t.constant()));
    }
    List<Port> outputs = new ArrayList<>();
    for (String out : n.outputs()) {
      TensorInfo t = g.tensor(out);
      outputs.add(new Port(out, t == null ? null : t.dtype(), t == null ? null : t.shape(), null,
          null));
    }
    List<Consumer> consumers = new ArrayList<>();
    for (int e : g.edgesOut(i)) {
      Edge edge = g.edges.get(e);
      consumers.add(new Consumer(g.nodes.get(edge.to()).id(), edge.tensor()));
    }
    return new Details(n.id(), n.name(), n.op(), n.scope(), n.kind().name().toLowerCase(Locale.ROOT),
        n.attributes(), inputs, outputs, consumers);
  }
}
