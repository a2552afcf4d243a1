package org.visualdl.storage.internal;

/** Constants and little-endian helpers of the frame layout. */
public final class Frames {
  /** Bytes before a payload: the length and its CRC. */
  public static final int HEADER_BYTES = 12;
  /** Bytes after a payload: its CRC. */
  public static final int FOOTER_BYTES = 4;
  /**
   * The largest payload a reader accepts. A length field beyond it is corruption, whatever its CRC
   * says, so a damaged file can never make a reader allocate more than this.
   */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

  private Frames() {}

  /**
   * A cheap test that the 8 bytes at {@code off} could be a length this reader accepts, done
   * before the CRC so that scanning garbage for the next frame stays fast.
   */
  public static boolean plausibleLength(byte[] b, int off) {
    return b[off + 7] == 0 && b[off + 6] == 0 && b[off + 5] == 0 && b[off + 4] == 0
        && (b[off + 3] & 0xff) <= (MAX_PAYLOAD_BYTES >>> 24);
  }

  public static void putLongLE(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  public static void putIntLE(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  public static long getLongLE(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  public static int getIntLE(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  /** Writes the 12-byte header of a payload of the given length into {@code b} at {@code off}. */
  public static void putHeader(byte[] b, int off, int payloadLength) {
    putLongLE(b, off, payloadLength);
    putIntLE(b, off + 8, Crc32c.masked(b, off, 8));
  }
}
