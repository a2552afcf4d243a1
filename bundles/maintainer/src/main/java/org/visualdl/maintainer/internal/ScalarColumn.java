package org.visualdl.maintainer.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.visualdl.api.ScalarPoint;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;

/**
 * Every point of one scalar tablet, in step order with one value per step, in compressed
 * {@link ScalarChunk}s of {@value ScalarChunk#CHUNK} points (blocks of {@value ScalarChunk#BLOCK}
 * encoded by {@link BlockCodec}: regular steps and wall times cost a few bits, a float32 random
 * walk some 3 bytes, a double one some 6.5). Every block keeps its minimum and maximum, so a
 * downsampled view of any range reads the summaries and decodes only the edges of each bucket.
 *
 * <p>One loader thread appends and commits; any number of threads query. Points that arrive out
 * of step order wait in a side buffer until {@link #commit()} merges them. Duplicate steps: the
 * value with the latest wall time wins; on equal wall times the one read last. {@link #commit()}
 * also packs the newest chunk tight, so a column that waits for data holds no slack.
 */
final class ScalarColumn {
  static final int CHUNK = ScalarChunk.CHUNK;
  private static final int CHUNK_BITS = ScalarChunk.CHUNK_BITS;
  private static final int BLOCK = ScalarChunk.BLOCK;
  private static final int BLOCK_BITS = ScalarChunk.BLOCK_BITS;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private ScalarChunk[] chunks = new ScalarChunk[1];
  private int chunkCount;
  private long size;
  private long version;
  /** Whether points arrived since the last commit (the newest chunk is not parked). */
  private boolean dirty;
  private long[] scratch;

  // Out-of-order points waiting for commit(); guarded by the write lock.
  private long[] pendingSteps;
  private double[] pendingValues;
  private long[] pendingWalls;
  private int pendingSize;

