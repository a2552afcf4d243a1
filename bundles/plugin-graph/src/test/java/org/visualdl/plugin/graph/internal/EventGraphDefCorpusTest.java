package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.visualdl.plugin.graph.internal.Wire.Field;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.models.GraphDefs;

/**
 * The two Event.graph_def graphs of the TensorBoard corpus, wrapped by
 * {@link GraphDefs#fromEventGraphDef} as the TensorBoard reader will, open with every node and
 * edge of the GraphDef (counted by a wire-format reader independent of ours, and by a Python
 * script when the test was written).
 */
class EventGraphDefCorpusTest {

  /** The graph_def (Event field 4) of the first event that has one. */
  static byte[] graphDef(Path eventFile) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(eventFile)).order(ByteOrder.LITTLE_ENDIAN);
    while (b.remaining() >= 12) {
      int len = (int) b.getLong();
      b.getInt();
      byte[] event = new byte[len];
      b.get(event);
      b.getInt();
      for (Field f : Wire.fields(event)) {
        if (f.number() == 4) {
          return f.bytes();
        }
      }
    }
    return null;
  }

  static Path eventFile(String folder) throws Exception {
    try (Stream<Path> s = Files.walk(Corpus.dir().resolve("tensorboard").resolve(folder))) {
      return s.filter(p -> p.getFileName().toString().contains("tfevents")).findFirst().orElseThrow();
    }
  }

  private static ModelGraph open(byte[] graphDef) throws Exception {
    GraphModel m = GraphModel.parseFrom(GraphDefs.fromEventGraphDef(graphDef));
    assertEquals("tf-graphdef", m.getFormat());
    return ModelGraphs.parse(m);
  }

  /** Node count, edge count (inputs naming a node of the graph) and control edges, by Wire. */
  private static int[] expected(byte[] graphDef) {
    List<List<Field>> nodes = Wire.all(Wire.fields(graphDef), 1).stream()
        .map(f -> Wire.fields(f.bytes())).toList();
    Set<String> names = new HashSet<>();
    nodes.forEach(n -> names.add(Wire.strings(n, 1).get(0)));
    int edges = 0;
    int control = 0;
    for (List<Field> n : nodes) {
      for (String in : Wire.strings(n, 3)) {
        String ref = in.startsWith("^") ? in.substring(1) : in;
        String node = ref.matches(".*:\\d+") ? ref.substring(0, ref.lastIndexOf(':')) : ref;
        if (names.contains(node)) {
          edges++;
          control += in.startsWith("^") ? 1 : 0;
        }
      }
    }
    return new int[] {nodes.size(), edges, control};
  }

  @Test
  void tensorFlow1GraphDef() throws Exception {
    byte[] def = graphDef(eventFile("tf1_golbin-tutorials"));
    assertNotNull(def);
    ModelGraph g = open(def);
    int[] want = expected(def);
    assertEquals(232, want[0], "the Python script's count");
    assertEquals(want[0], g.nodes.size());
    assertEquals(want[1], g.edges.size());
    assertEquals(339, g.edges.size());
    assertEquals(want[2], g.edges.stream().filter(ModelGraph.Edge::control).count());
    assertEquals("global_step/initial_value", g.nodes.get(0).id());
    assertEquals("Const", g.nodes.get(0).op());
    assertEquals("global_step", g.nodes.get(0).scope());
    assertEquals("MergeSummary", g.nodes.get(g.nodes.size() - 1).op());
    assertTrue(g.nodes.get(0).attributes().get("value") instanceof TensorSummary);

    GraphView.View top = GraphView.of("r", "graph_def", g, Set.of());
    assertTrue(top.nodes().size() < 40, "scopes collapse a TF1 graph: " + top.nodes().size());
    assertTrue(top.nodes().stream().anyMatch(n -> n.name().equals("global_step") && n.kind().equals("scope")));
    // the variable global_step is inside its own scope, with its Assign and read ops
    assertEquals("global_step", g.nodes.get(g.indexOf("global_step")).scope());
    assertTrue(top.nodes().stream().noneMatch(n -> n.id().equals("global_step") && !n.kind().equals("scope")));
    assertEquals(g.nodes.size(), GraphView.of("r", "graph_def", g, Set.of("*")).nodes().size());
  }

  @Test
  void tensorboardXGraphDef() throws Exception {
    byte[] def = graphDef(eventFile("tensorboardX-2018_miaoshuyu/runs/Aug29_15-34-06_DESKTOP-4D03LNHLinear"));
    assertNotNull(def);
    ModelGraph g = open(def);
    assertEquals(5, g.nodes.size());
    assertEquals(4, g.edges.size());
    assertEquals(expected(def)[1], g.edges.size());
    assertEquals("output/output_output0", g.nodes.get(0).id());
    assertEquals("Parameter", g.nodes.get(4).op());
  }
}
