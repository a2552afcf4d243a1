package org.visualdl.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageHeadersTest {
  private static byte[] encode(int type, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(new BufferedImage(33, 17, type), format, out));
    return out.toByteArray();
  }

  @Test
  void readsPngAndJpegHeaders() throws Exception {
    assertEquals(new ImageHeaders.Info("image/png", 33, 17, 4),
        ImageHeaders.read(encode(BufferedImage.TYPE_INT_ARGB, "png")));
    assertEquals(new ImageHeaders.Info("image/png", 33, 17, 3),
        ImageHeaders.read(encode(BufferedImage.TYPE_INT_RGB, "png")));
    assertEquals(new ImageHeaders.Info("image/png", 33, 17, 1),
        ImageHeaders.read(encode(BufferedImage.TYPE_BYTE_GRAY, "png")));
    assertEquals(new ImageHeaders.Info("image/jpeg", 33, 17, 3),
        ImageHeaders.read(encode(BufferedImage.TYPE_INT_RGB, "jpg")));
    assertEquals(new ImageHeaders.Info("image/jpeg", 33, 17, 1),
        ImageHeaders.read(encode(BufferedImage.TYPE_BYTE_GRAY, "jpg")));
  }

  @Test
  void rejectsOtherBytesAndCutOffHeadersWithoutThrowingAnythingElse() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> ImageHeaders.read(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ImageHeaders.read("GIF89a....".getBytes()));
    byte[] jpeg = encode(BufferedImage.TYPE_INT_RGB, "jpg");
    byte[] png = encode(BufferedImage.TYPE_INT_RGB, "png");
    for (int cut = 0; cut < 200; cut++) {
      for (byte[] full : new byte[][] {jpeg, png}) {
        byte[] part = Arrays.copyOf(full, Math.min(cut, full.length));
        try {
          ImageHeaders.read(part);
        } catch (IllegalArgumentException expected) {
          // fine: a clear message
        }
      }
    }
  }
}