  /** Appends {@code count} points from the arrays (one lock for all of them). */
  void appendAll(long[] steps, double[] values, long[] walls, int count) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < count; i++) {
        put(steps[i], values[i], walls[i]);
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
      put(step, value, wallMs);
      version++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void put(long step, double value, long wallMs) {
    if (pendingSize > 0 || (size > 0 && step <= lastStepUnlocked())) {
      if (pendingSteps == null || pendingSize == pendingSteps.length) {
        int cap = Math.max(16, pendingSize * 2);
        pendingSteps = pendingSteps == null ? new long[cap] : Arrays.copyOf(pendingSteps, cap);
        pendingValues = pendingValues == null ? new double[cap] : Arrays.copyOf(pendingValues, cap);
        pendingWalls = pendingWalls == null ? new long[cap] : Arrays.copyOf(pendingWalls, cap);
      }
      pendingSteps[pendingSize] = step;
      pendingValues[pendingSize] = value;
      pendingWalls[pendingSize] = wallMs;
      pendingSize++;
      return;
    }
    appendInOrder(step, value, wallMs);
  }

  private void appendInOrder(long step, double value, long wallMs) {
    ScalarChunk last = chunkCount == 0 ? null : chunks[chunkCount - 1];
    if (last == null || last.full()) {
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      last = new ScalarChunk(step, wallMs);
      chunks[chunkCount++] = last;
    }
    if (scratch == null) {
      scratch = new long[BLOCK];
    }
    last.add(step, value, wallMs, scratch);
    size++;
    dirty = true;
  }

  /**
   * Merges points that arrived out of order (queries see them from now on) and packs the newest
   * chunk tight: the loader calls this when it has read what is there for now.
   */
  void commit() {
    lock.writeLock().lock();
    try {
      if (pendingSize > 0) {
        mergePending();
        version++;
      }
      if (dirty) {
        chunks[chunkCount - 1].park();
        if (chunks.length > chunkCount) {
          chunks = Arrays.copyOf(chunks, chunkCount);
        }
        scratch = null;
        dirty = false;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void mergePending() {
    long minStep = Long.MAX_VALUE;
    for (int i = 0; i < pendingSize; i++) {
      minStep = Math.min(minStep, pendingSteps[i]);
    }
    long from = lowerBound(minStep, new BlockCodec.Reader());
    // Collect the affected suffix, then the pending points (read later, so they win ties).
    int n = (int) (size - from) + pendingSize;
    long[] s = new long[n];
    double[] v = new double[n];
    long[] w = new long[n];
    int k = (int) (size - from);
    new PointCursor(chunks).copy(from, size, s, v, w, 0);
    System.arraycopy(pendingSteps, 0, s, k, pendingSize);
    System.arraycopy(pendingValues, 0, v, k, pendingSize);
    System.arraycopy(pendingWalls, 0, w, k, pendingSize);
    pendingSize = 0;
    pendingSteps = null;
    pendingValues = null;
    pendingWalls = null;
    int[] order = PointOrder.sortedByStepThenWall(s, w);
    truncate(from);
    for (int idx = 0; idx < order.length; idx++) {
      int i = order[idx];
      boolean lastOfStep = idx + 1 == order.length || s[order[idx + 1]] != s[i];
      if (lastOfStep) {
        appendInOrder(s[i], v[i], w[i]);
      }
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
    dirty = true;
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

  /** Bytes of heap the column takes. */
  long bytes() {
    lock.readLock().lock();
    try {
      long b = 64 + 16 + 8L * chunks.length;
      if (pendingSteps != null) {
        b += 24L * pendingSteps.length;
      }
      if (scratch != null) {
        b += 8L * scratch.length;
      }
      for (int c = 0; c < chunkCount; c++) {
        b += chunks[c].bytes();
      }
      return b;
    } finally {
      lock.readLock().unlock();
    }
  }

  private long lastStepUnlocked() {
    return chunks[chunkCount - 1].lastStep();
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
      PointCursor cursor = new PointCursor(chunks);
      int j = cursor.seek(size - 1);
      return new ScalarPoint(cursor.steps[j], cursor.values[j], cursor.walls[j]);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The latest wall time of the newest chunk. */
  long lastWallMs() {
    lock.readLock().lock();
    try {
      return size == 0 ? 0 : chunks[chunkCount - 1].maxWall();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Index of the first point whose step is at least {@code step}. */
  private long lowerBound(long step, BlockCodec.Reader r) {
    int lo = 0;
    int hi = chunkCount;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (chunks[mid].lastStep() < step) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == chunkCount) {
      return size;
    }
    return ((long) lo << CHUNK_BITS) + chunks[lo].lowerBound(step, r);
  }

  ScalarPoints query(ScalarQuery q) {
    lock.readLock().lock();
    try {
      PointCursor cursor = new PointCursor(chunks);
      long from = lowerBound(q.start(), cursor.reader());
      long to = q.end() == Long.MAX_VALUE ? size : lowerBound(q.end() + 1, cursor.reader());
      long total = Math.max(0, to - from);
      if (total <= q.maxPoints()) {
        int n = (int) total;
        long[] s = new long[n];
        double[] v = new double[n];
        long[] w = new long[n];
        cursor.copy(from, to, s, v, w, 0);
        return new ScalarPoints(s, v, w, total, false);
      }
      return downsample(from, to, q.maxPoints(), cursor);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Splits [from, to) into buckets of equal point count and keeps each bucket's minimum and
   * maximum (a NaN counts as an extreme so it stays visible), in step order. Whole blocks answer
   * from their summaries; only blocks cut by a bucket's edge are decoded (each once, as
   * neighbouring buckets share it), and an extreme's step and wall time decode no further than it.
   */
  private ScalarPoints downsample(long from, long to, int maxPoints, PointCursor cursor) {
    int buckets = Math.max(1, maxPoints / 2);
    long total = to - from;
    long[] s = new long[buckets * 2];
    double[] v = new double[buckets * 2];
    long[] w = new long[buckets * 2];
    EdgeValues edge = new EdgeValues(cursor.reader());
    long[] stepWall = new long[2];
    int out = 0;
    Extremes ex = new Extremes();
    for (int b = 0; b < buckets; b++) {
      long start = from + total * b / buckets;
      long end = from + total * (b + 1) / buckets;
      if (start >= end) {
        continue;
      }
      ex.reset();
      scanExtremes(start, end, ex, edge);
      boolean minFirst = ex.minIndex <= ex.maxIndex;
      out = emit(minFirst ? ex.minIndex : ex.maxIndex, minFirst ? ex.min : ex.max, s, v, w, out,
          stepWall, cursor.reader());
      if (ex.minIndex != ex.maxIndex) {
        out = emit(minFirst ? ex.maxIndex : ex.minIndex, minFirst ? ex.max : ex.min, s, v, w, out,
            stepWall, cursor.reader());
      }
    }
    return new ScalarPoints(
        Arrays.copyOf(s, out), Arrays.copyOf(v, out), Arrays.copyOf(w, out), total, true);
  }

  private int emit(long i, double value, long[] s, double[] v, long[] w, int out, long[] stepWall,
      BlockCodec.Reader r) {
    chunks[(int) (i >>> CHUNK_BITS)].stepAndWall((int) (i & (CHUNK - 1)), stepWall, r);
    s[out] = stepWall[0];
    v[out] = value;
    w[out] = stepWall[1];
    return out + 1;
  }

  /** The values of the last block cut by a bucket edge, decoded once for both buckets. */
  private static final class EdgeValues {
    final BlockCodec.Reader reader;
    final double[] values = new double[BLOCK];
    ScalarChunk chunk;
    int block = -1;

    EdgeValues(BlockCodec.Reader reader) {
      this.reader = reader;
    }

    double[] of(ScalarChunk c, int b) {
      if (c != chunk || b != block) {
        c.decodeValues(b, values, reader);
        chunk = c;
        block = b;
      }
      return values;
    }
  }

  /** The index of the minimum and maximum in [start, end), using block summaries where whole. */
  private void scanExtremes(long start, long end, Extremes ex, EdgeValues edge) {
    long i = start;
    while (i < end) {
      ScalarChunk c = chunks[(int) (i >>> CHUNK_BITS)];
      long chunkBase = i & ~((long) CHUNK - 1);
      int j = (int) (i - chunkBase);
      int jEnd = (int) Math.min(c.size(), end - chunkBase);
      while (j < jEnd) {
        int block = j >>> BLOCK_BITS;
        int blockStart = block << BLOCK_BITS;
        int blockEnd = Math.min(blockStart + BLOCK, c.size());
        int stop = Math.min(blockEnd, jEnd);
        int minAt = blockStart + c.blockMinAt[block];
        int maxAt = blockStart + c.blockMaxAt[block];
        boolean summarized = c.blockFull(block, blockEnd - blockStart);
        if (summarized && ((j == blockStart && blockEnd <= jEnd)
            || (minAt >= j && minAt < stop && maxAt >= j && maxAt < stop))) {
          // The whole block, or a part that holds both of the block's extremes: they are the
          // part's extremes too, no decoding needed.
          ex.offer(chunkBase + minAt, c.blockMin[block]);
          ex.offer(chunkBase + maxAt, c.blockMax[block]);
          j = stop;
        } else {
          double[] values = edge.of(c, block);
          for (int k = j; k < stop; k++) {
            ex.offer(chunkBase + k, values[k - blockStart]);
          }
          j = stop;
        }
      }
      i = chunkBase + jEnd;
    }
  }
}
