package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.visualdl.plugin.graph.internal.Wire.Field;

/**
 * The corpus SqueezeNet (ONNX, weights stripped) opens with every node and edge of the file,
 * compared with what a wire-format reader independent of our parser finds in it, and with counts
 * computed by a Python wire-format script when the test was written.
 */
class OnnxCorpusTest {

  @Test
  void everyNodeAndEdgeOfTheFileIsThere() throws Exception {
    byte[] bytes = Files.readAllBytes(Corpus.dir().resolve("models/onnx_squeezenet/model.onnx"));
    ModelGraph g = OnnxGraphs.parse(bytes, "model.onnx");

    // What the file holds, read without our parser: ModelProto.graph = 7; GraphProto.node = 1,
    // initializer = 5, input = 11, output = 12; NodeProto.input = 1, output = 2, op_type = 4.
    List<Field> graph = Wire.fields(Wire.all(Wire.fields(bytes), 7).get(0).bytes());
    List<List<Field>> nodes = Wire.all(graph, 1).stream().map(f -> Wire.fields(f.bytes())).toList();
    Set<String> initializers = new HashSet<>();
    for (Field t : Wire.all(graph, 5)) {
      initializers.add(Wire.strings(Wire.fields(t.bytes()), 8).get(0));
    }
    List<String> inputs = Wire.all(graph, 11).stream()
        .map(f -> Wire.strings(Wire.fields(f.bytes()), 1).get(0))
        .filter(n -> !initializers.contains(n)).toList();
    List<String> outputs = Wire.all(graph, 12).stream()
        .map(f -> Wire.strings(Wire.fields(f.bytes()), 1).get(0)).toList();
    Set<String> produced = new HashSet<>(inputs);
    for (List<Field> n : nodes) {
      produced.addAll(Wire.strings(n, 2));
    }
    int edges = 0;
    for (List<Field> n : nodes) {
      edges += (int) Wire.strings(n, 1).stream().filter(produced::contains).count();
    }
    edges += (int) outputs.stream().filter(produced::contains).count();

    assertEquals(105, nodes.size(), "the Python script's count of NodeProtos");
    assertEquals(nodes.size() + inputs.size() + outputs.size(), g.nodes.size());
    assertEquals(107, g.nodes.size());
    assertEquals(edges, g.edges.size());
    assertEquals(114, g.edges.size(), "the Python script's count of edges");

    // Every NodeProto, in order, with its op and its first output as id.
    int opNodes = 0;
    for (ModelGraph.Node n : g.nodes) {
      if (n.kind() == ModelGraph.NodeKind.OP) {
        List<Field> file = nodes.get(opNodes++);
        assertEquals(Wire.strings(file, 4).get(0), n.op());
        // id: the node's name (field 3), or its first output when it has none
        List<String> name = Wire.strings(file, 3);
        assertEquals(name.isEmpty() ? Wire.strings(file, 2).get(0) : name.get(0), n.id());
        assertEquals(Wire.strings(file, 1), n.inputs());
      }
    }
    assertEquals(105, opNodes);
    Map<String, Integer> ops = new HashMap<>();
    g.nodes.forEach(n -> ops.merge(n.op(), 1, Integer::sum));
    assertEquals(39, ops.get("ConstantOfShape"));
    assertEquals(26, ops.get("Conv"));
    assertEquals(26, ops.get("Relu"));
    assertEquals(8, ops.get("Concat"));
    assertEquals(1, ops.get("Softmax"));

    // Inputs and outputs with their shapes from the file's value infos.
    ModelGraph.Node data = g.nodes.get(g.indexOf("data_0"));
    assertEquals("Input", data.op());
    assertEquals("[1,3,224,224]", data.shape());
    assertEquals("float32", data.attributes().get("dtype"));
    ModelGraph.Node softmax = g.nodes.stream().filter(n -> n.op().equals("Softmax")).findFirst().orElseThrow();
    assertEquals(List.of("softmaxout_1"), softmax.outputs());
    assertEquals("[1,1000,1,1]", softmax.shape());
    assertEquals(List.of("r65"), softmax.inputs());
    ModelGraph.Node out = g.nodes.get(g.nodes.size() - 1);
    assertEquals("Output", out.op());
    assertEquals("softmaxout_1", out.name());
    assertEquals(softmax.id(), g.nodes.get(g.edges.get(g.edgesIn(g.nodes.size() - 1).get(0)).from()).id());

    // The first Conv reads data_0 and two weights; the weights are summaries, not edges.
    ModelGraph.Node conv1 = g.nodes.stream().filter(n -> n.op().equals("Conv")).findFirst().orElseThrow();
    assertEquals("data_0", conv1.inputs().get(0));
    assertTrue(g.edgesIn(g.indexOf(conv1.id())).stream()
        .anyMatch(e -> g.nodes.get(g.edges.get(e).from()).id().equals("data_0")));
    assertEquals(List.of(3L, 3L), conv1.attributes().get("kernel_shape"));
  }

  @Test
  void scopesCollapseAndExpand() throws Exception {
    byte[] bytes = Files.readAllBytes(Corpus.dir().resolve("models/onnx_squeezenet/model.onnx"));
    ModelGraph g = OnnxGraphs.parse(bytes, "model.onnx");
    assertTrue(g.scopes.containsKey("fire2"), g.scopes.toString());
    int inFire2 = g.scopes.get("fire2");

    GraphView.View collapsed = GraphView.of("r", "model.onnx", g, Set.of());
    assertTrue(collapsed.nodes().size() < g.nodes.size());
    GraphView.ViewNode fire2 = collapsed.nodes().stream().filter(n -> n.id().equals("fire2"))
        .findFirst().orElseThrow();
    assertEquals("scope", fire2.kind());
    assertEquals(inFire2, fire2.nodeCount());
    assertTrue(collapsed.scopes().stream().allMatch(GraphView.ViewScope::collapsed));
    int shown = collapsed.nodes().size();

    GraphView.View one = GraphView.of("r", "model.onnx", g, GraphView.parseExpand("fire2"));
    assertEquals(shown - 1 + inFire2, one.nodes().size());
    assertFalse(one.nodes().stream().anyMatch(n -> n.id().equals("fire2")));
    assertFalse(one.scopes().stream().filter(s -> s.name().equals("fire2")).findFirst().orElseThrow().collapsed());

    GraphView.View all = GraphView.of("r", "model.onnx", g, GraphView.parseExpand("*"));
    assertEquals(g.nodes.size(), all.nodes().size());
    assertEquals(g.edges.size(), all.edges().size());
  }
}
