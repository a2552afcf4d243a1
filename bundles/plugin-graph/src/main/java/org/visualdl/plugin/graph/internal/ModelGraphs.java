package org.visualdl.plugin.graph.internal;

import java.io.IOException;
import org.visualdl.proto.GraphModel;
import org.visualdl.proto.models.GraphDefs;

/** Parses a {@link GraphModel} payload by its format. */
final class ModelGraphs {
  private ModelGraphs() {}

  static ModelGraph parse(GraphModel m) throws IOException {
    byte[] data = m.getData().toByteArray();
    return parse(m.getFormat(), data, m.getName());
  }

  static ModelGraph parse(String format, byte[] data, String name) throws IOException {
    return switch (format) {
      case GraphDefs.ONNX -> OnnxGraphs.parse(data, name);
      case GraphDefs.TF_GRAPHDEF -> TensorFlowGraphs.parse(data, name);
      case GraphDefs.KERAS_JSON -> KerasGraphs.parse(data, name);
      case GraphDefs.PADDLE -> PaddleGraphs.parse(data, name);
      default -> throw new IOException("unknown graph format '" + format
          + "' (known: onnx, tf-graphdef, keras-json, paddle)");
    };
  }
}
