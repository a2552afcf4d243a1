package org.visualdl.format.tensorboard.internal;

import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.format.RecordSink;

/** Collects scalar points per tag during one pass and hands them to the sink in batches. */
final class ScalarBatches {
  static final int MAX_BATCH = 8192;

  private final List<TagState> pending = new ArrayList<>();

  void add(RecordSink sink, TagState t, long step, double value, long wallMs) {
    if (t.steps == null) {
      t.steps = new long[64];
      t.values = new double[64];
      t.walls = new long[64];
    }
    if (t.count == t.steps.length) {
      if (t.count >= MAX_BATCH) {
        sink.scalars(t.tag, t.steps, t.values, t.walls, t.count);
        t.count = 0;
      } else {
        int n = t.count * 2;
        t.steps = java.util.Arrays.copyOf(t.steps, n);
        t.values = java.util.Arrays.copyOf(t.values, n);
        t.walls = java.util.Arrays.copyOf(t.walls, n);
      }
    }
    if (!t.pending) {
      t.pending = true;
      pending.add(t);
    }
    t.steps[t.count] = step;
    t.values[t.count] = value;
    t.walls[t.count] = wallMs;
    t.count++;
  }

  /** Delivers what is collected, in the order the tags first appeared in this pass. */
  void flush(RecordSink sink) {
    for (TagState t : pending) {
      if (t.count > 0) {
        sink.scalars(t.tag, t.steps, t.values, t.walls, t.count);
        t.count = 0;
      }
      t.pending = false;
      // Arrays are not kept between passes: a server may hold readers of thousands of runs.
      t.steps = null;
      t.values = null;
      t.walls = null;
    }
    pending.clear();
  }
}
