package org.visualdl.format.visualdl2.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.EmbeddingMatrix;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;

/**
 * VisualDL 2.x log files ({@code vdlrecords.*}, any file whose name contains {@code vdlrecords}).
 * Every file of a run is read, not only the newest as VisualDL 2.x itself does.
 *
 * <p>Locators are the record's offset and the value's index ({@link Locators}).
 * {@link #readPluginData} returns the serialized sub-message of the value (VisualDL's
 * {@code PRCurve}, {@code ROC_Curve}, {@code HParam} or {@code Audio}).
 */
@Component(service = LogFormat.class)
public final class VisualDl2Format implements LogFormat {

  @Override
  public String name() {
    return "visualdl2";
  }

  @Override
  public boolean recognizes(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().contains("vdlrecords");
  }

  @Override
  public LogFileReader open(Path file) {
    return new VdlRecordFileReader(file);
  }

  private static int[] data(byte[] record, long locator, Path file) throws IOException {
    int[] value = VdlRecordDecoder.valueRange(record, Locators.valueIndex(locator));
    int[] data = value == null ? null : VdlRecordDecoder.dataRange(record, value);
    if (data == null) {
      throw new IOException(file + ": no value at locator " + locator);
    }
    return data;
  }

  @Override
  public byte[] readImage(Path file, long locator) throws IOException {
    byte[] record = VdlRecordFileReader.readPayloadAt(file, Locators.offset(locator));
    int[] data = data(record, locator, file);
    int[] image = data[0] == 5 ? VdlRecordDecoder.imageRange(record, data[1], data[2]) : null;
    if (image == null) {
      throw new IOException(file + ": no image at locator " + locator);
    }
    return java.util.Arrays.copyOfRange(record, image[0], image[0] + image[1]);
  }

  @Override
  public EmbeddingMatrix readEmbedding(Path file, long locator) throws IOException {
    byte[] record = VdlRecordFileReader.readPayloadAt(file, Locators.offset(locator));
    int[] value = VdlRecordDecoder.valueRange(record, Locators.valueIndex(locator));
    int[] data = value == null ? null : VdlRecordDecoder.dataRange(record, value);
    if (data == null || data[0] != 7) {
      throw new IOException(file + ": no embedding at locator " + locator);
    }
    long step = 0;
    CodedInputStream in = CodedInputStream.newInstance(record, value[0], value[1]);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 8) {
        step = in.readInt64();
      } else {
        in.skipField(t);
      }
    }
    return EmbeddingRecords.load(record, data[1], data[2], step);
  }

  @Override
  public byte[] readPluginData(Path file, long locator) throws IOException {
    byte[] record = VdlRecordFileReader.readPayloadAt(file, Locators.offset(locator));
    int[] data = data(record, locator, file);
    return java.util.Arrays.copyOfRange(record, data[1], data[1] + data[2]);
  }
}
