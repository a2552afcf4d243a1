package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.ByteString;
import org.visualdl.api.format.ImageHeader;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.MetadataRow;
import org.visualdl.proto.Sprite;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.SeekableByteSource;

/**
 * Finds and loads the tensors and metadata a projector config names: TSV tensors (one row per
 * line, tab-separated), raw little-endian float32 tensors ({@code .bytes}, shape from the
 * config), metadata TSV with a header row when it has more than one column (TensorBoard's rule).
 */
final class ProjectorEmbeddings {
  /** At most this many floats in one embedding (1 GiB). */
  static final long MAX_VALUES = 256L * 1024 * 1024;
  static final long MAX_CONFIG_BYTES = 4 * 1024 * 1024;

  private ProjectorEmbeddings() {}

  /** Rows and columns of an embedding's tensor. */
  record Shape(int rows, int dims) {}

  /**
   * Finds a file a config names, inside the run folder (the folder that holds the config), only
   * through {@link LogFile#lookup}: a relative path is taken relative to the run folder, an
   * absolute path (or a URI of the log directory's store) only when it lies below the log
   * directory's root, as the path below it; when no file is there, the bare file name next to the
   * config (the standalone projector's configs name paths from the folder above). Whatever the
   * config says, the file read must be inside the run folder: an absolute path elsewhere or a
   * {@code ../} climb out is refused; a symbolic link out of the log directory is not a file of
   * it, so not found.
   *
   * @param config the projector config
   * @param field the config's name for the path, for messages ({@code tensor_path})
   * @return the file, or null when the config names none or the log directory holds no such file
   * @throws IOException when the path leads outside the run folder
   */
  static LogFile resolve(LogFile config, String field, String path) throws IOException {
    if (path == null || path.isEmpty()) {
      return null;
    }
    String run = config.folder();
    String p = path.replace('\\', '/');
    String below;
    if (p.startsWith("/") || hasScheme(p)) {
      below = belowRoot(config.root(), field, path, p);
    } else {
      below = normalize(run.isEmpty() ? p : run + "/" + p);
    }
    if (below == null
        || !(run.isEmpty() || below.equals(run) || below.startsWith(run + "/"))) {
      throw outside(field, path);
    }
    java.util.Optional<LogFile> direct = config.lookup(below);
    if (direct.isPresent()) {
      return direct.get();
    }
    String name = p.substring(p.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return null;
    }
    return config.lookup(run.isEmpty() ? name : run + "/" + name).orElse(null);
  }

  /** Whether a path starts with a URI scheme ({@code hdfs://}, {@code file:/}), not a drive. */
  private static boolean hasScheme(String p) {
    int colon = p.indexOf(':');
    if (colon < 2 || colon + 1 >= p.length() || p.charAt(colon + 1) != '/') {
      return false;
    }
    for (int i = 0; i < colon; i++) {
      char c = p.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return Character.isLetter(p.charAt(0));
  }

  /**
   * The path below the log directory of an absolute path or URI a config names, or null when it
   * does not lie below the log directory's root.
   */
  private static String belowRoot(URI root, String field, String original, String p)
      throws IOException {
    String absolute = p;
    if (hasScheme(p)) {
      URI u;
      try {
        u = new URI(p).normalize();
      } catch (URISyntaxException e) {
        throw new IOException(field + " '" + original + "' is not a path");
      }
      if (!u.getScheme().equalsIgnoreCase(String.valueOf(root.getScheme()))
          || !java.util.Objects.equals(authority(u), authority(root)) || u.getPath() == null) {
        return null;
      }
      absolute = u.getPath();
    }
    String rootPath =
        root.getPath() == null ? "" : normalize(root.getPath().replaceFirst("^/+", ""));
    String abs = normalize(absolute.replaceFirst("^/+", ""));
    if (rootPath == null || abs == null) {
      return null;
    }
    if (rootPath.isEmpty()) {
      return abs;
    }
    return abs.startsWith(rootPath + "/") ? abs.substring(rootPath.length() + 1) : null;
  }

  private static String authority(URI u) {
    return u.getRawAuthority() == null ? "" : u.getRawAuthority().toLowerCase(Locale.ROOT);
  }

  /**
   * Segments separated by {@code /}, with {@code .}, {@code ..} and empty segments resolved;
   * null when {@code ..} climbs above the start.
   */
  static String normalize(String path) {
    java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
    for (String s : path.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (segments.isEmpty()) {
          return null;
        }
        segments.removeLast();
      } else {
        segments.addLast(s);
      }
    }
    return String.join("/", segments);
  }

