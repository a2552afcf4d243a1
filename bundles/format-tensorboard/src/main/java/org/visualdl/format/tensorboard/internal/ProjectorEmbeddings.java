package org.visualdl.format.tensorboard.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.visualdl.api.EmbeddingMatrix;

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
   * Resolves a path of a config: relative to the config's folder, else to a folder above it (the
   * standalone projector's configs name paths from the folder it serves), else the bare file name
   * next to the config. Null when nothing exists.
   */
  static Path resolve(Path configDir, String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    Path rel;
    try {
      rel = Path.of(path);
    } catch (RuntimeException e) {
      return null;
    }
    if (rel.isAbsolute()) {
      return Files.isRegularFile(rel) ? rel : null;
    }
    Path dir = configDir;
    for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
      Path p = dir.resolve(rel).normalize();
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    Path sibling = configDir.resolve(rel.getFileName());
    return Files.isRegularFile(sibling) ? sibling : null;
  }

  static boolean isTsv(Path tensor) {
    String n = tensor.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".tsv") || n.endsWith(".txt") || n.endsWith(".csv");
  }

  /** The shape of a tensor file, checked against its size. */
  static Shape shape(Path tensor, long[] configShape) throws IOException {
    if (isTsv(tensor)) {
      int rows = 0;
      int dims = -1;
      try (BufferedReader r = Files.newBufferedReader(tensor, StandardCharsets.UTF_8)) {
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
        throw new IOException(tensor.getFileName() + " holds no tensor rows");
      }
      checkSize(tensor, rows, dims);
      return new Shape(rows, dims);
    }
    if (configShape == null || configShape.length != 2 || configShape[0] <= 0
        || configShape[1] <= 0) {
      throw new IOException(tensor.getFileName()
          + ": a raw tensor needs tensor_shape [rows, dims] in the projector config");
    }
    long size = Files.size(tensor);
    if (configShape[0] > MAX_VALUES || configShape[1] > MAX_VALUES
        || configShape[0] * configShape[1] * 4 != size) {
      throw new IOException(tensor.getFileName() + ": " + size + " bytes do not hold a float32 "
          + configShape[0] + "x" + configShape[1] + " tensor");
    }
    checkSize(tensor, configShape[0], configShape[1]);
    return new Shape((int) configShape[0], (int) configShape[1]);
  }

  private static void checkSize(Path tensor, long rows, long dims) throws IOException {
    if (rows * dims > MAX_VALUES) {
      throw new IOException(tensor.getFileName() + ": " + rows + "x" + dims
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

  /** Loads an embedding's values and labels. */
  static EmbeddingMatrix load(Path configDir, ProjectorConfig.Entry e) throws IOException {
    Path tensor = resolve(configDir, e.tensorPath());
    if (tensor == null) {
      throw new IOException("tensor file " + e.tensorPath() + " not found");
    }
    Shape shape = shape(tensor, e.tensorShape());
    float[] values = new float[shape.rows() * shape.dims()];
    if (isTsv(tensor)) {
      int row = 0;
      try (BufferedReader r = Files.newBufferedReader(tensor, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null && row < shape.rows()) {
          if (line.isBlank()) {
            continue;
          }
          String[] cells = line.split("\t", -1);
          if (cells.length != shape.dims()) {
            throw new IOException(tensor.getFileName() + ": row " + (row + 1) + " has "
                + cells.length + " values, the first row " + shape.dims());
          }
          for (int c = 0; c < cells.length; c++) {
            try {
              values[row * shape.dims() + c] = Float.parseFloat(cells[c].trim());
            } catch (NumberFormatException ex) {
              throw new IOException(tensor.getFileName() + ": row " + (row + 1) + " column "
                  + (c + 1) + " is not a number");
            }
          }
          row++;
        }
      }
    } else {
      try (FileChannel ch = FileChannel.open(tensor, StandardOpenOption.READ)) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        while (bb.hasRemaining() && ch.read(bb) >= 0) {
          // read fully
        }
        bb.flip();
        bb.asFloatBuffer().get(values, 0, Math.min(values.length, bb.remaining() / 4));
      }
    }
    List<String> labels = new ArrayList<>();
    List<String> header = List.of();
    List<List<String>> rows = List.of();
    Path metadata = resolve(configDir, e.metadataPath());
    if (metadata != null) {
      List<String> lines = new ArrayList<>(Files.readAllLines(metadata, StandardCharsets.UTF_8));
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
    return new EmbeddingMatrix(0, shape.rows(), shape.dims(), values, List.copyOf(labels),
        header, rows);
  }

  static String readConfigText(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_CONFIG_BYTES) {
      throw new IOException(file.getFileName() + ": " + size
          + " bytes is too large for a projector config");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The tag of an embedding: its tensor name, else its position. */
  static String tag(ProjectorConfig.Entry e, int index) {
    return e.tensorName() != null && !e.tensorName().isBlank() ? e.tensorName()
        : "embedding-" + index;
  }
}
