package org.visualdl.maintainer.internal;

/** Sorting of points by step, then wall time, keeping arrival order among equals. */
final class PointOrder {
  private PointOrder() {}

  /** Indices of the points in (step, wall time) order; a stable sort, so equal points keep order. */
  static int[] sortedByStepThenWall(long[] steps, long[] walls) {
    int n = steps.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    mergeSort(order, new int[n], 0, n, steps, walls);
    return order;
  }

  private static boolean before(int a, int b, long[] steps, long[] walls) {
    if (steps[a] != steps[b]) {
      return steps[a] < steps[b];
    }
    return walls[a] < walls[b];
  }

  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, long[] s, long[] w) {
    if (hi - lo < 2) {
      return;
    }
    if (hi - lo <= 16) {
      for (int i = lo + 1; i < hi; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= lo && before(x, a[j], s, w)) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, s, w);
    mergeSort(a, tmp, mid, hi, s, w);
    if (!before(a[mid], a[mid - 1], s, w)) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      a[k++] = before(tmp[j], tmp[i], s, w) ? tmp[j++] : tmp[i++];
    }
    while (i < mid) {
      a[k++] = tmp[i++];
    }
    while (j < hi) {
      a[k++] = tmp[j++];
    }
  }
}
