package org.visualdl.storage;

import org.visualdl.proto.ScalarBlock;

/** Unpacks {@link ScalarBlock}s. */
public final class ScalarBlocks {

  /** Receives the points of a block in the order they were written. */
  @FunctionalInterface
  public interface PointSink {
    void accept(long step, double value, long wallTimeMs);
  }

  private ScalarBlocks() {}

  /**
   * Checks that a block's arrays agree with its count.
   *
   * @return null when the block is consistent, otherwise what is wrong
   */
  public static String validate(ScalarBlock block) {
    int count = block.getCount();
    int values = block.getValuesF32Count() + block.getValuesF64Count();
    if (block.getValuesF32Count() > 0 && block.getValuesF64Count() > 0) {
      return "scalar block holds both float and double values";
    }
    if (values != count) {
      return "scalar block declares " + count + " points but holds " + values + " values";
    }
    if (block.getStepDeltasCount() != 0 && block.getStepDeltasCount() != count - 1) {
      return "scalar block holds " + block.getStepDeltasCount() + " step deltas for " + count
          + " points";
    }
    if (block.getWallTimeDeltasMsCount() != 0 && block.getWallTimeDeltasMsCount() != count - 1) {
      return "scalar block holds " + block.getWallTimeDeltasMsCount() + " wall time deltas for "
          + count + " points";
    }
    return null;
  }

  /** Calls the sink once per point of a block that {@link #validate} accepted. */
  public static void decode(ScalarBlock block, PointSink sink) {
    int count = block.getCount();
    if (count == 0) {
      return;
    }
    boolean f32 = block.getValuesF32Count() == count;
    boolean strided = block.getStepDeltasCount() == 0;
    boolean constantWall = block.getWallTimeDeltasMsCount() == 0;
    long step = block.getFirstStep();
    long wall = block.getFirstWallTimeMs();
    long stride = block.getStepStride();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        step += strided ? stride : block.getStepDeltas(i - 1);
        if (!constantWall) {
          wall += block.getWallTimeDeltasMs(i - 1);
        }
      }
      double value = f32 ? block.getValuesF32(i) : block.getValuesF64(i);
      sink.accept(step, value, wall);
    }
  }

  /**
   * Unpacks a block that {@link #validate} accepted into primitive arrays, without boxing: point
   * {@code i} goes to index {@code offset + i} of each array. Pass null for an array you do not
   * need.
   *
   * @return the number of points written ({@code block.getCount()})
   * @throws IndexOutOfBoundsException when an array is too short
   */
  public static int decodeInto(
      ScalarBlock block, long[] steps, double[] values, long[] wallTimesMs, int offset) {
    int count = block.getCount();
    if (steps != null) {
      long step = block.getFirstStep();
      if (block.getStepDeltasCount() == 0) {
        long stride = block.getStepStride();
        for (int i = 0; i < count; i++) {
          steps[offset + i] = step;
          step += stride;
        }
      } else {
        for (int i = 0; i < count; i++) {
          if (i > 0) {
            step += block.getStepDeltas(i - 1);
          }
          steps[offset + i] = step;
        }
      }
    }
    if (values != null) {
      if (block.getValuesF32Count() == count) {
        for (int i = 0; i < count; i++) {
          values[offset + i] = block.getValuesF32(i);
        }
      } else {
        for (int i = 0; i < count; i++) {
          values[offset + i] = block.getValuesF64(i);
        }
      }
    }
    if (wallTimesMs != null) {
      long wall = block.getFirstWallTimeMs();
      boolean constant = block.getWallTimeDeltasMsCount() == 0;
      for (int i = 0; i < count; i++) {
        if (i > 0 && !constant) {
          wall += block.getWallTimeDeltasMs(i - 1);
        }
        wallTimesMs[offset + i] = wall;
      }
    }
    return count;
  }
}
