package org.visualdl.storage.internal;

import java.util.zip.CRC32C;

/** CRC32C with TFRecord's mask, so that a CRC of data that holds CRCs stays well distributed. */
public final class Crc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  public static int masked(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return mask((int) crc.getValue());
  }

  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  public static int unmask(int masked) {
    int rot = masked - MASK_DELTA;
    return (rot >>> 17) | (rot << 15);
  }
}
