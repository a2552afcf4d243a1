package org.visualdl.maintainer.internal;

import java.util.Arrays;

/**
 * Up to {@value #CHUNK} consecutive points of a scalar column, compressed: every full block of
 * {@value #BLOCK} points is encoded by {@link BlockCodec} as soon as it fills; only the newest,
 * unfinished block waits in plain arrays, and {@link #park()} encodes that one too when the
 * loader is done for now (a run fully read costs no plain arrays and no growth slack). Every
 * block keeps its minimum and maximum with their positions, so a downsampled view decodes only
 * the blocks at the edges of its buckets.
 *
 * <p>Written by one thread under the column's write lock; read under its read lock.
 */
final class ScalarChunk {
  static final int CHUNK_BITS = 12;
  static final int CHUNK = 1 << CHUNK_BITS;
  static final int BLOCK_BITS = 6;
  static final int BLOCK = 1 << BLOCK_BITS;
  private static final int BLOCKS = CHUNK / BLOCK;

  final long baseStep;
  final long baseWall;
  private int size;
  private long lastStep;
  private long maxWall;

  private final BitBuffer bits = new BitBuffer();
  /** Bit position of each encoded block. */
  private int[] blockAt = new int[4];

  double[] blockMin = new double[4];
  double[] blockMax = new double[4];
  /** Position of the minimum and maximum inside the block. */
  byte[] blockMinAt = new byte[4];
  byte[] blockMaxAt = new byte[4];

  // The unfinished block in plain arrays (null when there is none or it is parked in the bits).
  private long[] openSteps;
  private double[] openValues;
  private long[] openWalls;
  /** Whether the unfinished last block is encoded in the bits (see park()). */
  private boolean parked;

  ScalarChunk(long baseStep, long baseWall) {
    this.baseStep = baseStep;
    this.baseWall = baseWall;
  }

  int size() {
    return size;
  }

  boolean full() {
    return size == CHUNK;
  }

  long lastStep() {
    return lastStep;
  }

  long maxWall() {
    return maxWall;
  }

  /** How many points block {@code block} holds. */
  int blockLength(int block) {
    return Math.min(BLOCK, size - (block << BLOCK_BITS));
  }

  /** Whether the block's summary covers exactly {@code count} points (true for full blocks). */
  boolean blockFull(int block, int count) {
    return count == BLOCK || (block << BLOCK_BITS) + count == size;
  }

  private boolean inOpenArrays(int block) {
    return !parked && block == size >>> BLOCK_BITS && openSteps != null;
  }

  /** Appends a point after every point of the chunk (the caller keeps steps ascending). */
  void add(long step, double value, long wall, long[] scratch) {
    if (parked) {
      unpark();
    }
    if (openSteps == null) {
      openSteps = new long[BLOCK];
      openValues = new double[BLOCK];
      openWalls = new long[BLOCK];
    }
    int j = size & (BLOCK - 1);
    openSteps[j] = step;
    openValues[j] = value;
    openWalls[j] = wall;
    summarize(size, value);
    size++;
    lastStep = step;
    if (size == 1 || wall > maxWall) {
      maxWall = wall;
    }
    if (j == BLOCK - 1) {
      encodeOpenBlock(BLOCK, scratch);
      if (size == CHUNK) {
        park();
      }
    }
  }

  private void encodeOpenBlock(int n, long[] scratch) {
    int block = (size - 1) >>> BLOCK_BITS;
    if (block >= blockAt.length) {
      blockAt = Arrays.copyOf(blockAt, Math.min(BLOCKS, Math.max(block + 1, blockAt.length * 2)));
    }
    blockAt[block] = (int) bits.length();
    BlockCodec.encode(bits, openSteps, openValues, openWalls, 0, n, baseStep, baseWall, scratch);
    if (block == 0) {
      // The first block tells how big the whole chunk will be: grow there in one step.
      bits.expect((int) ((bits.length() * BLOCKS * 17 / 16 + 63) >>> 6) + 2);
    }
  }

  /**
   * Encodes the unfinished block too and gives back every spare array slot: the state in which a
   * chunk waits for more data. The next {@link #add} decodes the unfinished block again.
   */
  void park() {
    int rest = size & (BLOCK - 1);
    if (!parked && rest > 0 && openSteps != null) {
      encodeOpenBlock(rest, new long[BLOCK]);
      parked = true;
    }
    openSteps = null;
    openValues = null;
    openWalls = null;
    bits.trim();
    int blocks = (size + BLOCK - 1) >>> BLOCK_BITS;
    if (blockMin.length > blocks) {
      int n = Math.max(1, blocks);
      blockAt = Arrays.copyOf(blockAt, n);
      blockMin = Arrays.copyOf(blockMin, n);
      blockMax = Arrays.copyOf(blockMax, n);
      blockMinAt = Arrays.copyOf(blockMinAt, n);
      blockMaxAt = Arrays.copyOf(blockMaxAt, n);
    }
  }

  private void unpark() {
    int block = size >>> BLOCK_BITS;
    int n = size & (BLOCK - 1);
    openSteps = new long[BLOCK];
    openValues = new double[BLOCK];
    openWalls = new long[BLOCK];
    new BlockCodec.Reader().decode(bits.words(), blockAt[block], n, baseStep, baseWall,
        openSteps, openValues, openWalls, 0);
    bits.truncate(blockAt[block]);
    parked = false;
  }

