package org.visualdl.maintainer.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;

/**
 * Every point of one scalar tablet, in step order with one value per step, in chunks of primitive
 * arrays: a step costs 4 bytes (offset from the chunk's first step), a value 4 (a float, when the
 * value is exactly one; 8 otherwise), a wall time 4 (offset from the chunk's first wall time).
 * Every block of {@value #BLOCK} points keeps its minimum and maximum, so a downsampled view of
 * any range reads the summaries and only the edges of each bucket.
 *
 * <p>One loader thread appends and commits; any number of threads query. Points that arrive out
 * of step order wait in a side buffer until {@link #commit()} merges them. Duplicate steps: the
 * value with the latest wall time wins; on equal wall times the one read last.
 */
final class ScalarColumn {
  static final int CHUNK_BITS = 12;
  static final int CHUNK = 1 << CHUNK_BITS;
  static final int BLOCK_BITS = 6;
  static final int BLOCK = 1 << BLOCK_BITS;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private Chunk[] chunks = new Chunk[4];
  private int chunkCount;
  private long size;
  private long version;

  // Out-of-order points waiting for commit(); guarded by the write lock.
  private long[] pendingSteps = new long[0];
  private double[] pendingValues = new double[0];
  private long[] pendingWalls = new long[0];
  private int pendingSize;

