package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.models.GraphDefs;
import org.visualdl.proto.models.TensorFlow;

/** The wrappers the TensorBoard reader will call (they live in the proto bundle). */
class GraphDefsTest {

  @Test
  void graphDefMetaGraphDefKerasAndHeader() throws Exception {
    TensorFlow.GraphDef g = TensorFlow.GraphDef.newBuilder()
        .addNode(TensorFlow.NodeDef.newBuilder().setName("a").setOp("Const")).build();
    GraphModel m = GraphModel.parseFrom(GraphDefs.fromEventGraphDef(g.toByteArray()));
    assertEquals("tf-graphdef", m.getFormat());
    assertEquals("graph_def", m.getName());
    assertArrayEquals(g.toByteArray(), m.getData().toByteArray());

    byte[] meta = TensorFlow.MetaGraphDef.newBuilder().setGraphDef(g).build().toByteArray();
    GraphModel fromMeta = GraphModel.parseFrom(GraphDefs.fromEventMetaGraphDef(meta));
    assertEquals(1, ModelGraphs.parse(fromMeta).nodes.size());
    assertNull(GraphDefs.fromEventMetaGraphDef(new byte[0]));

    byte[] keras = GraphDefs.fromKerasModelConfig("{\"class_name\": \"Sequential\", \"config\": "
        + "{\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"}}]}}", "keras");
    GraphModel k = GraphModel.parseFrom(keras);
    assertEquals("keras-json", k.getFormat());
    assertEquals("Dense", ModelGraphs.parse(k).nodes.get(0).op());

    GraphModel header = GraphModel.parseFrom(GraphDefs.header(keras));
    assertEquals("keras-json", header.getFormat());
    assertEquals("keras", header.getName());
    assertTrue(header.getData().isEmpty());
    assertEquals("x", new String(GraphModel.parseFrom(GraphDefs.of("onnx", null,
        "x".getBytes(StandardCharsets.UTF_8))).getData().toByteArray(), StandardCharsets.UTF_8));
  }
}
