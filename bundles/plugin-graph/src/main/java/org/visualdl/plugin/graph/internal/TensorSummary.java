package org.visualdl.plugin.graph.internal;

import java.util.List;

/**
 * A tensor as the UI shows it: its type, its shape and its first values, never all of them (a
 * weight may hold millions).
 *
 * @param dtype for example {@code float32}
 * @param shape the dimensions; empty for a scalar
 * @param count how many values the tensor holds (the product of the dimensions)
 * @param values at most {@link #FIRST_VALUES} of them, in order; empty when they are not stored
 *     in the model (ONNX external data, or a model stripped of its weights)
 * @param location where the values are when not in the model, for example {@code external}
 */
record TensorSummary(String dtype, List<Long> shape, long count, List<Object> values,
    String location) {
  static final int FIRST_VALUES = 16;

  /** {@code float32[64,3,7,7]}. */
  String describe() {
    StringBuilder b = new StringBuilder(dtype).append('[');
    for (int i = 0; i < shape.size(); i++) {
      b.append(i == 0 ? "" : ",").append(shape.get(i));
    }
    return b.append(']').toString();
  }

  static long count(List<Long> shape) {
    long n = 1;
    for (long d : shape) {
      n = d < 0 ? -1 : n * d;
      if (n < 0) {
        return -1;
      }
    }
    return n;
  }

  /** {@code [1,3,224,224]} from sizes; negative sizes are unknown ({@code ?}). */
  static String shapeString(List<Long> dims) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      long d = dims.get(i);
      b.append(i == 0 ? "" : ",").append(d < 0 ? "?" : Long.toString(d));
    }
    return b.append(']').toString();
  }
}
