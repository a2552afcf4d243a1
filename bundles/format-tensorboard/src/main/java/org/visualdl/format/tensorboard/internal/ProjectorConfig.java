package org.visualdl.format.tensorboard.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.proto.tensorboard.EmbeddingInfo;

/**
 * The embeddings a TensorBoard projector config lists: {@code projector_config.pbtxt} (a text
 * proto of TensorBoard's {@code ProjectorConfig}, parsed by protobuf's {@link TextFormat} with the
 * message declared in {@code proto/src/main/proto/tensorboard/}) or the standalone projector's
 * JSON ({@code embeddings[].tensorName/tensorPath/metadataPath/tensorShape/sprite}), parsed by
 * Jackson. Paths are as written; {@link ProjectorEmbeddings} resolves them inside the run.
 */
record ProjectorConfig(List<Entry> embeddings) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One embedding of the config.
   *
   * @param tensorShape [rows, dims], or null
   * @param spritePath the sprite image, or null
   * @param spriteCell [width, height] of one sprite cell, or null
   */
  record Entry(String tensorName, String tensorPath, String metadataPath, long[] tensorShape,
      String spritePath, int[] spriteCell) {}

  static ProjectorConfig parse(String fileName, String text) throws IOException {
    return fileName.endsWith(".json") ? fromJson(text) : fromTextProto(text);
  }

  static ProjectorConfig fromJson(String text) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new IOException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("embeddings").isArray()) {
      throw new IOException("no \"embeddings\" list in the projector config");
    }
    List<Entry> out = new ArrayList<>();
    for (JsonNode e : root.path("embeddings")) {
      if (!e.isObject()) {
        continue;
      }
      JsonNode sprite = e.path("sprite");
      out.add(new Entry(text(e.path("tensorName")), text(e.path("tensorPath")),
          text(e.path("metadataPath")), longs(e.path("tensorShape")),
          text(sprite.path("imagePath")), ints(sprite.path("singleImageDim"))));
    }
    return new ProjectorConfig(out);
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  private static long[] longs(JsonNode n) {
    if (!n.isArray() || n.isEmpty()) {
      return null;
    }
    long[] out = new long[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).canConvertToLong() ? n.get(i).asLong() : -1;
    }
    return out;
  }

  private static int[] ints(JsonNode n) {
    long[] l = longs(n);
    if (l == null) {
      return null;
    }
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i] >= 0 && l[i] <= Integer.MAX_VALUE ? (int) l[i] : -1;
    }
    return out;
  }

  static ProjectorConfig fromTextProto(String text) throws IOException {
    org.visualdl.proto.tensorboard.ProjectorConfig.Builder b =
        org.visualdl.proto.tensorboard.ProjectorConfig.newBuilder();
    try {
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build().merge(text, b);
    } catch (TextFormat.ParseException e) {
      throw new IOException(e.getMessage());
    }
    List<Entry> out = new ArrayList<>();
    for (EmbeddingInfo e : b.getEmbeddingsList()) {
      long[] shape = e.getTensorShapeCount() == 0 ? null
          : e.getTensorShapeList().stream().mapToLong(Integer::toUnsignedLong).toArray();
      String sprite = e.hasSprite() && !e.getSprite().getImagePath().isEmpty()
          ? e.getSprite().getImagePath() : null;
      int[] cell = e.hasSprite() && e.getSprite().getSingleImageDimCount() > 0
          ? e.getSprite().getSingleImageDimList().stream().mapToInt(Integer::intValue).toArray()
          : null;
      out.add(new Entry(emptyToNull(e.getTensorName()), emptyToNull(e.getTensorPath()),
          emptyToNull(e.getMetadataPath()), shape, sprite, cell));
    }
    return new ProjectorConfig(out);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
