package org.visualdl.proto.models;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.visualdl.proto.GraphModel;

/**
 * Turns graphs found in logs into payloads of the {@code graph} kind ({@link GraphModel}), for a
 * log format's reader. Self-contained: it needs only protobuf-java and this bundle.
 *
 * <pre>{@code
 * // in a TensorBoard reader, for an Event with graph_def (field 4) set:
 * byte[] payload = GraphDefs.fromEventGraphDef(graphDefBytes);
 * sink.blob("graph_def", new Kind("graph"), step, wallMs, 0, BuiltinKind.GRAPH.payloadVersion(),
 *     GraphDefs.header(payload), payload.length, locator);
 * }</pre>
 */
public final class GraphDefs {
  /** {@link GraphModel#getFormat()} of an ONNX ModelProto. */
  public static final String ONNX = "onnx";
  /** {@link GraphModel#getFormat()} of a TensorFlow GraphDef. */
  public static final String TF_GRAPHDEF = "tf-graphdef";
  /** {@link GraphModel#getFormat()} of a Keras model config (JSON). */
  public static final String KERAS_JSON = "keras-json";
  /** {@link GraphModel#getFormat()} of a PaddlePaddle ProgramDesc. */
  public static final String PADDLE = "paddle";

  private GraphDefs() {}

  /**
   * The payload for the bytes of {@code Event.graph_def} (field 4 of a TensorFlow Event: a
   * serialized GraphDef, as TF1, TF2 Keras, tensorboardX and PyTorch's {@code add_graph} write).
   */
  public static byte[] fromEventGraphDef(byte[] graphDef) {
    return of(TF_GRAPHDEF, "graph_def", graphDef);
  }

  /**
   * The payload for the graph inside {@code Event.meta_graph_def} (field 9: a MetaGraphDef whose
   * field 2 is the GraphDef), or null when it holds none.
   *
   * @throws IOException when the bytes are not a MetaGraphDef
   */
  public static byte[] fromEventMetaGraphDef(byte[] metaGraphDef) throws IOException {
    TensorFlow.MetaGraphDef meta = TensorFlow.MetaGraphDef.parseFrom(metaGraphDef);
    byte[] graph = meta.hasGraphDef() ? meta.getGraphDef().toByteArray() : null;
    return graph == null ? null : of(TF_GRAPHDEF, "meta_graph_def", graph);
  }

  /**
   * The payload for a Keras model config: the JSON string of TensorBoard's
   * {@code graph_keras_model} plugin data (the value's string tensor).
   */
  public static byte[] fromKerasModelConfig(String json, String tag) {
    return of(KERAS_JSON, tag, json.getBytes(StandardCharsets.UTF_8));
  }

  /** A payload of any format. */
  public static byte[] of(String format, String name, byte[] data) {
    return GraphModel.newBuilder()
        .setFormat(format)
        .setName(name == null ? "" : name)
        .setData(ByteString.copyFrom(data))
        .build()
        .toByteArray();
  }

  /** The header of a payload (the message without its data), to keep in memory. */
  public static byte[] header(byte[] payload) {
    try {
      return GraphModel.parseFrom(payload).toBuilder().clearData().build().toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** A header for a payload that is read later. */
  public static byte[] header(String format, String name) {
    return GraphModel.newBuilder().setFormat(format).setName(name).build().toByteArray();
  }
}
