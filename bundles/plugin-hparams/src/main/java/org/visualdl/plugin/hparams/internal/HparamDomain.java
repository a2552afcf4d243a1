package org.visualdl.plugin.hparams.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The type and distinct values of one hyper-parameter across runs. When every run gives it the
 * same type, that is its type; when runs disagree (a number in one, a text in another), it is a
 * string and every value is sent as text, as TensorBoard's hparams plugin does: no value is lost
 * and the column still sorts and filters.
 */
final class HparamDomain {
  static final String NUMBER = "number";
  static final String STRING = "string";
  static final String BOOL = "bool";

  private boolean numbers;
  private boolean texts;
  private boolean flags;
  private final List<Object> seen = new ArrayList<>();

  void add(Object value) {
    if (value instanceof Double) {
      numbers = true;
    } else if (value instanceof Boolean) {
      flags = true;
    } else {
      texts = true;
    }
    seen.add(value);
  }

  boolean mixed() {
    return (numbers ? 1 : 0) + (texts ? 1 : 0) + (flags ? 1 : 0) > 1;
  }

  String type() {
    if (mixed() || texts) {
      return STRING;
    }
    return numbers ? NUMBER : BOOL;
  }

  /** A value as sent in a session: itself, or its text when the hparam's types are mixed. */
  Object convert(Object value) {
    return mixed() ? asText(value) : value;
  }

  /** The distinct values, converted, sorted. */
  List<Object> values() {
    TreeSet<Object> distinct = new TreeSet<>(ORDER);
    for (Object v : seen) {
      distinct.add(convert(v));
    }
    return List.copyOf(distinct);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<Object> ORDER = (a, b) -> ((Comparable) a).compareTo(b);

  /** A number as its shortest plain decimal ({@code 0.001}, {@code 64}); a flag as true/false. */
  static String asText(Object value) {
    if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        return d.toString();
      }
      if (d == 0) {
        return "0";
      }
      double a = Math.abs(d);
      if (a >= 1e-6 && a < 1e21) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      }
      return d.toString();
    }
    return String.valueOf(value);
  }
}
