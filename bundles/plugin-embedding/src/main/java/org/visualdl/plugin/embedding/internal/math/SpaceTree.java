package org.visualdl.plugin.embedding.internal.math;

import java.util.Arrays;

/**
 * A quadtree (2-D) or octree (3-D) over points, in flat arrays, for the Barnes-Hut approximation
 * of t-SNE's repulsive forces: a cell far enough away acts as one body at its centre of mass.
 * Coinciding points share a leaf (no endless subdivision).
 */
final class SpaceTree {
  private static final int MAX_DEPTH = 48;

  private final int dims;
  private final int fanout;
  private double[] center; // node * 3
  private double[] half;
  private double[] massSum; // node * 3: sum of positions
  private int[] count;
  private int[] firstChild; // -1: leaf
  private int[] point; // a leaf's point, -1 when empty
  private int size;
  /** Per node, packed for the force loop: centre of mass (3), squared width, count, first child. */
  private double[] packed = new double[0];
  private static final int STRIDE = 6;

  SpaceTree(int dims, int capacityHint) {
    this.dims = dims;
    this.fanout = 1 << dims;
    allocate(Math.max(16, capacityHint));
  }

  private void allocate(int capacity) {
    center = new double[capacity * 3];
    half = new double[capacity];
    massSum = new double[capacity * 3];
    count = new int[capacity];
    firstChild = new int[capacity];
    point = new int[capacity];
  }

  private void grow() {
    int capacity = count.length * 2;
    center = Arrays.copyOf(center, capacity * 3);
    half = Arrays.copyOf(half, capacity);
    massSum = Arrays.copyOf(massSum, capacity * 3);
    count = Arrays.copyOf(count, capacity);
    firstChild = Arrays.copyOf(firstChild, capacity);
    point = Arrays.copyOf(point, capacity);
  }

  private int newNode(double cx, double cy, double cz, double h) {
    if (size == count.length) {
      grow();
    }
    int node = size++;
    center[node * 3] = cx;
    center[node * 3 + 1] = cy;
    center[node * 3 + 2] = cz;
    half[node] = h;
    massSum[node * 3] = 0;
    massSum[node * 3 + 1] = 0;
    massSum[node * 3 + 2] = 0;
    count[node] = 0;
    firstChild[node] = -1;
    point[node] = -1;
    return node;
  }

