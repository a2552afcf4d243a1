package org.visualdl.plugin.graph.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.visualdl.plugin.graph.internal.ModelGraph.NodeKind;
import org.visualdl.proto.models.Onnx;

/**
 * ONNX models as graphs. Nodes: every {@code NodeProto}, every graph input that is not an
 * initializer (op {@code Input}) and every graph output (op {@code Output}). Edges: from the node
 * that produces a tensor to each node that consumes it. Initializers (weights) are not nodes: they
 * are summarised among the inputs of the nodes that use them. A node's scope comes from the
 * '/'-hierarchy of its name, or of its first output's name when it has none (PyTorch and tf2onnx
 * name nodes {@code /layer1/layer1.0/conv1/Conv}).
 */
final class OnnxGraphs {
  private static final String[] DTYPES = {
    "undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
    "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
    "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1"
  };

  private OnnxGraphs() {}

  static String dtype(int t) {
    return t >= 0 && t < DTYPES.length ? DTYPES[t] : "type" + t;
  }

  static Onnx.ModelProto parseModel(byte[] bytes) throws IOException {
    // Aliasing: bytes fields (weights) point into the array instead of being copied.
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    Onnx.ModelProto m = Onnx.ModelProto.parseFrom(in);
    if (!m.hasGraph()) {
      throw new IOException("not an ONNX model: it holds no graph (field 7 of ModelProto)");
    }
    return m;
  }

  static ModelGraph parse(byte[] bytes, String name) throws IOException {
    Onnx.ModelProto model = parseModel(bytes);
    Onnx.GraphProto g = model.getGraph();
    ModelGraph.Builder b = new ModelGraph.Builder("onnx", name);
    b.info("irVersion", model.getIrVersion());
    if (!model.getProducerName().isEmpty()) {
      b.info("producer", (model.getProducerName() + " " + model.getProducerVersion()).trim());
    }
    if (!g.getName().isEmpty()) {
      b.info("graph", g.getName());
    }
    List<String> opsets = new ArrayList<>();
    for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
      opsets.add((o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + " v" + o.getVersion());
    }
    b.info("opsets", opsets);

    Set<String> initializers = new HashSet<>();
    for (Onnx.TensorProto t : g.getInitializerList()) {
      initializers.add(t.getName());
      TensorSummary s = summary(t);
      b.tensor(t.getName(), s.dtype(), TensorSummary.shapeString(s.shape()), s);
    }
    for (Onnx.ValueInfoProto v : g.getValueInfoList()) {
      typeOf(b, v);
    }
    for (Onnx.ValueInfoProto v : g.getInputList()) {
      typeOf(b, v);
    }
    for (Onnx.ValueInfoProto v : g.getOutputList()) {
      typeOf(b, v);
    }

    Map<String, Integer> producer = new HashMap<>();
    for (Onnx.ValueInfoProto v : g.getInputList()) {
      if (initializers.contains(v.getName())) {
        continue;
      }
      int i = b.node(v.getName(), v.getName(), "Input", ModelGraph.scopeOf(v.getName()),
          NodeKind.INPUT, List.of(), List.of(v.getName()), attributesOf(v), shapeOf(b, v.getName()));
      producer.put(v.getName(), i);
    }
    List<Onnx.NodeProto> protoNodes = g.getNodeList();
    int[] index = new int[protoNodes.size()];
    for (int k = 0; k < protoNodes.size(); k++) {
      Onnx.NodeProto n = protoNodes.get(k);
      String label = !n.getName().isEmpty() ? n.getName()
          : n.getOutputCount() > 0 && !n.getOutput(0).isEmpty() ? n.getOutput(0)
          : n.getOpType() + "_" + k;
      Map<String, Object> attrs = new LinkedHashMap<>();
      if (!n.getDomain().isEmpty()) {
        attrs.put("domain", n.getDomain());
      }
      for (Onnx.AttributeProto a : n.getAttributeList()) {
        attrs.put(a.getName(), value(a));
      }
      String shape = n.getOutputCount() > 0 ? shapeOf(b, n.getOutput(0)) : null;
      index[k] = b.node(label, n.getName(), n.getOpType(), ModelGraph.scopeOf(label), NodeKind.OP,
          n.getInputList(), n.getOutputList(), attrs, shape);
      for (String out : n.getOutputList()) {
        if (!out.isEmpty()) {
          producer.put(out, index[k]);
        }
      }
    }
    for (int k = 0; k < protoNodes.size(); k++) {
      for (String in : protoNodes.get(k).getInputList()) {
        Integer from = in.isEmpty() ? null : producer.get(in);
        if (from != null) {
          b.edge(from, index[k], in, shapeOf(b, in), false);
        }
      }
    }
    for (Onnx.ValueInfoProto v : g.getOutputList()) {
      int i = b.node(v.getName(), v.getName(), "Output", ModelGraph.scopeOf(v.getName()),
          NodeKind.OUTPUT, List.of(v.getName()), List.of(), attributesOf(v), shapeOf(b, v.getName()));
      Integer from = producer.get(v.getName());
      if (from != null) {
        b.edge(from, i, v.getName(), shapeOf(b, v.getName()), false);
      }
    }
    return b.build();
  }

