package org.visualdl.maintainer.internal;

/**
 * Lossless encoding of one block of up to {@value ScalarChunk#BLOCK} points (steps, wall times,
 * values) into a {@link BitBuffer}, and its decoding.
 *
 * <p>Each of the three columns is a series of 64-bit integers: steps and wall times as they are,
 * values as their IEEE bits made order-preserving ({@link #sortable}), as 32-bit floats when every
 * value of the block survives the round trip through {@code float} bit for bit (NaN payloads,
 * -0.0 and subnormals included), else as doubles. A series is written as its first element
 * (relative to a base) and then, whichever is shorter, its deltas (order 1: a random walk, a
 * noisy curve) or its deltas of deltas (order 2: regular steps and wall times), zigzag-coded and
 * packed at the width of the largest in the block. Packing at one width per block keeps decoding
 * branch-free and the block summaries of {@link ScalarChunk} let queries decode only the edges.
 *
 * <p>Layout: {@code [1 bit: values are floats] [steps] [walls] [values]}; a series is
 * {@code var(zigzag(first - base))}, then when n > 1 {@code [1 bit: order 2]}, for order 2
 * {@code var(zigzag(firstDelta))}, then {@code [7 bits: width] [width bits per residual]}, where
 * {@code var(x)} is 7 bits of width and then x in that many bits.
 */
final class BlockCodec {
  private static final int WIDTH_BITS = 7;

  private BlockCodec() {}

  /** Encodes points [from, from + n) of the arrays. */
  static void encode(BitBuffer out, long[] steps, double[] values, long[] walls, int from, int n,
      long baseStep, long baseWall, long[] scratch) {
    boolean floats = true;
    for (int i = from; i < from + n; i++) {
      if (!isFloat(values[i])) {
        floats = false;
        break;
      }
    }
    out.write(floats ? 1 : 0, 1);
    encodeSeries(out, steps, from, n, baseStep);
    encodeSeries(out, walls, from, n, baseWall);
    for (int i = 0; i < n; i++) {
      double v = values[from + i];
      scratch[i] = floats ? sortable(Float.floatToRawIntBits((float) v))
          : sortable(Double.doubleToRawLongBits(v));
    }
    encodeSeries(out, scratch, 0, n, 0);
  }

  /** Whether {@code v} comes back bit for bit from a float, by the very path decoding takes. */
  static boolean isFloat(double v) {
    int bits = Float.floatToRawIntBits((float) v);
    return Double.doubleToRawLongBits(Float.intBitsToFloat(bits))
        == Double.doubleToRawLongBits(v);
  }

  /** Flips the bits of negative numbers so that integer order follows float order near zero. */
  static long sortable(long bits) {
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  static long sortable(int bits) {
    return bits ^ ((bits >> 31) & Integer.MAX_VALUE);
  }

  static long zigzag(long x) {
    return (x << 1) ^ (x >> 63);
  }

  static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }

  private static int width(long x) {
    return 64 - Long.numberOfLeadingZeros(x);
  }

  private static void writeVar(BitBuffer out, long x) {
    int w = width(x);
    out.write(w, WIDTH_BITS);
    out.write(x, w);
  }

  private static void encodeSeries(BitBuffer out, long[] x, int from, int n, long base) {
    writeVar(out, zigzag(x[from] - base));
    if (n == 1) {
      return;
    }
    long or1 = 0;
    long or2 = 0;
    long prev = 0;
    for (int i = from + 1; i < from + n; i++) {
      long d = x[i] - x[i - 1];
      or1 |= zigzag(d);
      if (i > from + 1) {
        or2 |= zigzag(d - prev);
      }
      prev = d;
    }
    int w1 = width(or1);
    int w2 = width(or2);
    long firstDelta = zigzag(x[from + 1] - x[from]);
    long bits1 = (long) (n - 1) * w1;
    long bits2 = WIDTH_BITS + width(firstDelta) + (long) (n - 2) * w2;
    if (bits2 < bits1) {
      out.write(1, 1);
      writeVar(out, firstDelta);
      out.write(w2, WIDTH_BITS);
      for (int i = from + 2; i < from + n; i++) {
        out.write(zigzag((x[i] - x[i - 1]) - (x[i - 1] - x[i - 2])), w2);
      }
    } else {
      out.write(0, 1);
      out.write(w1, WIDTH_BITS);
      for (int i = from + 1; i < from + n; i++) {
        out.write(zigzag(x[i] - x[i - 1]), w1);
      }
    }
  }

  /** Reads blocks; holds the position in the bits. Not thread-safe: one per query. */
  static final class Reader {
    private final long[] scratch = new long[ScalarChunk.BLOCK];
    private long[] words;
    private long pos;

    private long read(int width) {
      long v = BitBuffer.read(words, pos, width);
      pos += width;
      return v;
    }

    /** Decodes the n points of the block at bit {@code at} into the arrays from {@code off}. */
    void decode(long[] words, long at, int n, long baseStep, long baseWall,
        long[] steps, double[] values, long[] walls, int off) {
      this.words = words;
      this.pos = at;
      boolean floats = read(1) == 1;
      decodeSeries(n, baseStep, steps, off);
      decodeSeries(n, baseWall, walls, off);
      decodeValues(floats, n, values, off);
    }