  /** Rebuilds the tree over {@code n} points of {@code y} ({@code n x dims}, row-major). */
  void build(double[] y, int n) {
    size = 0;
    double[] min = new double[3];
    double[] max = new double[3];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < dims; c++) {
        double v = y[i * dims + c];
        min[c] = Math.min(min[c], v);
        max[c] = Math.max(max[c], v);
      }
    }
    double h = 1e-9;
    double[] mid = new double[3];
    for (int c = 0; c < dims; c++) {
      mid[c] = (min[c] + max[c]) / 2;
      h = Math.max(h, (max[c] - min[c]) / 2);
    }
    newNode(mid[0], mid[1], mid[2], h * (1 + 1e-6) + 1e-12);
    for (int i = 0; i < n; i++) {
      insert(y, i);
    }
    if (packed.length < size * STRIDE) {
      packed = new double[count.length * STRIDE];
    }
    for (int node = 0; node < size; node++) {
      int o = node * STRIDE;
      int cnt = count[node];
      double inv = cnt > 0 ? 1.0 / cnt : 0;
      packed[o] = massSum[node * 3] * inv;
      packed[o + 1] = massSum[node * 3 + 1] * inv;
      packed[o + 2] = massSum[node * 3 + 2] * inv;
      double width = 2 * half[node];
      packed[o + 3] = width * width;
      packed[o + 4] = cnt;
      packed[o + 5] = firstChild[node];
    }
  }

  private int childFor(int node, double[] y, int i) {
    int idx = 0;
    for (int c = 0; c < dims; c++) {
      if (y[i * dims + c] > center[node * 3 + c]) {
        idx |= 1 << c;
      }
    }
    return firstChild[node] + idx;
  }

  private void addMass(int node, double[] y, int i) {
    count[node]++;
    for (int c = 0; c < dims; c++) {
      massSum[node * 3 + c] += y[i * dims + c];
    }
  }

  private void insert(double[] y, int i) {
    int node = 0;
    for (int depth = 0; ; depth++) {
      if (firstChild[node] >= 0) {
        addMass(node, y, i);
        node = childFor(node, y, i);
        continue;
      }
      if (count[node] == 0) {
        addMass(node, y, i);
        point[node] = i;
        return;
      }
      int j = point[node];
      if (depth >= MAX_DEPTH || samePosition(y, i, j)) {
        addMass(node, y, i); // duplicates share the leaf
        return;
      }
      subdivide(node);
      // The leaf's existing points (all at j's position) move into one child.
      int child = childFor(node, y, j);
      count[child] = count[node];
      for (int c = 0; c < dims; c++) {
        massSum[child * 3 + c] = massSum[node * 3 + c];
      }
      point[child] = j;
      point[node] = -1;
    }
  }

  private boolean samePosition(double[] y, int i, int j) {
    for (int c = 0; c < dims; c++) {
      if (y[i * dims + c] != y[j * dims + c]) {
        return false;
      }
    }
    return true;
  }

  private void subdivide(int node) {
    double h = half[node] / 2;
    double cx = center[node * 3];
    double cy = center[node * 3 + 1];
    double cz = center[node * 3 + 2];
    int first = -1;
    for (int idx = 0; idx < fanout; idx++) {
      double x = cx + ((idx & 1) != 0 ? h : -h);
      double yy = dims > 1 ? cy + ((idx & 2) != 0 ? h : -h) : 0;
      double z = dims > 2 ? cz + ((idx & 4) != 0 ? h : -h) : 0;
      int c = newNode(x, yy, z, h);
      if (idx == 0) {
        first = c;
      }
    }
    firstChild[node] = first;
  }

  /**
   * Adds the Barnes-Hut repulsion on point {@code i} into {@code force} (unnormalised: divide by
   * the returned sum over cells of {@code N q} when all points are done).
   *
   * @param stack scratch space of at least {@code depth * fanout} ints
   * @return this point's contribution to the normalisation {@code Z}
   */
  double repulsion(double[] y, int i, double thetaSquared, double[] force, int[] stack) {
    double sumQ = 0;
    double f0 = 0;
    double f1 = 0;
    double f2 = 0;
    double yi0 = y[i * dims];
    double yi1 = dims > 1 ? y[i * dims + 1] : 0;
    double yi2 = dims > 2 ? y[i * dims + 2] : 0;
    double[] pk = packed;
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      int o = stack[--top] * STRIDE;
      double cnt = pk[o + 4];
      if (cnt == 0) {
        continue;
      }
      double d0 = yi0 - pk[o];
      double d1 = yi1 - pk[o + 1];
      double d2 = yi2 - pk[o + 2];
      double dist2 = d0 * d0 + d1 * d1 + d2 * d2;
      int first = (int) pk[o + 5];
      if (first < 0 || pk[o + 3] < thetaSquared * dist2) {
        if (first < 0 && dist2 < 1e-18) {
          // The leaf holds point i (and any duplicates of it): they add to Z but push with no force.
          sumQ += cnt - 1;
          continue;
        }
        double q = 1.0 / (1.0 + dist2);
        double mult = cnt * q;
        sumQ += mult;
        mult *= q;
        f0 += mult * d0;
        f1 += mult * d1;
        f2 += mult * d2;
      } else {
        if (top + fanout > stack.length) {
          throw new IllegalStateException("tree deeper than its scratch stack");
        }
        for (int c = 0; c < fanout; c++) {
          stack[top++] = first + c;
        }
      }
    }
    force[i * dims] += f0;
    if (dims > 1) {
      force[i * dims + 1] += f1;
    }
    if (dims > 2) {
      force[i * dims + 2] += f2;
    }
    return sumQ;
  }

  int stackSize() {
    return (MAX_DEPTH + 2) * fanout;
  }

  int nodes() {
    return size;
  }
}
