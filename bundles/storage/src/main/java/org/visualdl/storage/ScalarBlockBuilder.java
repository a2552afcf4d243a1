package org.visualdl.storage;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.visualdl.proto.ScalarBlock;

/**
 * Collects scalar points of one tablet in primitive arrays and packs them into a compact
 * {@link ScalarBlock}: a regular step costs nothing, a value four bytes when it is exactly a float,
 * a wall time one byte when it changes little. Not thread-safe.
 */
public final class ScalarBlockBuilder {
  private long[] steps;
  private double[] values;
  private long[] wallTimes;
  private int size;

  public ScalarBlockBuilder(int initialCapacity) {
    int capacity = Math.max(initialCapacity, 16);
    steps = new long[capacity];
    values = new double[capacity];
    wallTimes = new long[capacity];
  }

  public void add(long step, double value, long wallTimeMs) {
    if (size == steps.length) {
      grow();
    }
    steps[size] = step;
    values[size] = value;
    wallTimes[size] = wallTimeMs;
    size++;
  }

  private void grow() {
    int capacity = size * 2;
    steps = Arrays.copyOf(steps, capacity);
    values = Arrays.copyOf(values, capacity);
    wallTimes = Arrays.copyOf(wallTimes, capacity);
  }

  public int size() {
    return size;
  }

  /** Forgets the points but keeps the arrays, so a reused builder does not allocate. */
  public void clear() {
    size = 0;
  }

  /** Step of point {@code i}. */
  public long step(int i) {
    return steps[checkIndex(i)];
  }

  /** Value of point {@code i}. */
  public double value(int i) {
    return values[checkIndex(i)];
  }

  /** Wall time of point {@code i}, milliseconds since the Unix epoch. */
  public long wallTimeMs(int i) {
    return wallTimes[checkIndex(i)];
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("point " + i + " of " + size);
    }
    return i;
  }

  /** Packs the collected points into a block for the given tablet id; the builder stays as it is. */
  public ScalarBlock build(int tabletId) {
    ScalarBlock.Builder b = ScalarBlock.newBuilder().setTabletId(tabletId).setCount(size);
    if (size == 0) {
      return b.build();
    }
    b.setFirstStep(steps[0]).setFirstWallTimeMs(wallTimes[0]);
    if (size > 1) {
      if (regularSteps(0, size)) {
        b.setStepStride(steps[1] - steps[0]);
      } else {
        for (int i = 1; i < size; i++) {
          b.addStepDeltas(steps[i] - steps[i - 1]);
        }
      }
      if (!constantWallTime(0, size)) {
        for (int i = 1; i < size; i++) {
          b.addWallTimeDeltasMs(wallTimes[i] - wallTimes[i - 1]);
        }
      }
    }
    if (allFloat(0, size)) {
      for (int i = 0; i < size; i++) {
        b.addValuesF32((float) values[i]);
      }
    } else {
      for (int i = 0; i < size; i++) {
        b.addValuesF64(values[i]);
      }
    }
    return b.build();
  }

  private boolean regularSteps(int from, int to) {
    if (to - from < 2) {
      return true;
    }
    long stride = steps[from + 1] - steps[from];
    for (int i = from + 2; i < to; i++) {
      if (steps[i] - steps[i - 1] != stride) {
        return false;
      }
    }
    return true;
  }

  private boolean constantWallTime(int from, int to) {
    long first = wallTimes[from];
    for (int i = from + 1; i < to; i++) {
      if (wallTimes[i] != first) {
        return false;
      }
    }
    return true;
  }

  private boolean allFloat(int from, int to) {
    for (int i = from; i < to; i++) {
      double v = values[i];
      if ((double) (float) v != v && !Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the payload of a {@code Frame} holding points {@code [from, to)} as one
   * {@link ScalarBlock}, byte for byte what {@code Frame.newBuilder().setScalars(build(id))} would
   * serialize, without building any message.
   *
   * @return the scratch array (grown when needed); its first {@code lengthOut[0]} bytes are the
   *     payload
   */
  byte[] encodeFrame(int tabletId, int from, int to, byte[] scratch, int[] lengthOut) {
    int n = to - from;
    boolean regular = regularSteps(from, to);
    boolean constantWall = constantWallTime(from, to);
    boolean f32 = allFloat(from, to);
    long firstStep = steps[from];
    long firstWall = wallTimes[from];
    long stride = n > 1 ? steps[from + 1] - steps[from] : 0;

    int stepDeltaBytes = 0;
    if (!regular) {
      for (int i = from + 1; i < to; i++) {
        stepDeltaBytes += CodedOutputStream.computeSInt64SizeNoTag(steps[i] - steps[i - 1]);
      }
    }
    int wallDeltaBytes = 0;
    if (!constantWall) {
      for (int i = from + 1; i < to; i++) {
        wallDeltaBytes += CodedOutputStream.computeSInt64SizeNoTag(wallTimes[i] - wallTimes[i - 1]);
      }
    }
    int valueBytes = n * (f32 ? 4 : 8);

    int block = 0;
    if (tabletId != 0) {
      block += 1 + CodedOutputStream.computeUInt32SizeNoTag(tabletId);
    }
    block += 1 + CodedOutputStream.computeUInt32SizeNoTag(n);
    if (firstStep != 0) {
      block += 1 + CodedOutputStream.computeInt64SizeNoTag(firstStep);
    }
    if (regular && stride != 0) {
      block += 1 + CodedOutputStream.computeInt64SizeNoTag(stride);
    }
    if (!regular) {
      block += 1 + CodedOutputStream.computeUInt32SizeNoTag(stepDeltaBytes) + stepDeltaBytes;
    }
    block += 1 + CodedOutputStream.computeUInt32SizeNoTag(valueBytes) + valueBytes;
    if (firstWall != 0) {
      block += 1 + CodedOutputStream.computeInt64SizeNoTag(firstWall);
    }
    if (!constantWall) {
      block += 1 + CodedOutputStream.computeUInt32SizeNoTag(wallDeltaBytes) + wallDeltaBytes;
    }
    int total = 1 + CodedOutputStream.computeUInt32SizeNoTag(block) + block;
    byte[] out = scratch.length >= total ? scratch : new byte[Math.max(total, scratch.length * 2)];
    try {
      CodedOutputStream o = CodedOutputStream.newInstance(out, 0, total);
      o.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(block);
      if (tabletId != 0) {
        o.writeUInt32(1, tabletId);
      }
      o.writeUInt32(2, n);
      if (firstStep != 0) {
        o.writeInt64(3, firstStep);
      }
      if (regular && stride != 0) {
        o.writeInt64(4, stride);
      }
      if (!regular) {
        o.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(stepDeltaBytes);
        for (int i = from + 1; i < to; i++) {
          o.writeSInt64NoTag(steps[i] - steps[i - 1]);
        }
      }
      o.writeTag(f32 ? 6 : 7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(valueBytes);
      if (f32) {
        for (int i = from; i < to; i++) {
          o.writeFloatNoTag((float) values[i]);
        }
      } else {
        for (int i = from; i < to; i++) {
          o.writeDoubleNoTag(values[i]);
        }
      }
      if (firstWall != 0) {
        o.writeInt64(8, firstWall);
      }
      if (!constantWall) {
        o.writeTag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(wallDeltaBytes);
        for (int i = from + 1; i < to; i++) {
          o.writeSInt64NoTag(wallTimes[i] - wallTimes[i - 1]);
        }
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("scalar block size miscomputed", e);
    }
    lengthOut[0] = total;
    return out;
  }
}