  private static IOException outside(String field, String path) {
    return new IOException(field + " '" + path + "' leads outside the run folder; refused,"
        + " nothing read (keep the files a projector config names inside its run folder)");
  }

  static boolean isTsv(LogFile tensor) {
    String n = tensor.name().toLowerCase(Locale.ROOT);
    return n.endsWith(".tsv") || n.endsWith(".txt") || n.endsWith(".csv");
  }

  /** The shape of a tensor file, checked against its size. */
  static Shape shape(LogFile tensor, long[] configShape) throws IOException {
    if (isTsv(tensor)) {
      int rows = 0;
      int dims = -1;
      try (BufferedReader r = LogFileBytes.lines(tensor)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          if (dims < 0) {
            dims = columns(line);
          }
          rows++;
        }
      }
      if (rows == 0 || dims <= 0) {
        throw new IOException(tensor.name() + " holds no tensor rows");
      }
      checkSize(tensor, rows, dims);
      return new Shape(rows, dims);
    }
    if (configShape == null || configShape.length != 2 || configShape[0] <= 0
        || configShape[1] <= 0) {
      throw new IOException(tensor.name()
          + ": a raw tensor needs tensor_shape [rows, dims] in the projector config");
    }
    long size;
    try (SeekableByteSource in = tensor.open()) {
      size = in.length();
    }
    if (configShape[0] > MAX_VALUES || configShape[1] > MAX_VALUES
        || configShape[0] * configShape[1] * 4 != size) {
      throw new IOException(tensor.name() + ": " + size + " bytes do not hold a float32 "
          + configShape[0] + "x" + configShape[1] + " tensor");
    }
    checkSize(tensor, configShape[0], configShape[1]);
    return new Shape((int) configShape[0], (int) configShape[1]);
  }

  private static void checkSize(LogFile tensor, long rows, long dims) throws IOException {
    if (rows * dims > MAX_VALUES) {
      throw new IOException(tensor.name() + ": " + rows + "x" + dims
          + " is larger than this reader loads (" + MAX_VALUES + " values)");
    }
  }

  private static int columns(String line) {
    int n = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t') {
        n++;
      }
    }
    return n;
  }

  /** Loads an embedding: values, labels, metadata and sprite, as an {@link Embedding} payload. */
  static Embedding load(LogFile config, ProjectorConfig.Entry e) throws IOException {
    LogFile tensor = resolve(config, "tensor_path", e.tensorPath());
    // Refuses paths out of the run before anything is read.
    LogFile metadata = resolve(config, "metadata_path", e.metadataPath());
    resolve(config, "sprite image_path", e.spritePath());
    if (tensor == null) {
      throw new IOException("tensor file " + e.tensorPath() + " not found");
    }
    Shape shape = shape(tensor, e.tensorShape());
    float[] values = new float[shape.rows() * shape.dims()];
    if (isTsv(tensor)) {
      int row = 0;
      try (BufferedReader r = LogFileBytes.lines(tensor)) {
        String line;
        while ((line = r.readLine()) != null && row < shape.rows()) {
          if (line.isBlank()) {
            continue;
          }
          String[] cells = line.split("\t", -1);
          if (cells.length != shape.dims()) {
            throw new IOException(tensor.name() + ": row " + (row + 1) + " has "
                + cells.length + " values, the first row " + shape.dims());
          }
          for (int c = 0; c < cells.length; c++) {
            try {
              values[row * shape.dims() + c] = Float.parseFloat(cells[c].trim());
            } catch (NumberFormatException ex) {
              throw new IOException(tensor.name() + ": row " + (row + 1) + " column "
                  + (c + 1) + " is not a number");
            }
          }
          row++;
        }
      }
    } else {
      readFloats(tensor, values);
    }
    List<String> labels = new ArrayList<>();
    List<String> header = List.of();
    List<List<String>> rows = List.of();
    if (metadata != null) {
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = LogFileBytes.lines(metadata)) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      }
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      if (!lines.isEmpty() && columns(lines.get(0)) > 1) {
        header = List.of(lines.get(0).split("\t", -1));
        int labelColumn = 0;
        for (int i = 0; i < header.size(); i++) {
          String h = header.get(i).trim().toLowerCase(Locale.ROOT);
          if (h.equals("label") || h.equals("labels") || h.equals("name")) {
            labelColumn = i;
            break;
          }
        }
        List<List<String>> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
          List<String> row = List.of(line.split("\t", -1));
          cells.add(row);
          labels.add(labelColumn < row.size() ? row.get(labelColumn) : "");
        }
        rows = cells;
      } else {
        labels.addAll(lines);
      }
    }
    if (labels.isEmpty()) {
      for (int i = 0; i < shape.rows(); i++) {
        labels.add(Integer.toString(i));
      }
    }
    while (labels.size() < shape.rows()) {
      labels.add("");
    }
    if (labels.size() > shape.rows()) {
      labels = new ArrayList<>(labels.subList(0, shape.rows()));
    }
    Embedding.Builder out = Embedding.newBuilder().setRows(shape.rows()).setDims(shape.dims())
        .addAllLabels(labels).addAllMetadataHeader(header);
    for (float v : values) {
      out.addValues(v);
    }
    for (List<String> row : rows) {
      out.addMetadataRows(MetadataRow.newBuilder().addAllCells(row));
    }
    Sprite sprite = sprite(config, e);
    if (sprite != null) {
      out.setSprite(sprite);
    }
    return out.build();
  }

  /**
   * Reads a raw little-endian float32 tensor into {@code values} a chunk at a time (its size was
   * checked against the shape); a file that shrank since leaves the rest 0.
   */
  private static void readFloats(LogFile tensor, float[] values) throws IOException {
    byte[] chunk = new byte[(int) Math.min(1 << 20, 4L * values.length)];
    ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    try (SeekableByteSource in = tensor.open()) {
      int done = 0;
      while (done < values.length) {
        int want = Math.min(chunk.length, 4 * (values.length - done));
        int got = 0;
        while (got < want) {
          int n = in.read(4L * done + got, chunk, got, want - got);
          if (n <= 0) {
            break;
          }
          got += n;
        }
        int floats = got / 4;
        view.clear();
        view.asFloatBuffer().get(values, done, floats);
        done += floats;
        if (got < want) {
          break;
        }
      }
    }
  }

  /** At most this many bytes of a sprite image. */
  static final long MAX_SPRITE_BYTES = 64L * 1024 * 1024;

  /**
   * The sprite of an embedding, when the config names its image and the size of one cell and the
   * image exists; null otherwise.
   */
  static Sprite sprite(LogFile config, ProjectorConfig.Entry e) throws IOException {
    int[] cell = e.spriteCell();
    if (e.spritePath() == null || cell == null || cell.length != 2 || cell[0] <= 0
        || cell[1] <= 0) {
      return null;
    }
    LogFile image = resolve(config, "sprite image_path", e.spritePath());
    if (image == null) {
      return null;
    }
    byte[] bytes = LogFileBytes.readAll(image, MAX_SPRITE_BYTES, "sprite " + image.name(),
        "larger than this reader loads (" + MAX_SPRITE_BYTES + ")");
    return Sprite.newBuilder().setEncoded(ByteString.copyFrom(bytes))
        .setMediaType(ImageHeader.sniff(bytes, 0, bytes.length).mediaType())
        .setCellWidth(cell[0]).setCellHeight(cell[1]).build();
  }

  static String readConfigText(LogFile file) throws IOException {
    byte[] bytes = LogFileBytes.readAll(file, MAX_CONFIG_BYTES, file.name(),
        "too large for a projector config");
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The tag of an embedding: its tensor name, else its position. */
  static String tag(ProjectorConfig.Entry e, int index) {
    return e.tensorName() != null && !e.tensorName().isBlank() ? e.tensorName()
        : "embedding-" + index;
  }
}
