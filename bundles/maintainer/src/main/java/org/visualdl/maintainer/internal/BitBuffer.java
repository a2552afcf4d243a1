package org.visualdl.maintainer.internal;

import java.util.Arrays;

/**
 * A growable string of bits in a {@code long[]} (bit {@code i} is bit {@code i & 63} of word
 * {@code i >>> 6}), written at the end and read anywhere: the storage of {@link ScalarChunk}'s
 * encoded blocks.
 */
final class BitBuffer {
  private static final long[] EMPTY = new long[0];

  private long[] words = EMPTY;
  private long length;

  long length() {
    return length;
  }

  long[] words() {
    return words;
  }

  /** Bytes of heap the words take. */
  long bytes() {
    return 16 + 8L * words.length;
  }

  /** Appends the low {@code width} bits of {@code value} (0 <= width <= 64). */
  void write(long value, int width) {
    if (width == 0) {
      return;
    }
    long end = length + width;
    int need = (int) ((end + 63) >>> 6) + 1;
    if (need > words.length) {
      grow(need);
    }
    if (width < 64) {
      value &= (1L << width) - 1;
    }
    int i = (int) (length >>> 6);
    int sh = (int) (length & 63);
    words[i] |= value << sh;
    if (sh + width > 64) {
      words[i + 1] |= value >>> (64 - sh);
    }
    length = end;
  }

  /** Makes room for at least {@code need} words; the next size is chosen by {@link #sizeHint}. */
  private void grow(int need) {
    int next = Math.max(need, Math.max(sizeHint, words.length + (words.length >> 1) + 4));
    words = Arrays.copyOf(words, next);
  }

  private int sizeHint;

  /** How many words the buffer will probably need in the end; growth jumps there at once. */
  void expect(int wordCount) {
    sizeHint = wordCount;
  }

  /** Drops every bit from {@code newLength} on. */
  void truncate(long newLength) {
    if (newLength >= length) {
      return;
    }
    int i = (int) (newLength >>> 6);
    int sh = (int) (newLength & 63);
    if (i < words.length) {
      words[i] &= sh == 0 ? 0 : (-1L >>> (64 - sh));
      Arrays.fill(words, i + 1, words.length, 0);
    }
    length = newLength;
  }

  /** Gives back the room beyond the bits written (plus the one spare word reads may touch). */
  void trim() {
    int need = (int) ((length + 63) >>> 6) + 1;
    if (words.length > need) {
      words = Arrays.copyOf(words, need);
    }
    sizeHint = 0;
  }

  /** The {@code width} bits at bit {@code pos} of {@code words} (0 <= width <= 64). */
  static long read(long[] words, long pos, int width) {
    if (width == 0) {
      return 0;
    }
    int i = (int) (pos >>> 6);
    int sh = (int) (pos & 63);
    long v = words[i] >>> sh;
    if (sh + width > 64) {
      v |= words[i + 1] << (64 - sh);
    }
    return width == 64 ? v : v & ((1L << width) - 1);
  }
}
