package org.visualdl.plugin.graph.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's graph in one shape for every format: nodes (operators, graph inputs and outputs) with
 * their name scope, and the edges along which tensors flow. Immutable once built by {@link
 * Builder}; shared between requests.
 */
final class ModelGraph {

  /** What a node stands for. */
  enum NodeKind { OP, INPUT, OUTPUT }

  /**
   * One node.
   *
   * @param scope its name scope, '/'-separated ("" at the top)
   * @param inputs the names of its input tensors as the file gives them
   * @param outputs the names of its output tensors (empty where the format has none)
   * @param attributes attribute values, bounded: numbers, strings, booleans, lists of them,
   *     {@link TensorSummary}s and nested maps
   * @param shape the shape of its first output, or null when unknown
   */
  record Node(String id, String name, String op, String scope, NodeKind kind, List<String> inputs,
      List<String> outputs, Map<String, Object> attributes, String shape) {}

  /**
   * One edge between two nodes (by index).
   *
   * @param tensor the tensor that flows, as the consumer names it
   * @param control a TensorFlow control dependency ({@code ^name}): no data flows
   */
  record Edge(int from, int to, String tensor, String shape, boolean control) {}

  /** What is known of one tensor by name. */
  record TensorInfo(String dtype, String shape, TensorSummary constant) {}

  final String format;
  final String name;
  final List<Node> nodes;
  final List<Edge> edges;
  /** Every scope with the number of nodes inside it, sub-scopes included; sorted by name. */
  final Map<String, Integer> scopes;
  /** Model-level facts: producer, versions, opsets. */
  final Map<String, Object> info;
  private final Map<String, Integer> byId;
  private final Map<String, TensorInfo> tensors;
  private final List<List<Integer>> outEdges;
  private final List<List<Integer>> inEdges;

  private ModelGraph(Builder b) {
    format = b.format;
    name = b.name;
    nodes = Collections.unmodifiableList(b.nodes);
    edges = Collections.unmodifiableList(b.edges);
    info = Collections.unmodifiableMap(b.info);
    byId = b.byId;
    tensors = b.tensors;
    Map<String, Integer> counts = new TreeMap<>();
    for (Node n : nodes) {
      String s = n.scope();
      while (!s.isEmpty()) {
        counts.merge(s, 1, Integer::sum);
        int slash = s.lastIndexOf('/');
        s = slash < 0 ? "" : s.substring(0, slash);
      }
    }
    scopes = Collections.unmodifiableMap(counts);
    outEdges = new ArrayList<>(nodes.size());
    inEdges = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      outEdges.add(new ArrayList<>(2));
      inEdges.add(new ArrayList<>(2));
    }
    for (int e = 0; e < edges.size(); e++) {
      outEdges.get(edges.get(e).from()).add(e);
      inEdges.get(edges.get(e).to()).add(e);
    }
  }

  /** The index of the node with that id, or -1. */
  int indexOf(String id) {
    Integer i = byId.get(id);
    return i == null ? -1 : i;
  }

  /** What is known of a tensor, or null. */
  TensorInfo tensor(String name) {
    return tensors.get(name);
  }

  List<Integer> edgesOut(int node) {
    return outEdges.get(node);
  }

  List<Integer> edgesIn(int node) {
    return inEdges.get(node);
  }

  /** The scope part of a hierarchical name: {@code "a/b/c"} is in {@code "a/b"}. */
  static String scopeOf(String name) {
    String n = name.startsWith("/") ? name.substring(1) : name;
    int slash = n.lastIndexOf('/');
    return slash <= 0 ? "" : n.substring(0, slash);
  }

  /** Collects nodes and edges; ids are made unique here. */
  static final class Builder {
    private final String format;
    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, Integer> byId = new HashMap<>();
    private final Map<String, TensorInfo> tensors = new HashMap<>();
    private final Map<String, Object> info = new TreeMap<>();

    Builder(String format, String name) {
      this.format = format;
      this.name = name;
    }

    /** Adds a node; its id is {@code id}, or {@code id_1}, {@code id_2}... when taken. */
    int node(String id, String name, String op, String scope, NodeKind kind, List<String> inputs,
        List<String> outputs, Map<String, Object> attributes, String shape) {
      String base = id == null || id.isEmpty() ? (op == null || op.isEmpty() ? "node" : op) : id;
      String unique = base;
      for (int k = 1; byId.containsKey(unique); k++) {
        unique = base + "_" + k;
      }
      int index = nodes.size();
      byId.put(unique, index);
      nodes.add(new Node(unique, name == null ? "" : name, op == null ? "" : op,
          scope == null ? "" : scope, kind, List.copyOf(inputs), List.copyOf(outputs),
          attributes == null ? Map.of() : Collections.unmodifiableMap(attributes), shape));
      return index;
    }

    void edge(int from, int to, String tensor, String shape, boolean control) {
      edges.add(new Edge(from, to, tensor, shape, control));
    }

    void tensor(String name, String dtype, String shape, TensorSummary constant) {
      TensorInfo old = tensors.get(name);
      if (old != null) {
        dtype = dtype == null ? old.dtype() : dtype;
        shape = shape == null ? old.shape() : shape;
        constant = constant == null ? old.constant() : constant;
      }
      tensors.put(name, new TensorInfo(dtype, shape, constant));
    }

    TensorInfo tensor(String name) {
      return tensors.get(name);
    }

    void info(String key, Object value) {
      info.put(key, value);
    }

    int size() {
      return nodes.size();
    }

    ModelGraph build() {
      return new ModelGraph(this);
    }
  }
}