    /** Decodes only the values of the block at bit {@code at}, skipping steps and wall times. */
    void decodeValues(long[] words, long at, int n, double[] values, int off) {
      this.words = words;
      this.pos = at;
      boolean floats = read(1) == 1;
      skipSeries(n);
      skipSeries(n);
      decodeValues(floats, n, values, off);
    }

    /** The first step of the block at bit {@code at}. */
    long firstStep(long[] words, long at, long baseStep) {
      this.words = words;
      this.pos = at + 1;
      return baseStep + unzigzag(readVarValue());
    }

    /** Decodes only the steps of the block at bit {@code at}. */
    void decodeSteps(long[] words, long at, int n, long baseStep, long[] steps, int off) {
      this.words = words;
      this.pos = at + 1;
      decodeSeries(n, baseStep, steps, off);
    }

    /**
     * The step and wall time of point {@code j} of the block at bit {@code at} into {@code out[0]}
     * and {@code out[1]}, decoding no further than j (regular series cost nothing).
     */
    void stepAndWall(long[] words, long at, int n, int j, long baseStep, long baseWall, long[] out) {
      this.words = words;
      this.pos = at + 1;
      out[0] = seriesAt(n, j, baseStep);
      out[1] = seriesAt(n, j, baseWall);
    }

    /** Element j of the series at the position; leaves the position after the series. */
    private long seriesAt(int n, int j, long base) {
      long x = base + unzigzag(readVarValue());
      if (n == 1) {
        return x;
      }
      if (read(1) == 1) {
        long d = unzigzag(readVarValue());
        int w = (int) read(WIDTH_BITS);
        long end = pos + (long) (n - 2) * w;
        if (j > 0) {
          x += d;
          if (w == 0) {
            x += (j - 1) * d;
          } else {
            long mask = w == 64 ? -1L : (1L << w) - 1;
            long p = pos;
            for (int i = 2; i <= j; i++, p += w) {
              d += unzigzag(unpack(words, p, mask));
              x += d;
            }
          }
        }
        pos = end;
      } else {
        int w = (int) read(WIDTH_BITS);
        long end = pos + (long) (n - 1) * w;
        if (w != 0) {
          long mask = w == 64 ? -1L : (1L << w) - 1;
          long p = pos;
          for (int i = 1; i <= j; i++, p += w) {
            x += unzigzag(unpack(words, p, mask));
          }
        }
        pos = end;
      }
      return x;
    }

    /**
     * The value at bit p, branch-free: the buffer always has a spare word after the last bit, and
     * the split shift makes the second word's part vanish when the value starts on a word edge.
     */
    private static long unpack(long[] words, long p, long mask) {
      int idx = (int) (p >>> 6);
      int sh = (int) p & 63;
      return ((words[idx] >>> sh) | ((words[idx + 1] << 1) << (63 - sh))) & mask;
    }

    private long readVarValue() {
      int w = (int) read(WIDTH_BITS);
      return read(w);
    }

    private void decodeValues(boolean floats, int n, double[] values, int off) {
      long[] x = scratch;
      decodeSeries(n, 0, x, 0);
      if (floats) {
        for (int i = 0; i < n; i++) {
          int s = (int) x[i];
          values[off + i] = Float.intBitsToFloat(s ^ ((s >> 31) & Integer.MAX_VALUE));
        }
      } else {
        for (int i = 0; i < n; i++) {
          long s = x[i];
          values[off + i] = Double.longBitsToDouble(s ^ ((s >> 63) & Long.MAX_VALUE));
        }
      }
    }

    private void decodeSeries(int n, long base, long[] out, int off) {
      long x = base + unzigzag(readVarValue());
      out[off] = x;
      if (n == 1) {
        return;
      }
      boolean order2 = read(1) == 1;
      long d = order2 ? unzigzag(readVarValue()) : 0;
      int w = (int) read(WIDTH_BITS);
      int from = 1;
      if (order2) {
        x += d;
        out[off + 1] = x;
        from = 2;
      }
      long[] words = this.words;
      long p = pos;
      if (w == 0) {
        for (int i = from; i < n; i++) {
          x += d;
          out[off + i] = x;
        }
        return;
      }
      long mask = w == 64 ? -1L : (1L << w) - 1;
      for (int i = from; i < n; i++, p += w) {
        long z = unpack(words, p, mask);
        long r = (z >>> 1) ^ -(z & 1);
        if (order2) {
          d += r;
          x += d;
        } else {
          x += r;
        }
        out[off + i] = x;
      }
      pos = p;
    }

    private void skipSeries(int n) {
      readVarValue();
      if (n == 1) {
        return;
      }
      if (read(1) == 1) {
        readVarValue();
        int w = (int) read(WIDTH_BITS);
        pos += (long) (n - 2) * w;
      } else {
        int w = (int) read(WIDTH_BITS);
        pos += (long) (n - 1) * w;
      }
    }
  }
}
