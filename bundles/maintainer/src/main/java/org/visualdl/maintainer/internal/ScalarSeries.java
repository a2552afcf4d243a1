package org.visualdl.maintainer.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.storage.ScalarBlocks;

/**
 * Every point of one scalar tablet in primitive arrays, in step order with one value per step.
 * One loader thread appends; any number of threads query.
 *
 * <p>Duplicate steps: the value with the latest wall time wins; on equal wall times the one
 * appended last (read last) wins.
 */
final class ScalarSeries {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long[] steps = new long[64];
  private double[] values = new double[64];
  private long[] walls = new long[64];
  private int size;
  /** Points from here on were appended since the last normalisation. */
  private int sortedPrefix;
  private boolean needsSort;

  /** Appends one point; call {@link #commit()} after a batch. */
  void append(long step, double value, long wallMs) {
    lock.writeLock().lock();
    try {
      ensureCapacity(size + 1);
      put(step, value, wallMs);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Appends every point of a block; call {@link #commit()} after a batch. */
  void appendBlock(ScalarBlock block) {
    lock.writeLock().lock();
    try {
      ensureCapacity(size + block.getCount());
      ScalarBlocks.decode(block, this::put);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > steps.length) {
      int capacity = Math.max(needed, steps.length + (steps.length >> 1) + 16);
      steps = Arrays.copyOf(steps, capacity);
      values = Arrays.copyOf(values, capacity);
      walls = Arrays.copyOf(walls, capacity);
    }
  }

  private void put(long step, double value, long wallMs) {
    if (size > 0 && step <= steps[size - 1]) {
      needsSort = true;
    }
    steps[size] = step;
    values[size] = value;
    walls[size] = wallMs;
    size++;
  }

  /** Restores step order and the duplicate rule after a batch of appends. */
  void commit() {
    lock.writeLock().lock();
    try {
      if (needsSort) {
        normalize();
        needsSort = false;
      }
      sortedPrefix = size;
    } finally {
      lock.writeLock().unlock();
    }
  }

  int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  long lastWallMs() {
    lock.readLock().lock();
    try {
      long max = 0;
      for (int i = Math.max(0, size - 1024); i < size; i++) {
        max = Math.max(max, walls[i]);
      }
      return max;
    } finally {
      lock.readLock().unlock();
    }
  }

  ScalarPoints query(ScalarQuery q) {
    lock.readLock().lock();
    try {
      int n = sortedPrefix;
      int from = lowerBound(q.start(), n);
      int to = upperBound(q.end(), n);
      int total = Math.max(0, to - from);
      if (total <= q.maxPoints()) {
        return new ScalarPoints(
            Arrays.copyOfRange(steps, from, to),
            Arrays.copyOfRange(values, from, to),
            Arrays.copyOfRange(walls, from, to),
            total,
            false);
      }
      return downsample(from, to, q.maxPoints());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Splits the range into buckets of equal point count and keeps each bucket's minimum and
   * maximum (in step order), so no spike is lost. NaN counts as an extreme too, so it stays
   * visible.
   */
  private ScalarPoints downsample(int from, int to, int maxPoints) {
    int buckets = Math.max(1, maxPoints / 2);
    int total = to - from;
    long[] s = new long[buckets * 2];
    double[] v = new double[buckets * 2];
    long[] w = new long[buckets * 2];
    int out = 0;
    for (int b = 0; b < buckets; b++) {
      int start = from + (int) ((long) total * b / buckets);
      int end = from + (int) ((long) total * (b + 1) / buckets);
      if (start >= end) {
        continue;
      }
      int min = start;
      int max = start;
      for (int i = start + 1; i < end; i++) {
        double x = values[i];
        if (Double.isNaN(x)) {
          if (!Double.isNaN(values[min])) {
            min = i;
          }
          continue;
        }
        if (!Double.isNaN(values[min]) && x < values[min]) {
          min = i;
        }
        if (Double.isNaN(values[max]) || x > values[max]) {
          max = i;
        }
      }
      int first = Math.min(min, max);
      int second = Math.max(min, max);
      s[out] = steps[first];
      v[out] = values[first];
      w[out] = walls[first];
      out++;
      if (second != first) {
        s[out] = steps[second];
        v[out] = values[second];
        w[out] = walls[second];
        out++;
      }
    }
    return new ScalarPoints(
        Arrays.copyOf(s, out), Arrays.copyOf(v, out), Arrays.copyOf(w, out), total, true);
  }

  private int lowerBound(long step, int n) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (steps[mid] < step) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int upperBound(long step, int n) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (steps[mid] <= step) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Stable sort by (step, wall time), then keep the last point of every step. */
  private void normalize() {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    int[] tmp = new int[size];
    mergeSort(order, tmp, 0, size);
    long[] s = new long[steps.length];
    double[] v = new double[values.length];
    long[] w = new long[walls.length];
    int out = 0;
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (out > 0 && s[out - 1] == steps[i]) {
        out--;
      }
      s[out] = steps[i];
      v[out] = values[i];
      w[out] = walls[i];
      out++;
    }
    steps = s;
    values = v;
    walls = w;
    size = out;
  }

  private boolean before(int a, int b) {
    if (steps[a] != steps[b]) {
      return steps[a] < steps[b];
    }
    return walls[a] < walls[b];
  }

  private void mergeSort(int[] a, int[] tmp, int lo, int hi) {
    if (hi - lo < 2) {
      return;
    }
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= lo && before(x, a[j])) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid);
    mergeSort(a, tmp, mid, hi);
    if (!before(a[mid], a[mid - 1])) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      a[k++] = before(tmp[j], tmp[i]) ? tmp[j++] : tmp[i++];
    }
    while (i < mid) {
      a[k++] = tmp[i++];
    }
    while (j < hi) {
      a[k++] = tmp[j++];
    }
  }
}
