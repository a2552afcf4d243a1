package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.visualdl.api.format.LogFile;
import org.visualdl.proto.Audio;
import org.visualdl.proto.Image;
import org.visualdl.proto.models.GraphDefs;

/** The payloads of blobs, read again from their Event: media, graphs and plugin data. */
final class BlobValues {
  private BlobValues() {}

  /** The graph of Event field 4 (graph_def) or 9 (meta_graph_def) as a {@code GraphModel}. */
  static byte[] eventGraph(LogFile file, byte[] event, int field) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(event);
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == (field << 3 | 2) && (field == 4 || field == 9)) {
        byte[] bytes = in.readByteArray();
        byte[] payload = field == 4 ? GraphDefs.fromEventGraphDef(bytes)
            : GraphDefs.fromEventMetaGraphDef(bytes);
        if (payload != null) {
          return payload;
        }
      } else {
        in.skipField(t);
      }
    }
    throw new IOException(file.uri() + ": no graph in Event field " + field
        + "; the file changed since it was read");
  }

  /**
   * The payload of a summary value: for a flagged locator its image or audio clip {@code sub}, a
   * {@code GraphModel} for a Keras model, else the serialized {@code Summary.Value}; null when the
   * value holds no such thing. The plugin name comes from the value's metadata or, when the
   * writer left it out, from what the run's reader remembered for the tag.
   */
  static byte[] valuePayload(byte[] event, int[] range, boolean media, int sub,
      Map<String, String> runPlugins) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(event, range[0], range[1]);
    String tag = "";
    String plugin = "";
    int tensorOff = -1;
    int tensorLen = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case 10 -> tag = in.readStringRequireUtf8();
        case 34, 50, 66, 74 -> {
          int n = TensorView.checkLength(in, in.readRawVarint32());
          int p = range[0] + in.getTotalBytesRead();
          in.skipRawBytes(n);
          if (t == 34 && media) {
            Image image = SummaryValues.legacyImage(event, p, n, true);
            return image == null ? null : image.toByteArray();
          } else if (t == 50 && media) {
            Audio audio = AudioValues.legacy(event, p, n, true);
            return audio == null ? null : audio.toByteArray();
          } else if (t == 66) {
            tensorOff = p;
            tensorLen = n;
          } else if (t == 74) {
            plugin = SummaryMetadata.parse(event, p, n).plugin();
          }
        }
        default -> in.skipField(t);
      }
    }
    if (plugin.isEmpty()) {
      plugin = runPlugins.getOrDefault(tag, "");
    }
    TensorView tensor = tensorOff >= 0 ? TensorView.parse(event, tensorOff, tensorLen) : null;
    if (media) {
      if (tensor == null) {
        return null;
      }
      if (plugin.equals("audio") || (plugin.isEmpty() && tensor.rank == 2)) {
        Audio audio = AudioValues.tensorClip(tensor, sub, true);
        return audio == null ? null : audio.toByteArray();
      }
      Image image = SummaryValues.tensorImage(tensor, sub, true);
      return image == null ? null : image.toByteArray();
    }
    if (plugin.equals("graph_keras_model")) {
      return tensor == null || tensor.stringCount() == 0 ? null
          : GraphDefs.fromKerasModelConfig(tensor.string(0), tag);
    }
    return Arrays.copyOfRange(event, range[0], range[0] + range[1]);
  }
}
