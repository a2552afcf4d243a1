package org.visualdl.format.visualdl2.internal;

/** A locator of a heavy value: the record's file offset (47 bits) and the value's index in it (16 bits). */
final class Locators {
  static final long MAX_OFFSET = (1L << 47) - 1;
  static final int MAX_VALUE_INDEX = 0xffff;

  private Locators() {}

  static boolean fits(long offset, int valueIndex) {
    return offset >= 0 && offset <= MAX_OFFSET && valueIndex >= 0
        && valueIndex <= MAX_VALUE_INDEX;
  }

  static long of(long offset, int valueIndex) {
    return offset << 16 | valueIndex;
  }

  static long offset(long locator) {
    return locator >>> 16;
  }

  static int valueIndex(long locator) {
    return (int) locator & MAX_VALUE_INDEX;
  }
}
