package org.visualdl.plugin.graph.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.visualdl.plugin.graph.internal.ModelGraph.NodeKind;
import org.visualdl.proto.models.TensorFlow;

/**
 * TensorFlow GraphDefs as graphs, as TensorBoard draws them: one node per NodeDef, scoped by the
 * '/'-hierarchy of its name; an edge per input ({@code name}, {@code name:port}, and control inputs
 * {@code ^name}, marked {@code control}). Shapes come from the {@code _output_shapes} attribute
 * when the writer added it; the device is an attribute.
 */
final class TensorFlowGraphs {
  private static final Map<Integer, String> DTYPES = new HashMap<>();

  static {
    String[] names = {
      null, "float32", "float64", "int32", "uint8", "int16", "int8", "string", "complex64", "int64",
      "bool", "qint8", "quint8", "qint32", "bfloat16", "qint16", "quint16", "uint16", "complex128",
      "float16", "resource", "variant", "uint32", "uint64"
    };
    for (int i = 1; i < names.length; i++) {
      DTYPES.put(i, names[i]);
      DTYPES.put(i + 100, names[i] + "_ref");
    }
  }

  private TensorFlowGraphs() {}

  static String dtype(int t) {
    return DTYPES.getOrDefault(t, "type" + t);
  }

  static TensorFlow.GraphDef parseGraphDef(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    return TensorFlow.GraphDef.parseFrom(in);
  }

  static ModelGraph parse(byte[] bytes, String name) throws IOException {
    TensorFlow.GraphDef g = parseGraphDef(bytes);
    if (g.getNodeCount() == 0 && bytes.length > 0) {
      throw new IOException("not a TensorFlow GraphDef: no node (field 1) in " + bytes.length + " bytes");
    }
    ModelGraph.Builder b = new ModelGraph.Builder("tf-graphdef", name);
    if (g.hasVersions()) {
      b.info("producer", g.getVersions().getProducer());
    }
    List<TensorFlow.NodeDef> defs = g.getNodeList();
    // A node named like a scope ("global_step" beside "global_step/Assign") goes inside it, as in
    // TensorBoard, so a variable and its ops collapse together.
    java.util.Set<String> scopeNames = new java.util.HashSet<>();
    for (TensorFlow.NodeDef n : defs) {
      for (String s = ModelGraph.scopeOf(n.getName()); !s.isEmpty() && scopeNames.add(s); ) {
        s = ModelGraph.scopeOf(s);
      }
    }
    Map<String, Integer> byName = new HashMap<>();
    List<List<String>> outputShapes = new ArrayList<>(defs.size());
    int[] index = new int[defs.size()];
    for (int k = 0; k < defs.size(); k++) {
      TensorFlow.NodeDef n = defs.get(k);
      Map<String, Object> attrs = new LinkedHashMap<>();
      if (!n.getDevice().isEmpty()) {
        attrs.put("device", n.getDevice());
      }
      for (Map.Entry<String, TensorFlow.AttrValue> a : new TreeMap<>(n.getAttrMap()).entrySet()) {
        attrs.put(a.getKey(), value(a.getValue()));
      }
      List<String> shapes = new ArrayList<>();
      TensorFlow.AttrValue os = n.getAttrMap().get("_output_shapes");
      if (os != null && os.hasList()) {
        for (TensorFlow.TensorShapeProto s : os.getList().getShapeList()) {
          shapes.add(shape(s));
        }
      } else if (n.getAttrMap().containsKey("shape") && n.getAttrMap().get("shape").hasShape()) {
        shapes.add(shape(n.getAttrMap().get("shape").getShape()));
      }
      outputShapes.add(shapes);
      NodeKind kind = n.getOp().equals("Placeholder") ? NodeKind.INPUT : NodeKind.OP;
      String scope = scopeNames.contains(n.getName()) ? n.getName() : ModelGraph.scopeOf(n.getName());
      index[k] = b.node(n.getName(), n.getName(), n.getOp(), scope, kind,
          n.getInputList(), List.of(), attrs, shapes.isEmpty() ? null : shapes.get(0));
      // One node per NodeDef, in order: node index k is NodeDef k (outputShapes relies on it).
      byName.putIfAbsent(n.getName(), index[k]);
    }
    for (int k = 0; k < defs.size(); k++) {
      for (String in : defs.get(k).getInputList()) {
        boolean control = in.startsWith("^");
        String ref = control ? in.substring(1) : in;
        int port = 0;
        int colon = ref.lastIndexOf(':');
        if (colon > 0 && colon < ref.length() - 1 && ref.substring(colon + 1).chars().allMatch(Character::isDigit)) {
          port = Integer.parseInt(ref.substring(colon + 1));
          ref = ref.substring(0, colon);
        }
        Integer from = byName.get(ref);
        if (from == null) {
          continue;
        }
        List<String> shapes = outputShapes.get(from);
        String shape = control || port >= shapes.size() ? null : shapes.get(port);
        b.edge(from, index[k], in, shape, control);
      }
    }
    return b.build();
  }