  /** Appends {@code count} points from the arrays (one lock for all of them). */
  void appendAll(long[] steps, double[] values, long[] walls, int count) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < count; i++) {
        put(steps[i], values[i], walls[i], count - i);
      }
      version++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Appends one point. */
  void append(long step, double value, long wallMs) {
    lock.writeLock().lock();
    try {
      put(step, value, wallMs, 1);
      version++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** @param coming how many points arrive with this one: a new chunk is sized for them at once */
  private void put(long step, double value, long wallMs, int coming) {
    if (pendingSize > 0 || (size > 0 && step <= lastStepUnlocked())) {
      if (pendingSize == pendingSteps.length) {
        int cap = Math.max(16, pendingSize * 2);
        pendingSteps = Arrays.copyOf(pendingSteps, cap);
        pendingValues = Arrays.copyOf(pendingValues, cap);
        pendingWalls = Arrays.copyOf(pendingWalls, cap);
      }
      pendingSteps[pendingSize] = step;
      pendingValues[pendingSize] = value;
      pendingWalls[pendingSize] = wallMs;
      pendingSize++;
      return;
    }
    appendInOrder(step, value, wallMs, coming);
  }

  private void appendInOrder(long step, double value, long wallMs, int coming) {
    Chunk last = chunkCount == 0 ? null : chunks[chunkCount - 1];
    if (last == null || last.size == CHUNK || !last.accepts(step, wallMs)) {
      if (last != null && last.size < CHUNK) {
        // A step or wall time too far from the tail chunk's base for 32-bit offsets: the chunk
        // switches to 64-bit steps and wall times (every chunk but the last stays full).
        last.widen();
      } else {
        if (chunkCount == chunks.length) {
          chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        last = new Chunk(step, wallMs, Math.min(CHUNK, Math.max(16, coming)));
        chunks[chunkCount++] = last;
      }
    }
    last.add(step, value, wallMs);
    size++;
  }

  /** Merges points that arrived out of order; queries see them from now on. */
  void commit() {
    lock.writeLock().lock();
    try {
      if (pendingSize == 0) {
        return;
      }
      long minStep = Long.MAX_VALUE;
      for (int i = 0; i < pendingSize; i++) {
        minStep = Math.min(minStep, pendingSteps[i]);
      }
      long from = lowerBound(minStep);
      // Collect the affected suffix, then the pending points (read later, so they win ties).
      int n = (int) (size - from) + pendingSize;
      long[] s = new long[n];
      double[] v = new double[n];
      long[] w = new long[n];
      int k = 0;
      for (long i = from; i < size; i++, k++) {
        Chunk c = chunks[(int) (i >>> CHUNK_BITS)];
        int j = (int) (i & (CHUNK - 1));
        s[k] = c.step(j);
        v[k] = c.value(j);
        w[k] = c.wall(j);
      }
      System.arraycopy(pendingSteps, 0, s, k, pendingSize);
      System.arraycopy(pendingValues, 0, v, k, pendingSize);
      System.arraycopy(pendingWalls, 0, w, k, pendingSize);
      pendingSize = 0;
      if (pendingSteps.length > 1024) {
        pendingSteps = new long[0];
        pendingValues = new double[0];
        pendingWalls = new long[0];
      }
      int[] order = PointOrder.sortedByStepThenWall(s, w);
      truncate(from);
      for (int idx = 0; idx < order.length; idx++) {
        int i = order[idx];
        boolean lastOfStep = idx + 1 == order.length || s[order[idx + 1]] != s[i];
        if (lastOfStep) {
          appendInOrder(s[i], v[i], w[i], order.length - idx);
        }
      }
      version++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void truncate(long newSize) {
    int keepChunks = (int) ((newSize + CHUNK - 1) >>> CHUNK_BITS);
    for (int c = keepChunks; c < chunkCount; c++) {
      chunks[c] = null;
    }
    chunkCount = keepChunks;
    if (keepChunks > 0) {
      int inLast = (int) (newSize - ((long) (keepChunks - 1) << CHUNK_BITS));
      chunks[keepChunks - 1].truncate(inLast);
    }
    size = newSize;
  }

  long size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  long version() {
    lock.readLock().lock();
    try {
      return version;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Bytes of heap the arrays take. */
  long bytes() {
    lock.readLock().lock();
    try {
      long b = (long) pendingSteps.length * 24;
      for (int c = 0; c < chunkCount; c++) {
        b += chunks[c].bytes();
      }
      return b;
    } finally {
      lock.readLock().unlock();
    }
  }

  private long lastStepUnlocked() {
    Chunk c = chunks[chunkCount - 1];
    return c.step(c.size - 1);
  }

  long lastStep() {
    lock.readLock().lock();
    try {
      return size == 0 ? Long.MIN_VALUE : lastStepUnlocked();
    } finally {
      lock.readLock().unlock();
    }
  }

  ScalarPoint latest() {
    lock.readLock().lock();
    try {
      if (size == 0) {
        return null;
      }
      Chunk c = chunks[chunkCount - 1];
      int j = c.size - 1;
      return new ScalarPoint(c.step(j), c.value(j), c.wall(j));
    } finally {
      lock.readLock().unlock();
    }
  }

  long lastWallMs() {
    lock.readLock().lock();
    try {
      if (size == 0) {
        return 0;
      }
      Chunk c = chunks[chunkCount - 1];
      long max = 0;
      for (int j = Math.max(0, c.size - 256); j < c.size; j++) {
        max = Math.max(max, c.wall(j));
      }
      return max;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Index of the first point whose step is at least {@code step}. */
  private long lowerBound(long step) {
    int lo = 0;
    int hi = chunkCount;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Chunk c = chunks[mid];
      if (c.step(c.size - 1) < step) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == chunkCount) {
      return size;
    }
    Chunk c = chunks[lo];
    int a = 0;
    int b = c.size;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (c.step(mid) < step) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    return ((long) lo << CHUNK_BITS) + a;
  }

  /** Index after the last point whose step is at most {@code step}. */
  private long upperBound(long step) {
    return step == Long.MAX_VALUE ? size : lowerBound(step + 1);
  }

  ScalarPoints query(ScalarQuery q) {
    lock.readLock().lock();
    try {
      long from = lowerBound(q.start());
      long to = upperBound(q.end());
      long total = Math.max(0, to - from);
      if (total <= q.maxPoints()) {
        int n = (int) total;
        long[] s = new long[n];
        double[] v = new double[n];
        long[] w = new long[n];
        for (int k = 0; k < n; k++) {
          long i = from + k;
          Chunk c = chunks[(int) (i >>> CHUNK_BITS)];
          int j = (int) (i & (CHUNK - 1));
          s[k] = c.step(j);
          v[k] = c.value(j);
          w[k] = c.wall(j);
        }
        return new ScalarPoints(s, v, w, total, false);
      }
      return downsample(from, to, q.maxPoints());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Splits [from, to) into buckets of equal point count and keeps each bucket's minimum and
   * maximum (a NaN counts as an extreme so it stays visible), in step order.
   */
  private ScalarPoints downsample(long from, long to, int maxPoints) {
    int buckets = Math.max(1, maxPoints / 2);
    long total = to - from;
    long[] s = new long[buckets * 2];
    double[] v = new double[buckets * 2];
    long[] w = new long[buckets * 2];
    int out = 0;
    Extremes ex = new Extremes();
    for (int b = 0; b < buckets; b++) {
      long start = from + total * b / buckets;
      long end = from + total * (b + 1) / buckets;
      if (start >= end) {
        continue;
      }
      ex.reset();
      scanExtremes(start, end, ex);
      long first = Math.min(ex.minIndex, ex.maxIndex);
      long second = Math.max(ex.minIndex, ex.maxIndex);
      out = emit(first, s, v, w, out);
      if (second != first) {
        out = emit(second, s, v, w, out);
      }
    }
    return new ScalarPoints(
        Arrays.copyOf(s, out), Arrays.copyOf(v, out), Arrays.copyOf(w, out), total, true);
  }

  private int emit(long i, long[] s, double[] v, long[] w, int out) {
    Chunk c = chunks[(int) (i >>> CHUNK_BITS)];
    int j = (int) (i & (CHUNK - 1));
    s[out] = c.step(j);
    v[out] = c.value(j);
    w[out] = c.wall(j);
    return out + 1;
  }

  /** The index of the minimum and maximum in [start, end), using block summaries where whole. */
  private void scanExtremes(long start, long end, Extremes ex) {
    long i = start;
    while (i < end) {
      Chunk c = chunks[(int) (i >>> CHUNK_BITS)];
      long chunkBase = i & ~((long) CHUNK - 1);
      int j = (int) (i - chunkBase);
      int jEnd = (int) Math.min(c.size, end - chunkBase);
      while (j < jEnd) {
        int block = j >>> BLOCK_BITS;
        int blockStart = block << BLOCK_BITS;
        int blockEnd = Math.min(blockStart + BLOCK, c.size);
        if (j == blockStart && blockEnd <= jEnd && c.blockFull(block, blockEnd - blockStart)) {
          ex.offer(chunkBase + c.blockMinIdx[block], c.blockMin[block]);
          ex.offer(chunkBase + c.blockMaxIdx[block], c.blockMax[block]);
          j = blockEnd;
        } else {
          int stop = Math.min(blockEnd, jEnd);
          scanValues(c, j, stop, chunkBase, ex);
          j = stop;
        }
      }
      i = chunkBase + jEnd;
    }
  }

  /** Offers every value of c[from, to) to the extremes, straight from the value array. */
  private static void scanValues(Chunk c, int from, int to, long chunkBase, Extremes ex) {
    if (c.d != null) {
      double[] a = c.d;
      for (int j = from; j < to; j++) {
        ex.offer(chunkBase + j, a[j]);
      }
    } else {
      float[] a = c.f;
      for (int j = from; j < to; j++) {
        ex.offer(chunkBase + j, a[j]);
      }
    }
  }

  /** Running minimum and maximum; NaN wins both so it is never hidden. */
  private static final class Extremes {
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

  /**
   * Up to {@link #CHUNK} points. Steps cost nothing while they are regular (base + i * stride, the
   * usual case), 4 bytes as offsets from the chunk's first step otherwise, 8 when they do not fit;
   * wall times cost 4 bytes as offsets from the chunk's first wall time (8 when they do not fit);
   * values 4 bytes as floats (8 once a value is not exactly a float).
   */
  private static final class Chunk {
    final long baseStep;
    final long baseWall;
    int size;
    long stride;
    int[] stepOff;
    long[] stepWide;
    float[] f;
    double[] d;
    int[] wallOff;
    long[] wallWide;
    double[] blockMin = new double[1];
    double[] blockMax = new double[1];
    short[] blockMinIdx = new short[1];
    short[] blockMaxIdx = new short[1];

    Chunk(long baseStep, long baseWall, int capacity) {
      this.baseStep = baseStep;
      this.baseWall = baseWall;
      this.f = new float[capacity];
      this.wallOff = new int[capacity];
    }

    private boolean regular() {
      return stepOff == null && stepWide == null;
    }

    boolean accepts(long step, long wall) {
      if (stepWide == null) {
        long off = step - baseStep;
        if (off < 0 || off > 0xffffffffL) {
          return false;
        }
      }
      if (wallWide == null) {
        long off = wall - baseWall;
        if (off < Integer.MIN_VALUE || off > Integer.MAX_VALUE) {
          return false;
        }
      }
      return true;
    }

    private int capacity() {
      return d != null ? d.length : f.length;
    }

    /** Switches to 64-bit steps and wall times. */
    void widen() {
      long[] s = new long[capacity()];
      long[] w = new long[capacity()];
      for (int j = 0; j < size; j++) {
        s[j] = step(j);
        w[j] = wall(j);
      }
      stepWide = s;
      wallWide = w;
      stepOff = null;
      wallOff = null;
    }

    /** Gives up the regular-step form: every step gets its own offset. */
    private void materializeSteps() {
      int[] off = new int[capacity()];
      for (int j = 0; j < size; j++) {
        off[j] = (int) (step(j) - baseStep);
      }
      stepOff = off;
    }

    long step(int j) {
      if (stepWide != null) {
        return stepWide[j];
      }
      if (stepOff != null) {
        return baseStep + (stepOff[j] & 0xffffffffL);
      }
      return baseStep + j * stride;
    }

    long wall(int j) {
      return wallWide != null ? wallWide[j] : baseWall + wallOff[j];
    }

    double value(int j) {
      return d != null ? d[j] : f[j];
    }

    void add(long step, double value, long wall) {
      int cap = capacity();
      if (size == cap) {
        int n = Math.min(CHUNK, cap * 2);
        if (stepWide != null) {
          stepWide = Arrays.copyOf(stepWide, n);
        } else if (stepOff != null) {
          stepOff = Arrays.copyOf(stepOff, n);
        }
        if (wallWide != null) {
          wallWide = Arrays.copyOf(wallWide, n);
        } else {
          wallOff = Arrays.copyOf(wallOff, n);
        }
        if (d != null) {
          d = Arrays.copyOf(d, n);
        } else {
          f = Arrays.copyOf(f, n);
        }
      }
      if (regular()) {
        if (size == 1) {
          stride = step - baseStep;
        } else if (size > 1 && step != baseStep + size * stride) {
          materializeSteps();
        }
      }
      if (stepWide != null) {
        stepWide[size] = step;
      } else if (stepOff != null) {
        stepOff[size] = (int) (step - baseStep);
      }
      if (wallWide != null) {
        wallWide[size] = wall;
      } else {
        wallOff[size] = (int) (wall - baseWall);
      }
      if (d == null && !(Double.isNaN(value) || (double) (float) value == value)) {
        d = new double[f.length];
        for (int j = 0; j < size; j++) {
          d[j] = f[j];
        }
        f = null;
      }
      if (d != null) {
        d[size] = value;
      } else {
        f[size] = (float) value;
      }
      summarize(size, value);
      size++;
    }

    private void summarize(int j, double value) {
      int block = j >>> BLOCK_BITS;
      if (block >= blockMin.length) {
        int n = Math.max(block + 1, blockMin.length * 2);
        blockMin = Arrays.copyOf(blockMin, n);
        blockMax = Arrays.copyOf(blockMax, n);
        blockMinIdx = Arrays.copyOf(blockMinIdx, n);
        blockMaxIdx = Arrays.copyOf(blockMaxIdx, n);
      }
      if ((j & (BLOCK - 1)) == 0) {
        blockMin[block] = value;
        blockMax[block] = value;
        blockMinIdx[block] = (short) j;
        blockMaxIdx[block] = (short) j;
        return;
      }
      double min = blockMin[block];
      double max = blockMax[block];
      if (Double.isNaN(value)) {
        if (!Double.isNaN(min)) {
          blockMin[block] = value;
          blockMinIdx[block] = (short) j;
        }
        return;
      }
      if (!Double.isNaN(min) && value < min) {
        blockMin[block] = value;
        blockMinIdx[block] = (short) j;
      }
      if (Double.isNaN(max) || value > max) {
        blockMax[block] = value;
        blockMaxIdx[block] = (short) j;
      }
    }

    /** Whether the block's summary covers exactly {@code count} points (true for full blocks). */
    boolean blockFull(int block, int count) {
      return count == BLOCK || (block << BLOCK_BITS) + count == size;
    }

    void truncate(int newSize) {
      size = newSize;
      int blocks = (newSize + BLOCK - 1) >>> BLOCK_BITS;
      for (int b = 0; b < blocks; b++) {
        int start = b << BLOCK_BITS;
        int end = Math.min(start + BLOCK, newSize);
        for (int j = start; j < end; j++) {
          summarize(j, value(j));
        }
      }
    }

    long bytes() {
      long b = 64;
      b += stepWide != null ? 8L * stepWide.length : stepOff != null ? 4L * stepOff.length : 0;
      b += wallWide != null ? 8L * wallWide.length : 4L * wallOff.length;
      b += d != null ? 8L * d.length : 4L * f.length;
      b += 20L * blockMin.length;
      return b;
    }
  }
}
