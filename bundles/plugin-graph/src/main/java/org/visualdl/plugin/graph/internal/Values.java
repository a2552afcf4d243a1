package org.visualdl.plugin.graph.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bounds attribute values, so a graph of 100,000 nodes stays small in memory and in JSON. */
final class Values {
  /** Longer lists keep their first elements and their length. */
  static final int MAX_LIST = 256;
  static final int MAX_STRING = 4096;
  /** In the graph route: lists and strings are cut shorter there. */
  static final int COMPACT_LIST = 8;
  static final int COMPACT_STRING = 80;

  private Values() {}

  static Object list(List<?> values) {
    if (values.size() <= MAX_LIST) {
      return List.copyOf(values);
    }
    Map<String, Object> cut = new LinkedHashMap<>();
    cut.put("count", values.size());
    cut.put("first", List.copyOf(values.subList(0, MAX_LIST)));
    return cut;
  }

  static String string(byte[] utf8) {
    return string(new String(utf8, StandardCharsets.UTF_8));
  }

  static String string(String s) {
    return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + "…";
  }

  /** The value as the graph route sends it: short lists and strings, tensors described. */
  static Object compact(Object v) {
    if (v instanceof TensorSummary t) {
      return t.describe();
    }
    if (v instanceof String s) {
      return s.length() <= COMPACT_STRING ? s : s.substring(0, COMPACT_STRING) + "…";
    }
    if (v instanceof List<?> l) {
      if (l.size() <= COMPACT_LIST && l.stream().noneMatch(x -> x instanceof List || x instanceof Map)) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object x : l) {
          out.add(compact(x));
        }
        return out;
      }
      return "list of " + l.size();
    }
    if (v instanceof Map<?, ?> m) {
      if (m.containsKey("first") && m.containsKey("count")) {
        return "list of " + m.get("count");
      }
      return "{" + m.size() + " entries}";
    }
    return v;
  }

  /**
   * The first values of little-endian packed data of an element type, as Java numbers; empty for
   * types we do not decode.
   */
  static List<Object> firstPacked(byte[] raw, String dtype, long count) {
    List<Object> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) Math.min(TensorSummary.FIRST_VALUES, count < 0 ? Integer.MAX_VALUE : count);
    for (int i = 0; i < n; i++) {
      switch (dtype) {
        case "float32" -> { if (b.remaining() < 4) return out; out.add(b.getFloat()); }
        case "float64" -> { if (b.remaining() < 8) return out; out.add(b.getDouble()); }
        case "int32", "uint32" -> { if (b.remaining() < 4) return out; out.add(b.getInt()); }
        case "int64", "uint64" -> { if (b.remaining() < 8) return out; out.add(b.getLong()); }
        case "int16" -> { if (b.remaining() < 2) return out; out.add(b.getShort()); }
        case "uint16" -> { if (b.remaining() < 2) return out; out.add(b.getShort() & 0xffff); }
        case "int8" -> { if (b.remaining() < 1) return out; out.add(b.get()); }
        case "uint8" -> { if (b.remaining() < 1) return out; out.add(b.get() & 0xff); }
        case "bool" -> { if (b.remaining() < 1) return out; out.add(b.get() != 0); }
        case "float16" -> { if (b.remaining() < 2) return out; out.add(halfToFloat(b.getShort())); }
        default -> { return out; }
      }
    }
    return out;
  }

  /** An IEEE 754 half-precision value (Float.float16ToFloat is Java 20). */
  static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant / 1024f / 16384f; // subnormal: mant * 2^-24
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The first values of a typed repeated field. */
  static List<Object> first(List<?> values) {
    return new ArrayList<>(values.subList(0, Math.min(values.size(), TensorSummary.FIRST_VALUES)));
  }
}
