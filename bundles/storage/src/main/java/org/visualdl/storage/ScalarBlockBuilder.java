package org.visualdl.storage;

import java.util.Arrays;
import org.visualdl.proto.ScalarBlock;

/**
 * Collects scalar points of one tablet in primitive arrays and packs them into a compact
 * {@link ScalarBlock}: a regular step costs nothing, a value four bytes when it is exactly a float,
 * a wall time one byte when it changes little.
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
      int capacity = size * 2;
      steps = Arrays.copyOf(steps, capacity);
      values = Arrays.copyOf(values, capacity);
      wallTimes = Arrays.copyOf(wallTimes, capacity);
    }
    steps[size] = step;
    values[size] = value;
    wallTimes[size] = wallTimeMs;
    size++;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /** Packs the collected points into a block for the given tablet id; the builder stays as it is. */
  public ScalarBlock build(int tabletId) {
    ScalarBlock.Builder b = ScalarBlock.newBuilder().setTabletId(tabletId).setCount(size);
    if (size == 0) {
      return b.build();
    }
    b.setFirstStep(steps[0]).setFirstWallTimeMs(wallTimes[0]);
    if (size > 1) {
      long stride = steps[1] - steps[0];
      boolean regular = true;
      for (int i = 2; i < size && regular; i++) {
        regular = steps[i] - steps[i - 1] == stride;
      }
      if (regular) {
        b.setStepStride(stride);
      } else {
        for (int i = 1; i < size; i++) {
          b.addStepDeltas(steps[i] - steps[i - 1]);
        }
      }
      boolean constantWall = true;
      for (int i = 1; i < size && constantWall; i++) {
        constantWall = wallTimes[i] == wallTimes[0];
      }
      if (!constantWall) {
        for (int i = 1; i < size; i++) {
          b.addWallTimeDeltasMs(wallTimes[i] - wallTimes[i - 1]);
        }
      }
    }
    boolean allFloat = true;
    for (int i = 0; i < size && allFloat; i++) {
      double v = values[i];
      allFloat = Double.isNaN(v) || (double) (float) v == v;
    }
    if (allFloat) {
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
}
