package org.visualdl.sdk.internal;

/** Reads media type, width, height and channels from the first bytes of a PNG or JPEG. */
public final class ImageHeaders {
  /** What a header says. */
  public record Info(String mediaType, int width, int height, int channels) {}

  private ImageHeaders() {}

  /**
   * @throws IllegalArgumentException when the bytes are neither a PNG nor a JPEG whose size can
   *     be read
   */
  public static Info read(byte[] b) {
    if (b == null || b.length == 0) {
      throw new IllegalArgumentException("image bytes are empty: pass an encoded PNG or JPEG");
    }
    if (b.length >= 8
        && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
        && b[4] == 0x0d && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
      return png(b);
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return jpeg(b);
    }
    throw new IllegalArgumentException(
        "image bytes are neither PNG nor JPEG (first bytes " + hex(b) + "); pass an encoded PNG"
            + " or JPEG, or a BufferedImage");
  }

  private static Info png(byte[] b) {
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), depth (1), color type (1).
    if (b.length < 26 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
      throw new IllegalArgumentException("PNG image is cut off or lacks its IHDR header");
    }
    int width = be32(b, 16);
    int height = be32(b, 20);
    int channels =
        switch (b[25]) {
          case 0 -> 1; // grayscale
          case 2, 3 -> 3; // RGB, palette
          case 4 -> 2; // grayscale + alpha
          case 6 -> 4; // RGBA
          default -> throw new IllegalArgumentException("PNG has unknown color type " + b[25]);
        };
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("PNG declares a size of " + width + "x" + height);
    }
    return new Info("image/png", width, height, channels);
  }

  private static Info jpeg(byte[] b) {
    int p = 2;
    while (p + 4 <= b.length) {
      if ((b[p] & 0xff) != 0xff) {
        throw new IllegalArgumentException("JPEG is damaged: no marker at offset " + p);
      }
      int marker = b[p + 1] & 0xff;
      if (marker == 0xff) {
        p++; // fill byte
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        p += 2; // markers without a length
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) {
        break; // end of image or start of scan before any frame header
      }
      int length = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
      boolean sof =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (sof) {
        if (p + 10 > b.length) {
          break;
        }
        int height = ((b[p + 5] & 0xff) << 8) | (b[p + 6] & 0xff);
        int width = ((b[p + 7] & 0xff) << 8) | (b[p + 8] & 0xff);
        int channels = b[p + 9] & 0xff;
        if (width <= 0 || height <= 0 || channels <= 0) {
          throw new IllegalArgumentException(
              "JPEG declares a size of " + width + "x" + height + "x" + channels);
        }
        return new Info("image/jpeg", width, height, channels);
      }
      if (length < 2) {
        throw new IllegalArgumentException("JPEG is damaged: segment length " + length);
      }
      p += 2 + length;
    }
    throw new IllegalArgumentException("JPEG is cut off or damaged: no frame header with its size");
  }

  private static int be32(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(String.format("%02x", b[i] & 0xff));
    }
    return s.toString();
  }
}
