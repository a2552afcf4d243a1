package org.visualdl.format.visualdl2.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.visualdl.api.format.RecordSink;

/** Collects scalar points per tag during one pass and hands them to the sink in batches. */
final class ScalarBatches {
  static final int MAX_BATCH = 8192;

  private final Map<String, Batch> batches = new LinkedHashMap<>();

  private static final class Batch {
    long[] steps = new long[64];
    double[] values = new double[64];
    long[] walls = new long[64];
    int count;
  }

  void add(RecordSink sink, String tag, long step, double value, long wallMs) {
    Batch b = batches.computeIfAbsent(tag, t -> new Batch());
    if (b.count == b.steps.length) {
      if (b.count >= MAX_BATCH) {
        sink.scalars(tag, b.steps, b.values, b.walls, b.count);
        b.count = 0;
      } else {
        int n = b.count * 2;
        b.steps = java.util.Arrays.copyOf(b.steps, n);
        b.values = java.util.Arrays.copyOf(b.values, n);
        b.walls = java.util.Arrays.copyOf(b.walls, n);
      }
    }
    b.steps[b.count] = step;
    b.values[b.count] = value;
    b.walls[b.count] = wallMs;
    b.count++;
  }

  /** Delivers what is collected, in the order the tags first appeared in this pass. */
  void flush(RecordSink sink) {
    for (Map.Entry<String, Batch> e : batches.entrySet()) {
      Batch b = e.getValue();
      if (b.count > 0) {
        sink.scalars(e.getKey(), b.steps, b.values, b.walls, b.count);
        b.count = 0;
      }
    }
    // Arrays are not kept between passes: a server may hold readers of thousands of runs.
    batches.clear();
  }
}
