package org.visualdl.maintainer.internal;

/** Running minimum and maximum of a bucket, with their indexes; NaN wins both so it is never hidden. */
final class Extremes {
  long minIndex;
  long maxIndex;
  double min;
  double max;

  void reset() {
    minIndex = -1;
    maxIndex = -1;
  }

  void offer(long index, double value) {
    if (minIndex < 0) {
      minIndex = index;
      maxIndex = index;
      min = value;
      max = value;
      return;
    }
    if (Double.isNaN(value)) {
      if (!Double.isNaN(min)) {
        min = value;
        minIndex = index;
      }
      return;
    }
    if (!Double.isNaN(min) && value < min) {
      min = value;
      minIndex = index;
    }
    if (Double.isNaN(max) || value > max) {
      max = value;
      maxIndex = index;
    }
  }
}
