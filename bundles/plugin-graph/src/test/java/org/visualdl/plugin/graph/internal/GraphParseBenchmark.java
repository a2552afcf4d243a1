package org.visualdl.plugin.graph.internal;

import java.util.Set;
import org.visualdl.proto.models.Onnx;
import org.visualdl.proto.models.TensorFlow;

/**
 * How long a graph of 100,000 nodes takes to parse and to answer the graph route, for ONNX and
 * for a TensorFlow GraphDef. A measurement, not a test (no timing assertions on shared machines):
 *
 * <pre>
 * ./mvnw -o -q -pl bundles/plugin-graph test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp bundles/plugin-graph/target/classes:bundles/plugin-graph/target/test-classes:$(cat bundles/plugin-graph/target/cp.txt) \
 *     org.visualdl.plugin.graph.internal.GraphParseBenchmark [nodes]
 * </pre>
 */
public final class GraphParseBenchmark {
  private GraphParseBenchmark() {}

  /** A chain of blocks of 10 ops each, in scopes {@code block<k>/...}, each Conv with a weight. */
  static byte[] onnx(int nodes) {
    Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("bench");
    g.addInput(Onnx.ValueInfoProto.newBuilder().setName("input"));
    String prev = "input";
    for (int i = 0; i < nodes; i++) {
      String scope = "/block" + (i / 10) + "/";
      String out = scope + "t" + i;
      Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setName(scope + "op" + i)
          .setOpType(i % 2 == 0 ? "Conv" : "Relu").addInput(prev).addOutput(out);
      if (i % 2 == 0) {
        String w = scope + "w" + i;
        n.addInput(w).addAttribute(Onnx.AttributeProto.newBuilder().setName("kernel_shape")
            .setType(7).addInts(3).addInts(3));
        g.addInitializer(Onnx.TensorProto.newBuilder().setName(w).setDataType(1).addDims(8)
            .addDims(8).addDims(3).addDims(3));
      }
      g.addNode(n);
      g.addValueInfo(Onnx.ValueInfoProto.newBuilder().setName(out).setType(Onnx.TypeProto
          .newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1)
              .setShape(Onnx.TensorShapeProto.newBuilder()
                  .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                  .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(8))))));
      prev = out;
    }
    g.addOutput(Onnx.ValueInfoProto.newBuilder().setName(prev));
    return Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(g).build().toByteArray();
  }

  static byte[] graphDef(int nodes) {
    TensorFlow.GraphDef.Builder g = TensorFlow.GraphDef.newBuilder();
    String prev = null;
    for (int i = 0; i < nodes; i++) {
      String name = "layer" + (i / 100) + "/block" + (i / 10 % 10) + "/op" + i;
      TensorFlow.NodeDef.Builder n = TensorFlow.NodeDef.newBuilder().setName(name)
          .setOp(prev == null ? "Placeholder" : "Relu").setDevice("/device:CPU:0")
          .putAttr("T", TensorFlow.AttrValue.newBuilder().setType(1).build())
          .putAttr("_output_shapes", SyntheticGraphsTest.shapes(-1, 128));
      if (prev != null) {
        n.addInput(prev);
      }
      g.addNode(n);
      prev = name;
    }
    return g.build().toByteArray();
  }

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    byte[] onnx = onnx(nodes);
    byte[] tf = graphDef(nodes);
    System.out.printf("ONNX %d nodes: %.1f MB; GraphDef %d nodes: %.1f MB%n",
        nodes, onnx.length / 1e6, nodes, tf.length / 1e6);
    // CPU time of this thread beside wall time: on a loaded machine wall time measures the load.
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= 5; round++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      org.visualdl.proto.models.Onnx.ModelProto.parseFrom(onnx);
      long c1 = cpu.getCurrentThreadCpuTime();
      long p1 = System.nanoTime();
      TensorFlow.GraphDef.parseFrom(tf);
      long c2 = cpu.getCurrentThreadCpuTime();
      long p2 = System.nanoTime();
      System.out.printf("round %d: protobuf-java alone: ModelProto %d ms (cpu %d ms), GraphDef %d ms (cpu %d ms)%n",
          round, (p1 - t0) / 1_000_000, (c1 - c0) / 1_000_000, (p2 - p1) / 1_000_000, (c2 - c1) / 1_000_000);
      c0 = cpu.getCurrentThreadCpuTime();
      t0 = System.nanoTime();
      ModelGraph o = OnnxGraphs.parse(onnx, "bench.onnx");
      long t1 = System.nanoTime();
      c1 = cpu.getCurrentThreadCpuTime();
      GraphView.View ov = GraphView.of("r", "t", o, Set.of());
      long t2 = System.nanoTime();
      c2 = cpu.getCurrentThreadCpuTime();
      ModelGraph t = TensorFlowGraphs.parse(tf, "graph_def");
      long t3 = System.nanoTime();
      long c3 = cpu.getCurrentThreadCpuTime();
      GraphView.View tv = GraphView.of("r", "t", t, Set.of());
      long t4 = System.nanoTime();
      GraphView.View all = GraphView.of("r", "t", t, Set.of("*"));
      long t5 = System.nanoTime();
      System.out.printf("round %d: ONNX parse %d ms (cpu %d ms; %d nodes, %d edges), collapsed view %d ms"
              + " (%d shown); GraphDef parse %d ms (cpu %d ms; %d nodes, %d edges), collapsed view %d ms"
              + " (%d shown), expand=* view %d ms%n",
          round, (t1 - t0) / 1_000_000, (c1 - c0) / 1_000_000, o.nodes.size(), o.edges.size(),
          (t2 - t1) / 1_000_000, ov.nodes().size(), (t3 - t2) / 1_000_000, (c3 - c2) / 1_000_000,
          t.nodes.size(), t.edges.size(),
          (t4 - t3) / 1_000_000, tv.nodes().size(), (t5 - t4) / 1_000_000);
      if (all.nodes().size() != t.nodes.size()) {
        throw new AssertionError("expand=* lost nodes");
      }
    }
  }
}
