package org.visualdl.format.tensorboard.internal;

import java.util.zip.CRC32C;

/** TFRecord framing: {@code u64 LE length | u32 masked CRC32C(length) | payload | u32 masked CRC32C(payload)}. */
final class TfRecords {
  static final int HEADER_BYTES = 12;
  static final int FOOTER_BYTES = 4;
  /** A length beyond this is damage whatever its CRC says: no reader allocates more. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
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

  /** Whether the 12 bytes at {@code off} are a frame header whose length CRC holds and whose length is sane. */
  static boolean headerValid(byte[] b, int off) {
    return headerValid(new CRC32C(), b, off);
  }

  static boolean headerValid(CRC32C crc, byte[] b, int off) {
    // Cheap test first, so scanning garbage for the next frame stays fast.
    if (b[off + 7] != 0 || b[off + 6] != 0 || b[off + 5] != 0 || b[off + 4] != 0
        || (b[off + 3] & 0xff) > (MAX_PAYLOAD_BYTES >>> 24)) {
      return false;
    }
    long length = getLongLE(b, off);
    return length <= MAX_PAYLOAD_BYTES && maskedCrc(crc, b, off, 8) == getIntLE(b, off + 8);
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
