package org.visualdl.format.visualdl2.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.visualdl.api.format.LogFormat;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Image;
import org.visualdl.storage.LocalLogFile;

/** Blobs read again through a format, decoded from their payloads. */
final class Payloads {
  private Payloads() {}

  static byte[] imageBytes(byte[] imagePayload) throws IOException {
    return Image.parseFrom(imagePayload).getEncoded().toByteArray();
  }

  static byte[] imageBytes(LogFormat format, Path file, long locator) throws IOException {
    return imageBytes(format.readBlob(LocalLogFile.of(file), locator));
  }

  static Embedding embedding(LogFormat format, Path file, long locator) throws IOException {
    return Embedding.parseFrom(format.readBlob(LocalLogFile.of(file), locator));
  }

  static float[] values(Embedding e) {
    float[] v = new float[e.getValuesCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = e.getValues(i);
    }
    return v;
  }
}
