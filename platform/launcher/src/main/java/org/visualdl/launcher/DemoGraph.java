package org.visualdl.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.visualdl.proto.models.Onnx.AttributeProto;
import org.visualdl.proto.models.Onnx.GraphProto;
import org.visualdl.proto.models.Onnx.ModelProto;
import org.visualdl.proto.models.Onnx.NodeProto;
import org.visualdl.proto.models.Onnx.OperatorSetIdProto;
import org.visualdl.proto.models.Onnx.TensorProto;
import org.visualdl.proto.models.Onnx.TensorShapeProto;
import org.visualdl.proto.models.Onnx.TypeProto;
import org.visualdl.proto.models.Onnx.ValueInfoProto;
import org.visualdl.sdk.LogWriter;

/**
 * The demo's model graph: a small ResNet-style ONNX model (a stem, two residual stages, a
 * classifier head, each a name scope) logged with {@link LogWriter#addGraph(String, byte[])} into
 * the first demo run, so the Graph tab has something to show.
 */
final class DemoGraph {
  static final String RUN = "resnet50/lr-0.1";
  static final String TAG = "resnet-mini.onnx";

  private static final int FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;
  private static final int ATTR_FLOAT = 1;

  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("resnet_mini");
  private final Random rnd = new Random(7);

  private DemoGraph() {}

  static void write(Path logdir) throws IOException {
    try (LogWriter log = LogWriter.open(logdir.resolve(RUN))) {
      log.addGraph(TAG, model().toByteArray());
    }
  }

  /** The model: input [1,3,224,224] to 10 class probabilities. */
  static ModelProto model() {
    DemoGraph g = new DemoGraph();
    g.graph.addInput(value("input", 1, 3, 224, 224));
    String x = g.conv("stem/conv", "input", 3, 32, 7, 2, 3, 1, 32, 112);
    x = g.batchNorm("stem/bn", x, 32, 112);
    x = g.relu("stem/relu", x, 32, 112);
    x = g.maxPool("stem/pool", x, 32, 56);
    x = g.block("stage1/block1", x, 32, 32, 1, 56);
    x = g.block("stage1/block2", x, 32, 32, 1, 56);
    x = g.block("stage2/block1", x, 32, 64, 2, 28);
    x = g.block("stage2/block2", x, 64, 64, 1, 28);
    x = g.node("head/pool", "GlobalAveragePool", List.of(x), List.of()).getOutput(0);
    x = g.node("head/flatten", "Flatten", List.of(x), List.of(intAttr("axis", 1))).getOutput(0);
    String w = g.weight("head/fc/weight", 10, 64);
    String b = g.weight("head/fc/bias", 10);
    x = g.node("head/fc", "Gemm", List.of(x, w, b),
        List.of(intAttr("transB", 1), floatAttr("alpha", 1f))).getOutput(0);
    g.node("head/softmax", "Softmax", List.of(x), List.of(intAttr("axis", 1)), "probabilities");
    g.graph.addOutput(value("probabilities", 1, 10));
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("visualdl-demo")
        .setGraph(g.graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
        .build();
  }

  /** A residual block: conv-bn-relu-conv-bn, a shortcut (projected when the shape changes). */
  private String block(String scope, String in, int cin, int cout, int stride, int size) {
    String x = conv(scope + "/conv1", in, cin, cout, 3, stride, 1, 1, cout, size);
    x = batchNorm(scope + "/bn1", x, cout, size);
    x = relu(scope + "/relu1", x, cout, size);
    x = conv(scope + "/conv2", x, cout, cout, 3, 1, 1, 1, cout, size);
    x = batchNorm(scope + "/bn2", x, cout, size);
    String shortcut = in;
    if (stride != 1 || cin != cout) {
      shortcut = conv(scope + "/downsample", in, cin, cout, 1, stride, 0, 1, cout, size);
    }
    x = node(scope + "/add", "Add", List.of(x, shortcut), List.of()).getOutput(0);
    shape(x, cout, size);
    return relu(scope + "/relu2", x, cout, size);
  }

  private String conv(String name, String in, int cin, int cout, int k, int stride, int pad,
      int groups, int channels, int size) {
    String w = weight(name + "/weight", cout, cin / groups, k, k);
    String out = node(name, "Conv", List.of(in, w),
        List.of(intsAttr("kernel_shape", k, k), intsAttr("strides", stride, stride),
            intsAttr("pads", pad, pad, pad, pad), intAttr("group", groups))).getOutput(0);
    shape(out, channels, size);
    return out;
  }

  private String batchNorm(String name, String in, int c, int size) {
    List<String> inputs = new ArrayList<>(List.of(in));
    for (String p : List.of("scale", "bias", "mean", "var")) {
      inputs.add(weight(name + "/" + p, c));
    }
    String out = node(name, "BatchNormalization", inputs, List.of(floatAttr("epsilon", 1e-5f)))
        .getOutput(0);
    shape(out, c, size);
    return out;
  }

  private String relu(String name, String in, int c, int size) {
    String out = node(name, "Relu", List.of(in), List.of()).getOutput(0);
    shape(out, c, size);
    return out;
  }

  private String maxPool(String name, String in, int c, int size) {
    String out = node(name, "MaxPool", List.of(in),
        List.of(intsAttr("kernel_shape", 3, 3), intsAttr("strides", 2, 2),
            intsAttr("pads", 1, 1, 1, 1))).getOutput(0);
    shape(out, c, size);
    return out;
  }

  private NodeProto node(String name, String op, List<String> inputs, List<AttributeProto> attrs) {
    return node(name, op, inputs, attrs, name + ":0");
  }

  private NodeProto node(String name, String op, List<String> inputs, List<AttributeProto> attrs,
      String output) {
    NodeProto n = NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs)
        .addOutput(output).addAllAttribute(attrs).build();
    graph.addNode(n);
    return n;
  }

  /** A weight with random values (the side panel shows its first values). */
  private String weight(String name, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
    long count = 1;
    for (long d : dims) {
      t.addDims(d);
      count *= d;
    }
    for (long i = 0; i < count; i++) {
      t.addFloatData((float) (rnd.nextGaussian() * 0.05));
    }
    graph.addInitializer(t);
    return name;
  }

  private void shape(String tensor, int channels, int size) {
    graph.addValueInfo(value(tensor, 1, channels, size, size));
  }

  private static ValueInfoProto value(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape)))
        .build();
  }

  private static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(ATTR_INT).setI(v).build();
  }

  private static AttributeProto floatAttr(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(ATTR_FLOAT).setF(v).build();
  }

  private static AttributeProto intsAttr(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(ATTR_INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }
}
