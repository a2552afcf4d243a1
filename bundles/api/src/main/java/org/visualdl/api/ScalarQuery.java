package org.visualdl.api;

/**
 * A range of steps of a scalar series, and how many points the answer may hold at most.
 *
 * @param start the first step included
 * @param end the last step included
 * @param maxPoints the largest number of points to return; a range that holds more is downsampled
 *     to a view that keeps the minimum and maximum of every bucket
 */
public record ScalarQuery(long start, long end, int maxPoints) {
  public static final int DEFAULT_POINTS = 2000;

  public ScalarQuery {
    if (start > end) {
      throw new IllegalArgumentException("start " + start + " is after end " + end);
    }
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints must be at least 2, was " + maxPoints);
    }
  }

  /** Every step, downsampled to {@link #DEFAULT_POINTS}. */
  public static ScalarQuery all() {
    return new ScalarQuery(Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_POINTS);
  }

  /** Every step and every point, however many. */
  public static ScalarQuery everyPoint() {
    return new ScalarQuery(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
  }
}
