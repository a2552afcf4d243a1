package org.visualdl.maintainer.internal;

/**
 * Reads points of a column's chunks by index, decoding one block at a time and keeping the last
 * decoded block, so that reading neighbouring points decodes each block once. One per query.
 */
final class PointCursor {
  private final ScalarChunk[] chunks;
  private final BlockCodec.Reader reader = new BlockCodec.Reader();
  final long[] steps = new long[ScalarChunk.BLOCK];
  final double[] values = new double[ScalarChunk.BLOCK];
  final long[] walls = new long[ScalarChunk.BLOCK];
  private ScalarChunk chunk;
  private int block = -1;

  PointCursor(ScalarChunk[] chunks) {
    this.chunks = chunks;
  }

  BlockCodec.Reader reader() {
    return reader;
  }

  /** Decodes the block of point {@code i}; returns i's position in {@link #steps} and friends. */
  int seek(long i) {
    ScalarChunk c = chunks[(int) (i >>> ScalarChunk.CHUNK_BITS)];
    int j = (int) (i & (ScalarChunk.CHUNK - 1));
    int b = j >>> ScalarChunk.BLOCK_BITS;
    if (c != chunk || b != block) {
      c.decode(b, steps, values, walls, 0, reader);
      chunk = c;
      block = b;
    }
    return j & (ScalarChunk.BLOCK - 1);
  }

  /** Copies points [from, to) into the arrays from {@code off}. */
  void copy(long from, long to, long[] s, double[] v, long[] w, int off) {
    long i = from;
    while (i < to) {
      ScalarChunk c = chunks[(int) (i >>> ScalarChunk.CHUNK_BITS)];
      int j = (int) (i & (ScalarChunk.CHUNK - 1));
      int b = j >>> ScalarChunk.BLOCK_BITS;
      int blockStart = b << ScalarChunk.BLOCK_BITS;
      int n = c.blockLength(b);
      int k = off + (int) (i - from);
      if (j == blockStart && i + n <= to) {
        c.decode(b, s, v, w, k, reader);
        i += n;
      } else {
        int at = seek(i);
        int m = (int) Math.min(n - at, to - i);
        System.arraycopy(steps, at, s, k, m);
        System.arraycopy(values, at, v, k, m);
        System.arraycopy(walls, at, w, k, m);
        i += m;
      }
    }
  }
}
