package org.visualdl.api.format;

/**
 * Media type, size and channels of an encoded image, read from its first bytes: what a
 * {@link LogFileReader} passes to {@link RecordSink#image} when the log gives only the bytes.
 *
 * <pre>{@code
 * ImageHeader h = ImageHeader.sniff(bytes, 0, bytes.length);
 * sink.image(tag, step, wallMs, h.mediaType(), h.width(), h.height(), h.channels(), bytes.length, locator);
 * }</pre>
 *
 * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/gif}, or
 *     {@code application/octet-stream} when the bytes are none of these
 * @param width 0 when it cannot be read
 * @param height 0 when it cannot be read
 */
public record ImageHeader(String mediaType, int width, int height, int channels) {

  /** Reads the header of the encoded image in {@code b[off, off + len)}; never throws. */
  public static ImageHeader sniff(byte[] b, int off, int len) {
    if (len >= 26 && (b[off] & 0xff) == 0x89 && b[off + 1] == 'P' && b[off + 2] == 'N'
        && b[off + 3] == 'G') {
      int w = beInt(b, off + 16);
      int h = beInt(b, off + 20);
      int channels = switch (b[off + 25]) {
        case 0 -> 1;
        case 4 -> 2;
        case 6 -> 4;
        default -> 3;
      };
      return new ImageHeader("image/png", Math.max(0, w), Math.max(0, h), channels);
    }
    if (len >= 4 && (b[off] & 0xff) == 0xff && (b[off + 1] & 0xff) == 0xd8) {
      return jpeg(b, off, len);
    }
    if (len >= 10 && b[off] == 'G' && b[off + 1] == 'I' && b[off + 2] == 'F') {
      int w = (b[off + 6] & 0xff) | (b[off + 7] & 0xff) << 8;
      int h = (b[off + 8] & 0xff) | (b[off + 9] & 0xff) << 8;
      return new ImageHeader("image/gif", w, h, 3);
    }
    return new ImageHeader("application/octet-stream", 0, 0, 0);
  }

  private static ImageHeader jpeg(byte[] b, int off, int len) {
    int p = off + 2;
    int end = off + len;
    while (p + 9 < end) {
      if ((b[p] & 0xff) != 0xff) {
        break;
      }
      int marker = b[p + 1] & 0xff;
      int segment = (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        int h = (b[p + 5] & 0xff) << 8 | (b[p + 6] & 0xff);
        int w = (b[p + 7] & 0xff) << 8 | (b[p + 8] & 0xff);
        return new ImageHeader("image/jpeg", w, h, b[p + 9] & 0xff);
      }
      if (segment < 2) {
        break;
      }
      p += 2 + segment;
    }
    return new ImageHeader("image/jpeg", 0, 0, 3);
  }

  private static int beInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }
}
