package org.visualdl.format.tensorboard.internal;

/**
 * A locator of an image or plugin datum in an event file: the record's file offset (39 bits), the
 * index of the value in its summary (16 bits) and of the image in a TF2 image tensor (8 bits); the
 * top bit says the blob is an image (read again as an {@code Image} payload) rather than plugin
 * data (read again as the serialized {@code Summary.Value}).
 */
final class Locators {
  static final long MAX_OFFSET = (1L << 39) - 1;
  static final int MAX_VALUE_INDEX = 0xffff;
  static final int MAX_SUB_INDEX = 0xff;

  private Locators() {}

  static boolean fits(long offset, int valueIndex, int subIndex) {
    return offset >= 0 && offset <= MAX_OFFSET && valueIndex >= 0 && valueIndex <= MAX_VALUE_INDEX
        && subIndex >= 0 && subIndex <= MAX_SUB_INDEX;
  }

  private static final long IMAGE = 1L << 63;

  static long of(long offset, int valueIndex, int subIndex) {
    return offset << 24 | (long) valueIndex << 8 | subIndex;
  }

  static long image(long offset, int valueIndex, int subIndex) {
    return IMAGE | of(offset, valueIndex, subIndex);
  }

  static boolean isImage(long locator) {
    return (locator & IMAGE) != 0;
  }

  static long offset(long locator) {
    return (locator & ~IMAGE) >>> 24;
  }

  static int valueIndex(long locator) {
    return (int) (locator >>> 8) & MAX_VALUE_INDEX;
  }

  static int subIndex(long locator) {
    return (int) locator & MAX_SUB_INDEX;
  }
}
