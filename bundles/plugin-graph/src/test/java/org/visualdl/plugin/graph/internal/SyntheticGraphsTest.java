package org.visualdl.plugin.graph.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.models.Paddle;
import org.visualdl.proto.models.TensorFlow;

/** TensorFlow, Paddle and Keras graphs built in the test: edges, shapes, scopes, bad input. */
class SyntheticGraphsTest {

  static TensorFlow.AttrValue shapes(long... dims) {
    TensorFlow.TensorShapeProto.Builder s = TensorFlow.TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorFlow.TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return TensorFlow.AttrValue.newBuilder()
        .setList(TensorFlow.AttrValue.ListValue.newBuilder().addShape(s)).build();
  }

  @Test
  void tensorFlowInputsPortsControlAndShapes() throws Exception {
    TensorFlow.GraphDef g = TensorFlow.GraphDef.newBuilder()
        .addNode(TensorFlow.NodeDef.newBuilder().setName("x").setOp("Placeholder")
            .putAttr("_output_shapes", shapes(-1, 784)))
        .addNode(TensorFlow.NodeDef.newBuilder().setName("dense/kernel").setOp("VariableV2")
            .setDevice("/device:GPU:0").putAttr("_output_shapes", shapes(784, 10)))
        .addNode(TensorFlow.NodeDef.newBuilder().setName("dense/MatMul").setOp("MatMul")
            .addInput("x").addInput("dense/kernel:0").addInput("^init")
            .putAttr("_output_shapes", shapes(-1, 10))
            .putAttr("transpose_a", TensorFlow.AttrValue.newBuilder().setB(false).build()))
        .addNode(TensorFlow.NodeDef.newBuilder().setName("init").setOp("NoOp"))
        .build();
    ModelGraph m = TensorFlowGraphs.parse(g.toByteArray(), "graph_def");
    assertEquals(4, m.nodes.size());
    assertEquals(3, m.edges.size());
    ModelGraph.Edge fromX = m.edges.get(0);
    assertEquals("x", m.nodes.get(fromX.from()).id());
    assertEquals("[?,784]", fromX.shape());
    assertEquals("[784,10]", m.edges.get(1).shape());
    assertTrue(m.edges.get(2).control());
    assertNull(m.edges.get(2).shape());
    ModelGraph.Node matmul = m.nodes.get(m.indexOf("dense/MatMul"));
    assertEquals("dense", matmul.scope());
    assertEquals("[?,10]", matmul.shape());
    assertEquals(false, matmul.attributes().get("transpose_a"));
    assertEquals("/device:GPU:0", m.nodes.get(1).attributes().get("device"));
    assertEquals(ModelGraph.NodeKind.INPUT, m.nodes.get(0).kind());

    GraphView.View v = GraphView.of("r", "t", m, Set.of());
    assertEquals(List.of("x", "dense", "init"), v.nodes().stream().map(GraphView.ViewNode::id).toList());
    assertEquals(2, v.nodes().get(1).nodeCount());
    assertEquals(2, v.edges().size(), "x->dense and init->dense; kernel->MatMul is inside dense");

    Object details = NodeDetails.of(m, "dense/MatMul");
    NodeDetails.Details d = (NodeDetails.Details) details;
    assertEquals("x", d.inputs().get(0).node());
    assertEquals(3, d.inputs().size());
    NodeDetails.ScopeDetails s = (NodeDetails.ScopeDetails) NodeDetails.of(m, "dense");
    assertEquals(2, s.nodeCount());
    assertEquals(1, s.ops().get("MatMul"));
    assertNull(NodeDetails.of(m, "nope"));
  }

