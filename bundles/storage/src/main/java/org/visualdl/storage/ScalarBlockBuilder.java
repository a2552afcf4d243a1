package org.visualdl.storage;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_LE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Writes the payload of a {@code Frame} holding points {@code [from, to)} as one
   * {@link ScalarBlock}, byte for byte what {@code Frame.newBuilder().setScalars(build(id))} would
   * serialize, without building any message (one pass to size it, one to write it).
   *
   * @return the scratch array (grown when needed); its first {@code lengthOut[0]} bytes are the
   *     payload
   */
  byte[] encodeFrame(int tabletId, int from, int to, byte[] scratch, int[] lengthOut) {
    int n = to - from;
    long firstStep = steps[from];
    long firstWall = wallTimes[from];
    long stride = n > 1 ? steps[from + 1] - steps[from] : 0;
    boolean regular = true;
    boolean f32 = true;
    int stepDeltaBytes = 0;
    int wallDeltaBytes = 0;
    boolean constantWall = true;
    for (int i = from; i < to; i++) {
      double v = values[i];
      if ((double) (float) v != v && !Double.isNaN(v)) {
        f32 = false;
      }
      if (i > from) {
        long sd = steps[i] - steps[i - 1];
        regular &= sd == stride;
        stepDeltaBytes += sint64Size(sd);
        long wd = wallTimes[i] - wallTimes[i - 1];
        constantWall &= wallTimes[i] == firstWall;
        wallDeltaBytes += sint64Size(wd);
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
    int p = 0;
    out[p++] = (byte) ((3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED);
    p = varint(out, p, block);
    if (tabletId != 0) {
      out[p++] = (byte) (1 << 3);
      p = varint(out, p, tabletId & 0xffffffffL);
    }
    out[p++] = (byte) (2 << 3);
    p = varint(out, p, n);
    if (firstStep != 0) {
      out[p++] = (byte) (3 << 3);
      p = varint(out, p, firstStep);
    }
    if (regular && stride != 0) {
      out[p++] = (byte) (4 << 3);
      p = varint(out, p, stride);
    }
    if (!regular) {
      out[p++] = (byte) ((5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED);
      p = varint(out, p, stepDeltaBytes);
      for (int i = from + 1; i < to; i++) {
        p = varint(out, p, zigzag(steps[i] - steps[i - 1]));
      }
    }
    out[p++] = (byte) (((f32 ? 6 : 7) << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED);
    p = varint(out, p, valueBytes);
    if (f32) {
      for (int i = from; i < to; i++, p += 4) {
        FLOAT_LE.set(out, p, (float) values[i]);
      }
    } else {
      for (int i = from; i < to; i++, p += 8) {
        DOUBLE_LE.set(out, p, values[i]);
      }
    }
    if (firstWall != 0) {
      out[p++] = (byte) (8 << 3);
      p = varint(out, p, firstWall);
    }
    if (!constantWall) {
      out[p++] = (byte) ((9 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED);
      p = varint(out, p, wallDeltaBytes);
      for (int i = from + 1; i < to; i++) {
        p = varint(out, p, zigzag(wallTimes[i] - wallTimes[i - 1]));
      }
    }
    if (p != total) {
      throw new IllegalStateException("scalar block size miscomputed: " + p + " != " + total);
    }
    lengthOut[0] = total;
    return out;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static int sint64Size(long v) {
    long z = zigzag(v);
    return z >>> 7 == 0 ? 1 : CodedOutputStream.computeUInt64SizeNoTag(z);
  }

  private static int varint(byte[] out, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      out[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[p++] = (byte) v;
    return p;
  }
}
