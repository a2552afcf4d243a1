package org.visualdl.format.tensorboard.internal;

import java.util.zip.CRC32C;

/**
 * Little-endian helpers for tensor contents and the masked CRC32C of TFRecord framing (which
 * storage's {@code TfRecordReader} reads; the tests' event writer writes it with these).
 */
final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  static int maskedCrc(byte[] data, int offset, int length) {
    return maskedCrc(new CRC32C(), data, offset, length);
  }

  /** With a CRC object of the caller's, reset here, so a reader allocates none per record. */
  static int maskedCrc(CRC32C crc, byte[] data, int offset, int length) {
    crc.reset();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  static long getLongLE(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static int getIntLE(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }
}
