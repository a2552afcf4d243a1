package org.visualdl.storage.format;

/**
 * A blob's place in a log file packed into the {@code long} a {@code RecordSink} keeps and hands
 * back to {@code LogFormat.readBlob}: the record's file offset (39 bits, files up to 512 GiB), the
 * index of the value in its record (16 bits), a sub-index within that value (8 bits, for example
 * the image of a TensorFlow image tensor), and one flag bit the format gives a meaning of its own
 * (for example "this blob is an image").
 */
public final class BlobLocator {
  public static final long MAX_OFFSET = (1L << 39) - 1;
  public static final int MAX_VALUE_INDEX = 0xffff;
  public static final int MAX_SUB_INDEX = 0xff;
  private static final long FLAG = 1L << 63;

  private BlobLocator() {}

  /** Whether the three parts fit; a reader skips (and may report) a blob that does not. */
  public static boolean fits(long offset, int valueIndex, int subIndex) {
    return offset >= 0 && offset <= MAX_OFFSET && valueIndex >= 0 && valueIndex <= MAX_VALUE_INDEX
        && subIndex >= 0 && subIndex <= MAX_SUB_INDEX;
  }

  /** The locator of the parts, which must {@link #fits fit}, flag clear. */
  public static long of(long offset, int valueIndex, int subIndex) {
    return offset << 24 | (long) valueIndex << 8 | subIndex;
  }

  /** The same locator with the format's flag set. */
  public static long flagged(long offset, int valueIndex, int subIndex) {
    return FLAG | of(offset, valueIndex, subIndex);
  }

  public static boolean isFlagged(long locator) {
    return (locator & FLAG) != 0;
  }

  public static long offset(long locator) {
    return (locator & ~FLAG) >>> 24;
  }

  public static int valueIndex(long locator) {
    return (int) (locator >>> 8) & MAX_VALUE_INDEX;
  }

  public static int subIndex(long locator) {
    return (int) locator & MAX_SUB_INDEX;
  }
}