  /** Keeps the first {@code newSize} points. */
  void truncate(int newSize) {
    if (newSize >= size) {
      return;
    }
    int block = newSize >>> BLOCK_BITS;
    int n = newSize & (BLOCK - 1);
    long[] s = new long[BLOCK];
    double[] v = new double[BLOCK];
    long[] w = new long[BLOCK];
    if (n > 0) {
      decode(block, s, v, w, 0, new BlockCodec.Reader());
    }
    if (!inOpenArrays(block)) {
      bits.truncate(blockAt[block]);
    }
    parked = false;
    openSteps = s;
    openValues = v;
    openWalls = w;
    size = newSize;
    for (int j = 0; j < n; j++) {
      summarize((block << BLOCK_BITS) + j, v[j]);
    }
    // The last step and the latest wall time, again from the points kept.
    BlockCodec.Reader r = new BlockCodec.Reader();
    long[] ss = new long[BLOCK];
    double[] vv = new double[BLOCK];
    long[] ww = new long[BLOCK];
    maxWall = Long.MIN_VALUE;
    for (int b = 0; b * BLOCK < size; b++) {
      int len = decode(b, ss, vv, ww, 0, r);
      for (int j = 0; j < len; j++) {
        maxWall = Math.max(maxWall, ww[j]);
      }
      lastStep = ss[len - 1];
    }
  }

  /** Decodes block {@code block} into the arrays from {@code off}; returns its point count. */
  int decode(int block, long[] steps, double[] values, long[] walls, int off, BlockCodec.Reader r) {
    int n = blockLength(block);
    if (inOpenArrays(block)) {
      System.arraycopy(openSteps, 0, steps, off, n);
      System.arraycopy(openValues, 0, values, off, n);
      System.arraycopy(openWalls, 0, walls, off, n);
    } else {
      r.decode(bits.words(), blockAt[block], n, baseStep, baseWall, steps, values, walls, off);
    }
    return n;
  }

  /** Decodes only the values of block {@code block}; returns its point count. */
  int decodeValues(int block, double[] values, BlockCodec.Reader r) {
    int n = blockLength(block);
    if (inOpenArrays(block)) {
      System.arraycopy(openValues, 0, values, 0, n);
    } else {
      r.decodeValues(bits.words(), blockAt[block], n, values, 0);
    }
    return n;
  }

  /** The step and wall time of point {@code j} into {@code out[0]} and {@code out[1]}. */
  void stepAndWall(int j, long[] out, BlockCodec.Reader r) {
    int block = j >>> BLOCK_BITS;
    int at = j & (BLOCK - 1);
    if (inOpenArrays(block)) {
      out[0] = openSteps[at];
      out[1] = openWalls[at];
    } else {
      r.stepAndWall(bits.words(), blockAt[block], blockLength(block), at, baseStep, baseWall, out);
    }
  }

  /** Index of the first point whose step is at least {@code step} (size when none). */
  int lowerBound(long step, BlockCodec.Reader r) {
    if (size == 0 || lastStep < step) {
      return size;
    }
    int lo = 0;
    int hi = (size - 1) >>> BLOCK_BITS;
    // The last block whose first step is below {@code step} holds the answer (or its end does).
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firstStep(mid, r) < step) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int n = blockLength(lo);
    long[] steps = new long[BLOCK];
    if (inOpenArrays(lo)) {
      System.arraycopy(openSteps, 0, steps, 0, n);
    } else {
      r.decodeSteps(bits.words(), blockAt[lo], n, baseStep, steps, 0);
    }
    int a = 0;
    while (a < n && steps[a] < step) {
      a++;
    }
    return (lo << BLOCK_BITS) + a;
  }

  private long firstStep(int block, BlockCodec.Reader r) {
    return inOpenArrays(block) ? openSteps[0] : r.firstStep(bits.words(), blockAt[block], baseStep);
  }

  private void summarize(int j, double value) {
    int block = j >>> BLOCK_BITS;
    if (block >= blockMin.length) {
      int n = Math.min(BLOCKS, Math.max(block + 1, blockMin.length * 2));
      blockMin = Arrays.copyOf(blockMin, n);
      blockMax = Arrays.copyOf(blockMax, n);
      blockMinAt = Arrays.copyOf(blockMinAt, n);
      blockMaxAt = Arrays.copyOf(blockMaxAt, n);
    }
    int at = j & (BLOCK - 1);
    if (at == 0) {
      blockMin[block] = value;
      blockMax[block] = value;
      blockMinAt[block] = 0;
      blockMaxAt[block] = 0;
      return;
    }
    double min = blockMin[block];
    double max = blockMax[block];
    if (Double.isNaN(value)) {
      if (!Double.isNaN(min)) {
        blockMin[block] = value;
        blockMinAt[block] = (byte) at;
      }
      return;
    }
    if (!Double.isNaN(min) && value < min) {
      blockMin[block] = value;
      blockMinAt[block] = (byte) at;
    }
    if (Double.isNaN(max) || value > max) {
      blockMax[block] = value;
      blockMaxAt[block] = (byte) at;
    }
  }

  /** Bytes of heap the chunk takes. */
  long bytes() {
    long b = 64 + 16 + bits.bytes() + 16 + 4L * blockAt.length
        + 2 * (16 + 8L * blockMin.length) + 2 * (16 + blockMinAt.length);
    if (openSteps != null) {
      b += 3 * (16 + 8L * BLOCK);
    }
    return b;
  }
}