  static String shape(TensorFlow.TensorShapeProto s) {
    if (s.getUnknownRank()) {
      return "?";
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < s.getDimCount(); i++) {
      long d = s.getDim(i).getSize();
      out.append(i == 0 ? "" : ",").append(d < 0 ? "?" : Long.toString(d));
    }
    return out.append(']').toString();
  }

  static Object value(TensorFlow.AttrValue v) {
    return switch (v.getValueCase()) {
      case S -> Values.string(v.getS().toByteArray());
      case I -> v.getI();
      case F -> v.getF();
      case B -> v.getB();
      case TYPE -> dtype(v.getType());
      case SHAPE -> shape(v.getShape());
      case TENSOR -> summary(v.getTensor());
      case PLACEHOLDER -> "$" + v.getPlaceholder();
      case FUNC -> "function " + v.getFunc().getName();
      case LIST -> list(v.getList());
      case VALUE_NOT_SET -> List.of();
    };
  }

  private static Object list(TensorFlow.AttrValue.ListValue l) {
    if (l.getSCount() > 0) {
      return Values.list(l.getSList().stream().map(s -> Values.string(s.toByteArray())).toList());
    }
    if (l.getICount() > 0) {
      return Values.list(l.getIList());
    }
    if (l.getFCount() > 0) {
      return Values.list(l.getFList());
    }
    if (l.getBCount() > 0) {
      return Values.list(l.getBList());
    }
    if (l.getTypeCount() > 0) {
      return Values.list(l.getTypeList().stream().map(TensorFlowGraphs::dtype).toList());
    }
    if (l.getShapeCount() > 0) {
      return Values.list(l.getShapeList().stream().map(TensorFlowGraphs::shape).toList());
    }
    if (l.getTensorCount() > 0) {
      return Values.list(l.getTensorList().stream().map(TensorFlowGraphs::summary).toList());
    }
    if (l.getFuncCount() > 0) {
      return Values.list(l.getFuncList().stream().map(f -> "function " + f.getName()).toList());
    }
    return List.of();
  }

  static TensorSummary summary(TensorFlow.TensorProto t) {
    String dtype = dtype(t.getDtype());
    List<Long> shape = new ArrayList<>();
    for (TensorFlow.TensorShapeProto.Dim d : t.getTensorShape().getDimList()) {
      shape.add(d.getSize());
    }
    long count = TensorSummary.count(shape);
    List<Object> values;
    ByteString content = t.getTensorContent();
    if (!content.isEmpty()) {
      int need = (int) Math.min(content.size(), 8L * TensorSummary.FIRST_VALUES);
      values = Values.firstPacked(content.substring(0, need).toByteArray(), dtype, count);
    } else if (t.getFloatValCount() > 0) {
      values = Values.first(t.getFloatValList());
    } else if (t.getDoubleValCount() > 0) {
      values = Values.first(t.getDoubleValList());
    } else if (t.getIntValCount() > 0) {
      values = Values.first(t.getIntValList());
    } else if (t.getInt64ValCount() > 0) {
      values = Values.first(t.getInt64ValList());
    } else if (t.getBoolValCount() > 0) {
      values = Values.first(t.getBoolValList());
    } else if (t.getStringValCount() > 0) {
      values = new ArrayList<>();
      for (ByteString s : t.getStringValList().subList(0,
          Math.min(t.getStringValCount(), TensorSummary.FIRST_VALUES))) {
        values.add(Values.string(s.toByteArray()));
      }
    } else {
      values = List.of();
    }
    return new TensorSummary(dtype, shape, count, values, null);
  }
}