  @Test
  void nestedScopesExpandOneLevelAtATime() throws Exception {
    TensorFlow.GraphDef.Builder g = TensorFlow.GraphDef.newBuilder();
    g.addNode(TensorFlow.NodeDef.newBuilder().setName("in").setOp("Placeholder"));
    g.addNode(TensorFlow.NodeDef.newBuilder().setName("a/b/c").setOp("Relu").addInput("in"));
    g.addNode(TensorFlow.NodeDef.newBuilder().setName("a/b/d").setOp("Relu").addInput("a/b/c"));
    g.addNode(TensorFlow.NodeDef.newBuilder().setName("a/e").setOp("Relu").addInput("a/b/d"));
    ModelGraph m = TensorFlowGraphs.parse(g.build().toByteArray(), "g");
    assertEquals(3, m.scopes.get("a"));
    assertEquals(2, m.scopes.get("a/b"));
    assertEquals(List.of("in", "a"), ids(GraphView.of("r", "t", m, Set.of())));
    assertEquals(List.of("in", "a/b", "a/e"), ids(GraphView.of("r", "t", m, Set.of("a"))));
    assertEquals(List.of("in", "a"), ids(GraphView.of("r", "t", m, Set.of("a/b"))),
        "an inner scope shows only when its outer one is expanded too");
    GraphView.View both = GraphView.of("r", "t", m, GraphView.parseExpand("a, a/b/"));
    assertEquals(List.of("in", "a/b/c", "a/b/d", "a/e"), ids(both));
    assertEquals(3, both.edges().size());
  }

  private static List<String> ids(GraphView.View v) {
    return v.nodes().stream().map(GraphView.ViewNode::id).toList();
  }

  static Paddle.VarDesc var(String name, boolean persistable, long... dims) {
    Paddle.TensorDesc.Builder t = Paddle.TensorDesc.newBuilder().setDataType(5);
    for (long d : dims) {
      t.addDims(d);
    }
    return Paddle.VarDesc.newBuilder().setName(name).setPersistable(persistable)
        .setType(Paddle.VarType.newBuilder().setType(7)
            .setLodTensor(Paddle.LoDTensorDesc.newBuilder().setTensor(t)))
        .build();
  }

  static Paddle.OpDesc op(String type, String in, String out) {
    return Paddle.OpDesc.newBuilder().setType(type)
        .addInputs(Paddle.OpDesc.Var.newBuilder().setParameter("X").addAllArguments(List.of(in.split(","))))
        .addOutputs(Paddle.OpDesc.Var.newBuilder().setParameter("Out").addArguments(out))
        .addAttrs(Paddle.OpDesc.Attr.newBuilder().setName("axis").setType(0).setI(1))
        .addAttrs(Paddle.OpDesc.Attr.newBuilder().setName("op_callstack").setType(5).addStrings("trace"))
        .build();
  }

  @Test
  void paddleBlocksParametersAndInputs() throws Exception {
    Paddle.ProgramDesc p = Paddle.ProgramDesc.newBuilder()
        .addBlocks(Paddle.BlockDesc.newBuilder().setIdx(0).setParentIdx(-1)
            .addVars(var("image", false, -1, 3, 32, 32)).addVars(var("fc_0.w_0", true, 3072, 10))
            .addVars(var("fc_0.tmp_0", false, -1, 10)).addVars(var("relu_0.tmp_0", false, -1, 10))
            .addOps(op("mul", "image,fc_0.w_0", "fc_0.tmp_0"))
            .addOps(op("relu", "fc_0.tmp_0", "relu_0.tmp_0"))
            .addOps(op("while", "relu_0.tmp_0", "out")))
        .addBlocks(Paddle.BlockDesc.newBuilder().setIdx(1).setParentIdx(0)
            .addOps(op("scale", "relu_0.tmp_0", "s"))
            .addOps(op("relu", "s", "t")))
        .build();
    ModelGraph m = PaddleGraphs.parse(p.toByteArray(), "__model__");
    // an Input node appears where it is first read
    assertEquals(List.of("mul_0", "image", "relu_0", "while_0", "scale_0", "relu_1"),
        m.nodes.stream().map(ModelGraph.Node::id).toList());
    assertEquals(ModelGraph.NodeKind.INPUT, m.nodes.get(m.indexOf("image")).kind());
    assertEquals(-1, m.indexOf("fc_0.w_0"), "parameters are not nodes");
    assertEquals("[?,10]", m.nodes.get(m.indexOf("mul_0")).shape());
    assertEquals("block_1", m.nodes.get(m.indexOf("scale_0")).scope());
    assertEquals(1, m.nodes.get(m.indexOf("mul_0")).attributes().get("axis"));
    assertTrue(!m.nodes.get(m.indexOf("mul_0")).attributes().containsKey("op_callstack"));
    // image->mul, mul->relu, relu->while, relu->scale, scale->relu_1
    assertEquals(5, m.edges.size());
    assertEquals(List.of("mul_0", "image", "relu_0", "while_0", "block_1"),
        ids(GraphView.of("r", "t", m, Set.of())));
  }

