package org.visualdl.format.visualdl2.internal;

import org.visualdl.storage.format.BlobLocator;

import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;

/**
 * VisualDL 2.x log files ({@code vdlrecords.*}, any file whose name contains {@code vdlrecords}).
 * Every file of a run is read, not only the newest as VisualDL 2.x itself does.
 *
 * <p>Locators are the record's offset and the value's index ({@link BlobLocator}).
 * Histograms, texts, PR and ROC curves and hparams become samples, images, audio and embeddings
 * blobs, of the built-in payloads; {@link #readBlob} returns those payloads.
 */
@Component(service = LogFormat.class)
public final class VisualDl2Format implements LogFormat {

  @Override
  public String name() {
    return "visualdl2";
  }

  @Override
  public boolean recognizes(LogFile file) {
    return file.name().contains("vdlrecords");
  }

  @Override
  public LogFileReader open(LogFile file) {
    return new VdlRecordFileReader(file);
  }

  private static int[] data(byte[] record, long locator, LogFile file) throws IOException {
    int[] value = VdlRecordDecoder.valueRange(record, BlobLocator.valueIndex(locator));
    int[] data = value == null ? null : VdlRecordDecoder.dataRange(record, value);
    if (data == null) {
      throw new IOException(file.uri() + ": no value at locator " + locator);
    }
    return data;
  }

  /**
   * Reads a blob again: an image value as an {@code Image} payload, an embedding value as an
   * {@code Embedding} payload, any other value as its serialized sub-message.
   */
  @Override
  public byte[] readBlob(LogFile file, long locator) throws IOException {
    byte[] record = VdlRecordFileReader.readPayloadAt(file, BlobLocator.offset(locator));
    int[] data = data(record, locator, file);
    switch (data[0]) {
      case 5 -> {
        int[] image = VdlRecordDecoder.imageRange(record, data[1], data[2]);
        if (image == null) {
          throw new IOException(file.uri() + ": no image at locator " + locator);
        }
        return VdlRecordDecoder.image(record, image, true).toByteArray();
      }
      case 7 -> {
        return EmbeddingRecords.load(record, data[1], data[2]).toByteArray();
      }
      case 6 -> {
        return VdlPayloads.audio(record, data[1], data[2], true).toByteArray();
      }
      default -> {
        return java.util.Arrays.copyOfRange(record, data[1], data[1] + data[2]);
      }
    }
  }
}
