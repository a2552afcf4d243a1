package org.visualdl.itests.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scalars {@code HttpContractIT} logs and expects back, as pure functions of the step so the
 * test JVM (which writes them) and the framework (which checks them) agree without sharing state.
 * Runs sit in nested folders and in the log directory's root ({@code "."}).
 */
final class ScalarData {
  /** One tag of one run: its steps, in the order written. */
  record Series(String run, String tag, long[] steps) {
    double value(long step) {
      return ScalarData.value(tag, step);
    }
  }

  /** A step far beyond int range. */
  private static final long FAR = 1_000_000_000_000L;

  static final List<Series> ALL =
      List.of(
          new Series(".", "root/metric", range(0, 10, 1)),
          new Series("exp1/train", "train/loss", range(0, 300, 1)),
          new Series("exp1/train", "train/acc", range(0, 300, 1)),
          // large, sparse steps: nothing may assume steps are dense or small
          new Series("exp1/eval", "eval/loss", range(FAR, FAR + 290, 10)));

  private ScalarData() {}

  /** Run name to its tags, sorted, as {@code /api/plugins/scalar/tags} should list them. */
  static Map<String, List<String>> tagsByRun() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(".", List.of("root/metric"));
    m.put("exp1/eval", List.of("eval/loss"));
    m.put("exp1/train", List.of("train/acc", "train/loss"));
    return m;
  }

  /**
   * The value logged at a step. {@code train/loss} carries the values a JSON round trip or a float
   * store would get wrong: NaN, both infinities, negative zero, the extremes of double.
   */
  static double value(String tag, long step) {
    switch (tag) {
      case "train/loss":
        if (step == 7) {
          return Double.NaN;
        } else if (step == 11) {
          return Double.POSITIVE_INFINITY;
        } else if (step == 13) {
          return Double.NEGATIVE_INFINITY;
        } else if (step == 17) {
          return -0.0;
        } else if (step == 19) {
          return Double.MIN_VALUE;
        } else if (step == 23) {
          return Double.MAX_VALUE;
        } else if (step == 29) {
          return 0.1;
        }
        return 2.5 * Math.exp(-step / 60.0) + 0.05 * Math.sin(step * 0.7);
      case "train/acc":
        return 1.0 - 1.0 / (1.0 + step / 3.0);
      case "eval/loss":
        return 1.0 / 3.0 + (step % 1000) / 7.0;
      case "root/metric":
        return step * 0.5 - 1;
      default:
        throw new IllegalArgumentException("no such tag in the test data: " + tag);
    }
  }

  private static long[] range(long from, long to, long stride) {
    int n = (int) ((to - from + stride - 1) / stride);
    long[] steps = new long[n];
    for (int i = 0; i < n; i++) {
      steps[i] = from + i * stride;
    }
    return steps;
  }
}
