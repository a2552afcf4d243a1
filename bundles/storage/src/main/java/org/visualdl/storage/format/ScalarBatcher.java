package org.visualdl.storage.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.visualdl.api.format.RecordSink;

/**
 * Collects the scalar points of one read pass per tag and hands them to the sink in batches of
 * up to {@link #MAX_BATCH} points, in the order the tags first appeared in the pass. A reader
 * keeps each tag's {@link Batch} (for example beside its other per-tag state) so that adding a
 * point costs no lookup.
 *
 * <pre>{@code
 * Batch b = batcher.batch(tag);          // once per tag, kept by the reader
 * batcher.add(sink, b, step, value, wallMs);
 * ...
 * batcher.flush(sink);                   // at the end of the pass
 * }</pre>
 */
public final class ScalarBatcher {
  /** The most points handed over in one call. */
  public static final int MAX_BATCH = 8192;

  private final List<Batch> pending = new ArrayList<>();

  /** The points of one tag collected in this pass. Arrays are dropped between passes. */
  public static final class Batch {
    private final String tag;
    private long[] steps;
    private double[] values;
    private long[] walls;
    private int count;
    private boolean pending;

    private Batch(String tag) {
      this.tag = tag;
    }
  }

  /** A new batch for a tag; keep it for every point of that tag. */
  public Batch batch(String tag) {
    return new Batch(tag);
  }

  /** Adds a point; hands the tag's batch over first when it holds {@link #MAX_BATCH} points. */
  public void add(RecordSink sink, Batch b, long step, double value, long wallMs) {
    if (b.steps == null) {
      b.steps = new long[64];
      b.values = new double[64];
      b.walls = new long[64];
    }
    if (b.count == b.steps.length) {
      if (b.count >= MAX_BATCH) {
        sink.scalars(b.tag, b.steps, b.values, b.walls, b.count);
        b.count = 0;
      } else {
        int n = b.count * 2;
        b.steps = Arrays.copyOf(b.steps, n);
        b.values = Arrays.copyOf(b.values, n);
        b.walls = Arrays.copyOf(b.walls, n);
      }
    }
    if (!b.pending) {
      b.pending = true;
      pending.add(b);
    }
    b.steps[b.count] = step;
    b.values[b.count] = value;
    b.walls[b.count] = wallMs;
    b.count++;
  }

  /** Delivers what is collected, in the order the tags first appeared in this pass. */
  public void flush(RecordSink sink) {
    for (Batch b : pending) {
      if (b.count > 0) {
        sink.scalars(b.tag, b.steps, b.values, b.walls, b.count);
        b.count = 0;
      }
      b.pending = false;
      // Arrays are not kept between passes: a server may hold readers of thousands of runs.
      b.steps = null;
      b.values = null;
      b.walls = null;
    }
    pending.clear();
  }
}
