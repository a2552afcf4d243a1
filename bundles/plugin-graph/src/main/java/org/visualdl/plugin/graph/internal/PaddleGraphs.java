package org.visualdl.plugin.graph.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.plugin.graph.internal.ModelGraph.NodeKind;
import org.visualdl.proto.models.Paddle;

/**
 * PaddlePaddle programs ({@code ProgramDesc}: {@code __model__}, {@code *.pdmodel}) as graphs. One
 * node per operator (id {@code <type>_<n>}); the operators of block k > 0 (the bodies of control
 * flow: while, conditional_block) are in scope {@code block_k}, nested as the blocks are. An edge
 * runs from the last operator that wrote a variable to each operator that reads it. Parameters
 * (persistable variables) are not nodes; a variable read before anything writes it is an
 * {@code Input} node. Shapes and types come from the variables' descriptions.
 */
final class PaddleGraphs {
  private static final Map<Integer, String> DTYPES = Map.ofEntries(
      Map.entry(0, "bool"), Map.entry(1, "int16"), Map.entry(2, "int32"), Map.entry(3, "int64"),
      Map.entry(4, "float16"), Map.entry(5, "float32"), Map.entry(6, "float64"),
      Map.entry(19, "size_t"), Map.entry(20, "uint8"), Map.entry(21, "int8"),
      Map.entry(22, "bfloat16"), Map.entry(23, "complex64"), Map.entry(24, "complex128"));
  /** Attributes that are stack traces or bookkeeping, not model structure. */
  private static final List<String> SKIPPED = List.of("op_callstack", "op_role_var", "with_quant_attr");

  private PaddleGraphs() {}

  static Paddle.ProgramDesc parseProgram(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    Paddle.ProgramDesc p = Paddle.ProgramDesc.parseFrom(in);
    if (p.getBlocksCount() == 0) {
      throw new IOException("not a PaddlePaddle program: no block (field 1 of ProgramDesc)");
    }
    return p;
  }

  static ModelGraph parse(byte[] bytes, String name) throws IOException {
    Paddle.ProgramDesc program = parseProgram(bytes);
    ModelGraph.Builder b = new ModelGraph.Builder("paddle", name);
    if (program.hasVersion()) {
      b.info("version", program.getVersion().getVersion());
    }
    b.info("blocks", program.getBlocksCount());
    Map<Integer, Paddle.BlockDesc> blocks = new HashMap<>();
    for (Paddle.BlockDesc block : program.getBlocksList()) {
      blocks.put(block.getIdx(), block);
    }
    Map<String, Paddle.VarDesc> vars = new HashMap<>();
    for (Paddle.BlockDesc block : program.getBlocksList()) {
      for (Paddle.VarDesc v : block.getVarsList()) {
        vars.putIfAbsent(v.getName(), v);
        Paddle.TensorDesc t = tensorOf(v);
        if (t != null) {
          b.tensor(v.getName(), DTYPES.getOrDefault(t.getDataType(), "type" + t.getDataType()),
              TensorSummary.shapeString(t.getDimsList()), null);
        }
      }
    }
    Map<String, Integer> lastWriter = new HashMap<>();
    Map<String, Integer> perType = new HashMap<>();
    for (Paddle.BlockDesc block : program.getBlocksList()) {
      String scope = scopeOf(block, blocks);
      for (Paddle.OpDesc op : block.getOpsList()) {
        List<String> inputs = new ArrayList<>();
        for (Paddle.OpDesc.Var slot : op.getInputsList()) {
          inputs.addAll(slot.getArgumentsList());
        }
        List<String> outputs = new ArrayList<>();
        for (Paddle.OpDesc.Var slot : op.getOutputsList()) {
          outputs.addAll(slot.getArgumentsList());
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (Paddle.OpDesc.Var slot : op.getInputsList()) {
          attrs.put("input." + slot.getParameter(), Values.list(slot.getArgumentsList()));
        }
        for (Paddle.OpDesc.Var slot : op.getOutputsList()) {
          attrs.put("output." + slot.getParameter(), Values.list(slot.getArgumentsList()));
        }
        for (Paddle.OpDesc.Attr a : op.getAttrsList()) {
          if (!SKIPPED.contains(a.getName())) {
            attrs.put(a.getName(), value(a));
          }
        }
        int n = perType.merge(op.getType(), 1, Integer::sum) - 1;
        String shape = outputs.isEmpty() || b.tensor(outputs.get(0)) == null ? null
            : b.tensor(outputs.get(0)).shape();
        int node = b.node(op.getType() + "_" + n, op.getType() + "_" + n, op.getType(), scope,
            NodeKind.OP, inputs, outputs, attrs, shape);
        for (String in : inputs) {
          Integer from = lastWriter.get(in);
          if (from == null) {
            Paddle.VarDesc v = vars.get(in);
            if (v != null && v.getPersistable()) {
              continue;
            }
            from = b.node(in, in, "Input", "", NodeKind.INPUT, List.of(), List.of(in), Map.of(),
                b.tensor(in) == null ? null : b.tensor(in).shape());
            lastWriter.put(in, from);
          }
          b.edge(from, node, in, b.tensor(in) == null ? null : b.tensor(in).shape(), false);
        }
        for (String out : outputs) {
          lastWriter.put(out, node);
        }
      }
    }
    return b.build();
  }

  private static Paddle.TensorDesc tensorOf(Paddle.VarDesc v) {
    Paddle.VarType t = v.getType();
    if (t.hasLodTensor()) {
      return t.getLodTensor().getTensor();
    }
    if (t.hasSelectedRows()) {
      return t.getSelectedRows();
    }
    if (t.hasTensorArray()) {
      return t.getTensorArray().getTensor();
    }
    return null;
  }

  /** {@code ""} for the main block, {@code block_1/block_3} for block 3 inside block 1. */
  private static String scopeOf(Paddle.BlockDesc block, Map<Integer, Paddle.BlockDesc> blocks) {
    StringBuilder s = new StringBuilder();
    Paddle.BlockDesc b = block;
    for (int guard = 0; b != null && b.getIdx() > 0 && guard < 1000; guard++) {
      s.insert(0, s.length() == 0 ? "block_" + b.getIdx() : "block_" + b.getIdx() + "/");
      b = b.getParentIdx() == b.getIdx() ? null : blocks.get(b.getParentIdx());
    }
    return s.toString();
  }

  static Object value(Paddle.OpDesc.Attr a) {
    return switch (a.getType()) {
      case 0 -> a.getI();
      case 1 -> a.getF();
      case 2 -> Values.string(a.getS());
      case 3 -> Values.list(a.getIntsList());
      case 4 -> Values.list(a.getFloatsList());
      case 5 -> Values.list(a.getStringsList());
      case 6 -> a.getB();
      case 7 -> Values.list(a.getBoolsList());
      case 8 -> "block_" + a.getBlockIdx();
      case 9 -> a.getL();
      case 10 -> Values.list(a.getBlocksIdxList().stream().map(i -> "block_" + i).toList());
      case 11 -> Values.list(a.getLongsList());
      case 12 -> Values.list(a.getFloat64SList());
      case 13 -> a.getVarName();
      case 14 -> Values.list(a.getVarsNameList());
      case 15 -> a.getFloat64();
      default -> "attribute type " + a.getType();
    };
  }
}