  @Test
  void kerasFunctionalSequentialAndKeras3() throws Exception {
    String functional = """
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28], "name": "in"}, "name": "in", "inbound_nodes": []},
          {"class_name": "Flatten", "config": {"name": "flat"}, "name": "flat", "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "Sequential", "config": {"name": "head", "layers": [
             {"class_name": "Dense", "config": {"name": "d1", "units": 64, "kernel_initializer": {"class_name": "GlorotUniform", "config": {}}}},
             {"class_name": "Dense", "config": {"name": "d2", "units": 10}}]},
           "name": "head", "inbound_nodes": [[["flat", 0, 0, {}]]]},
          {"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [[["head", 0, 0, {}], ["flat", 0, 0, {}]]]}],
          "input_layers": [["in", 0, 0]], "output_layers": [["add", 0, 0]]},
         "keras_version": "2.4.0", "backend": "tensorflow"}
        """;
    ModelGraph m = KerasGraphs.parse(functional.getBytes(StandardCharsets.UTF_8), "keras");
    assertEquals(List.of("in", "flat", "head/d1", "head/d2", "add"),
        m.nodes.stream().map(ModelGraph.Node::id).toList());
    assertEquals("[?,28,28]", m.nodes.get(0).shape());
    assertEquals("head", m.nodes.get(2).scope());
    assertEquals(64, m.nodes.get(2).attributes().get("units"));
    assertEquals("GlorotUniform", m.nodes.get(2).attributes().get("kernel_initializer"));
    // in->flat, d1->d2 (inside head), flat->d1, d2->add, flat->add
    assertEquals(5, m.edges.size());
    assertEquals(List.of("in", "flat", "head", "add"), ids(GraphView.of("r", "t", m, Set.of())));

    String keras3 = """
        {"module": "keras", "class_name": "Functional", "config": {"name": "f", "layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "x"}, "name": "x", "inbound_nodes": []},
          {"module": "keras.layers", "class_name": "Dense", "config": {"name": "y", "units": 2}, "name": "y",
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["x", 0, 0]}}], "kwargs": {}}]}],
          "input_layers": [["x", 0, 0]], "output_layers": [["y", 0, 0]]}}
        """;
    ModelGraph k3 = KerasGraphs.parse(keras3.getBytes(StandardCharsets.UTF_8), "k3");
    assertEquals(2, k3.nodes.size());
    assertEquals(1, k3.edges.size());

    String sequential = """
        {"class_name": "Sequential", "config": {"name": "s", "layers": [
          {"class_name": "Conv2D", "config": {"name": "c", "filters": 8}},
          {"class_name": "ReLU", "config": {"name": "r"}},
          {"class_name": "Dense", "config": {"name": "d", "units": 1}}]}}
        """;
    ModelGraph s = KerasGraphs.parse(sequential.getBytes(StandardCharsets.UTF_8), "s");
    assertEquals(3, s.nodes.size());
    assertEquals(2, s.edges.size());
    assertEquals("Conv2D", s.nodes.get(0).op());
  }

  @Test
  void badBytesAreErrorsWithAReason() {
    byte[] junk = "this is not a model, just text".getBytes(StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> OnnxGraphs.parse(junk, "x.onnx"));
    assertThrows(IOException.class, () -> PaddleGraphs.parse(junk, "__model__"));
    assertThrows(IOException.class, () -> KerasGraphs.parse(junk, "k"));
    assertThrows(IOException.class, () -> KerasGraphs.parse("[1]".getBytes(StandardCharsets.UTF_8), "k"));
    assertThrows(IOException.class, () -> ModelGraphs.parse("caffe", junk, "x"));
    // a ModelProto without a graph
    assertThrows(IOException.class, () -> OnnxGraphs.parse(new byte[] {0x08, 0x07}, "x.onnx"));
    assertThrows(IOException.class, () -> TensorFlowGraphs.parse(
        ByteString.copyFromUtf8("\u0012\u0003abc").toByteArray(), "g"));
  }
}
