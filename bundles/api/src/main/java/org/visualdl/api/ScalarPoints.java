package org.visualdl.api;

/**
 * Points of a scalar series in step order, one step at most once.
 *
 * @param steps the steps, ascending
 * @param values the value at each step (NaN and infinities as written)
 * @param wallTimesMs when each value was written, milliseconds since the epoch
 * @param total how many points the queried range holds
 * @param downsampled whether this is a downsampled view of the range rather than every point
 */
public record ScalarPoints(
    long[] steps, double[] values, long[] wallTimesMs, long total, boolean downsampled) {
  public ScalarPoints {
    if (steps.length != values.length || steps.length != wallTimesMs.length) {
      throw new IllegalArgumentException("steps, values and wall times differ in length");
    }
  }

  public int size() {
    return steps.length;
  }
}