  private static Map<String, Object> attributesOf(Onnx.ValueInfoProto v) {
    Map<String, Object> a = new LinkedHashMap<>();
    if (v.hasType() && v.getType().hasTensorType()) {
      a.put("dtype", dtype(v.getType().getTensorType().getElemType()));
    }
    if (!v.getDocString().isEmpty()) {
      a.put("doc", Values.string(v.getDocString()));
    }
    return a;
  }

  private static String shapeOf(ModelGraph.Builder b, String tensor) {
    ModelGraph.TensorInfo t = b.tensor(tensor);
    return t == null ? null : t.shape();
  }

  private static void typeOf(ModelGraph.Builder b, Onnx.ValueInfoProto v) {
    if (!v.hasType() || !v.getType().hasTensorType()) {
      return;
    }
    Onnx.TypeProto.Tensor t = v.getType().getTensorType();
    b.tensor(v.getName(), dtype(t.getElemType()), t.hasShape() ? shape(t.getShape()) : null, null);
  }

  static String shape(Onnx.TensorShapeProto s) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < s.getDimCount(); i++) {
      Onnx.TensorShapeProto.Dimension d = s.getDim(i);
      out.append(i == 0 ? "" : ",");
      if (d.hasDimValue()) {
        out.append(d.getDimValue());
      } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
        out.append(d.getDimParam());
      } else {
        out.append('?');
      }
    }
    return out.append(']').toString();
  }

  static Object value(Onnx.AttributeProto a) {
    int type = a.getType();
    if (type == 0) {
      // IR < 2 had no type: infer it from the field that is set.
      type = a.hasT() ? 4 : a.hasG() ? 5 : a.getFloatsCount() > 0 ? 6 : a.getIntsCount() > 0 ? 7
          : a.getStringsCount() > 0 ? 8 : !a.getS().isEmpty() ? 3 : a.getF() != 0 ? 1 : 2;
    }
    return switch (type) {
      case 1 -> a.getF();
      case 2 -> a.getI();
      case 3 -> Values.string(a.getS().toByteArray());
      case 4 -> summary(a.getT());
      case 5 -> "graph " + a.getG().getName() + " (" + a.getG().getNodeCount() + " nodes)";
      case 6 -> Values.list(a.getFloatsList());
      case 7 -> Values.list(a.getIntsList());
      case 8 -> Values.list(a.getStringsList().stream().map(s -> Values.string(s.toByteArray())).toList());
      case 9 -> Values.list(a.getTensorsList().stream().map(OnnxGraphs::summary).toList());
      case 10 -> a.getGraphsCount() + " graphs";
      case 13, 14 -> "type";
      default -> a.getRefAttrName().isEmpty() ? "attribute type " + type : "ref " + a.getRefAttrName();
    };
  }

  static TensorSummary summary(Onnx.TensorProto t) {
    String dtype = dtype(t.getDataType());
    List<Long> shape = List.copyOf(t.getDimsList());
    long count = TensorSummary.count(shape);
    if (t.getDataLocation() == 1) {
      return new TensorSummary(dtype, shape, count, List.of(), "external");
    }
    List<Object> values;
    ByteString raw = t.getRawData();
    if (!raw.isEmpty()) {
      int need = (int) Math.min(raw.size(), 8L * TensorSummary.FIRST_VALUES);
      values = Values.firstPacked(raw.substring(0, need).toByteArray(), dtype, count);
    } else if (t.getFloatDataCount() > 0) {
      values = Values.first(t.getFloatDataList());
    } else if (t.getDoubleDataCount() > 0) {
      values = Values.first(t.getDoubleDataList());
    } else if (t.getInt64DataCount() > 0) {
      values = Values.first(t.getInt64DataList());
    } else if (t.getInt32DataCount() > 0) {
      values = Values.first(t.getInt32DataList());
    } else if (t.getUint64DataCount() > 0) {
      values = Values.first(t.getUint64DataList());
    } else if (t.getStringDataCount() > 0) {
      values = new ArrayList<>();
      for (ByteString s : t.getStringDataList().subList(0,
          Math.min(t.getStringDataCount(), TensorSummary.FIRST_VALUES))) {
        values.add(Values.string(s.toByteArray()));
      }
    } else {
      values = List.of();
    }
    return new TensorSummary(dtype, shape, count, values, null);
  }
}
