package org.visualdl.format.tensorboard.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embeddings a TensorBoard projector config lists: {@code projector_config.pbtxt} (text
 * proto: {@code embeddings { tensor_name tensor_path metadata_path tensor_shape sprite {...} }})
 * or the standalone projector's JSON ({@code embeddings[].tensorName/tensorPath/metadataPath/
 * tensorShape/sprite.imagePath}).
 */
record ProjectorConfig(List<Entry> embeddings) {

  /** One embedding of the config; paths as written (relative to the config's folder, usually). */
  record Entry(String tensorName, String tensorPath, String metadataPath, long[] tensorShape,
      String spritePath) {}

  static ProjectorConfig parse(String fileName, String text) throws IOException {
    return fileName.endsWith(".json") ? fromJson(text) : fromTextProto(text);
  }

  @SuppressWarnings("unchecked")
  static ProjectorConfig fromJson(String text) throws IOException {
    Object root = MiniJson.parse(text);
    List<Entry> out = new ArrayList<>();
    if (!(root instanceof Map<?, ?> m) || !(m.get("embeddings") instanceof List<?> list)) {
      throw new IOException("no \"embeddings\" list in the projector config");
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> e)) {
        continue;
      }
      String sprite = null;
      if (e.get("sprite") instanceof Map<?, ?> sp && sp.get("imagePath") instanceof String s) {
        sprite = s;
      }
      long[] shape = null;
      if (e.get("tensorShape") instanceof List<?> dims) {
        shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = dims.get(i) instanceof Number n ? n.longValue() : -1;
        }
      }
      out.add(new Entry(str(e.get("tensorName")), str(e.get("tensorPath")),
          str(e.get("metadataPath")), shape, sprite));
    }
    return new ProjectorConfig(out);
  }

  private static String str(Object o) {
    return o instanceof String s ? s : null;
  }

  static ProjectorConfig fromTextProto(String text) throws IOException {
    Map<String, List<Object>> root = TextProto.parse(text);
    List<Entry> out = new ArrayList<>();
    for (Object o : root.getOrDefault("embeddings", List.of())) {
      if (!(o instanceof Map<?, ?> raw)) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, List<Object>> e = (Map<String, List<Object>>) raw;
      String sprite = null;
      Object sp = first(e, "sprite");
      if (sp instanceof Map<?, ?> spm && ((Map<?, ?>) spm).get("image_path") instanceof List<?> l
          && !l.isEmpty() && l.get(0) instanceof String s) {
        sprite = s;
      }
      List<Object> dims = e.getOrDefault("tensor_shape", List.of());
      long[] shape = null;
      if (!dims.isEmpty()) {
        shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
          try {
            shape[i] = Long.parseLong(String.valueOf(dims.get(i)));
          } catch (NumberFormatException ex) {
            shape[i] = -1;
          }
        }
      }
      out.add(new Entry(firstString(e, "tensor_name"), firstString(e, "tensor_path"),
          firstString(e, "metadata_path"), shape, sprite));
    }
    return new ProjectorConfig(out);
  }

  private static Object first(Map<String, List<Object>> m, String key) {
    List<Object> l = m.get(key);
    return l == null || l.isEmpty() ? null : l.get(0);
  }

  private static String firstString(Map<String, List<Object>> m, String key) {
    return first(m, key) instanceof String s ? s : null;
  }
}
