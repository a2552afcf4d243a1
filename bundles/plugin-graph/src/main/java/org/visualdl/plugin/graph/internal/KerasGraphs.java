package org.visualdl.plugin.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.plugin.graph.internal.ModelGraph.NodeKind;

/**
 * Keras model configs ({@code model.to_json()}, as TensorBoard's {@code graph_keras_model} plugin
 * data holds them) as layer graphs: one node per layer (op = its class), an edge per inbound
 * connection (Keras 2 {@code inbound_nodes} lists and Keras 3 {@code keras_history} alike), a
 * {@code Sequential} model's layers chained in order. A nested model is a scope named after it,
 * holding its layers.
 */
final class KerasGraphs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MODELS = List.of("Sequential", "Functional", "Model");

  private KerasGraphs() {}

  /** The layers a (nested) model exposes to what is outside it. */
  private record Ends(List<Integer> inputs, List<Integer> outputs) {}

  static ModelGraph parse(byte[] bytes, String name) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IOException("not a Keras model config: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.has("config")) {
      throw new IOException("not a Keras model config: no \"class_name\"/\"config\" object");
    }
    ModelGraph.Builder b = new ModelGraph.Builder("keras-json", name);
    if (root.has("keras_version")) {
      b.info("kerasVersion", root.get("keras_version").asText());
    }
    if (root.has("backend")) {
      b.info("backend", root.get("backend").asText());
    }
    b.info("model", root.path("class_name").asText());
    model(b, root, "");
    if (b.size() == 0) {
      throw new IOException("not a Keras model config: it has no layers");
    }
    return b.build();
  }

  private static Ends model(ModelGraph.Builder b, JsonNode model, String scope) {
    JsonNode config = model.path("config");
    JsonNode layers = config.isArray() ? config : config.path("layers");
    boolean sequential = "Sequential".equals(model.path("class_name").asText());
    Map<String, Ends> byName = new HashMap<>();
    List<String> order = new ArrayList<>();
    List<JsonNode> inbound = new ArrayList<>();
    for (JsonNode layer : layers) {
      String cls = layer.path("class_name").asText();
      JsonNode lc = layer.path("config");
      String lname = layer.has("name") ? layer.get("name").asText() : lc.path("name").asText(cls);
      Ends ends;
      if (MODELS.contains(cls) && lc.has("layers")) {
        ends = model(b, layer, scope.isEmpty() ? lname : scope + "/" + lname);
      } else {
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = lc.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          if (!f.getKey().equals("name")) {
            attrs.put(f.getKey(), value(f.getValue()));
          }
        }
        JsonNode shape = lc.has("batch_input_shape") ? lc.get("batch_input_shape")
            : lc.has("batch_shape") ? lc.get("batch_shape") : null;
        int i = b.node(scope.isEmpty() ? lname : scope + "/" + lname, lname, cls, scope,
            cls.equals("InputLayer") ? NodeKind.INPUT : NodeKind.OP, List.of(), List.of(), attrs,
            shape == null ? null : shape(shape));
        ends = new Ends(List.of(i), List.of(i));
      }
      byName.put(lname, ends);
      order.add(lname);
      inbound.add(layer.path("inbound_nodes"));
    }
    if (sequential) {
      for (int k = 1; k < order.size(); k++) {
        connect(b, byName.get(order.get(k - 1)), byName.get(order.get(k)), order.get(k - 1));
      }
      if (order.isEmpty()) {
        return new Ends(List.of(), List.of());
      }
      return new Ends(byName.get(order.get(0)).inputs(),
          byName.get(order.get(order.size() - 1)).outputs());
    }
    for (int k = 0; k < order.size(); k++) {
      List<String> sources = new ArrayList<>();
      references(inbound.get(k), sources);
      for (String s : sources) {
        Ends from = byName.get(s);
        if (from != null) {
          connect(b, from, byName.get(order.get(k)), s);
        }
      }
    }
    return new Ends(ends(config.path("input_layers"), byName, true),
        ends(config.path("output_layers"), byName, false));
  }

  private static void connect(ModelGraph.Builder b, Ends from, Ends to, String tensor) {
    for (int f : from.outputs()) {
      for (int t : to.inputs()) {
        b.edge(f, t, tensor, null, false);
      }
    }
  }

  private static List<Integer> ends(JsonNode list, Map<String, Ends> byName, boolean inputs) {
    List<String> names = new ArrayList<>();
    references(list, names);
    List<Integer> out = new ArrayList<>();
    for (String n : names) {
      Ends e = byName.get(n);
      if (e != null) {
        out.addAll(inputs ? e.inputs() : e.outputs());
      }
    }
    return out;
  }

  /**
   * Layer names referred to anywhere in {@code n}: Keras 2 writes {@code [name, node, tensor,
   * kwargs]} arrays, Keras 3 {@code "keras_history": [name, node, tensor]}.
   */
  private static void references(JsonNode n, List<String> out) {
    if (n.isArray()) {
      if (n.size() >= 3 && n.size() <= 4 && n.get(0).isTextual() && n.get(1).isNumber()
          && n.get(2).isNumber()) {
        out.add(n.get(0).asText());
        return;
      }
      for (JsonNode c : n) {
        references(c, out);
      }
    } else if (n.isObject()) {
      for (JsonNode c : n) {
        references(c, out);
      }
    }
  }

  private static String shape(JsonNode dims) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      s.append(i == 0 ? "" : ",").append(dims.get(i).isNull() ? "?" : dims.get(i).asText());
    }
    return s.append(']').toString();
  }

  private static Object value(JsonNode v) {
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual()) {
      return Values.string(v.asText());
    }
    if (v.isNull()) {
      return null;
    }
    if (v.isArray() && v.size() <= Values.MAX_LIST) {
      List<Object> out = new ArrayList<>();
      for (JsonNode c : v) {
        out.add(value(c));
      }
      return out;
    }
    if (v.isObject() && v.has("class_name") && v.has("config")) {
      // An initializer, regularizer or constraint: its class says most.
      return v.get("class_name").asText();
    }
    return Values.string(v.toString());
  }
}
