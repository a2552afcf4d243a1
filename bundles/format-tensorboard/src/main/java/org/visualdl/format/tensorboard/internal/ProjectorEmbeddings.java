package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.ByteString;
import org.visualdl.api.format.ImageHeader;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.MetadataRow;
import org.visualdl.proto.Sprite;

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
   * Resolves a path of a config inside the run folder (the folder that holds the config):
   * relative to it, else the bare file name next to the config (the standalone projector's configs
   * name paths from the folder above). Whatever the config says, the file read must be inside the
   * run folder once normalised and once symbolic links are followed: an absolute path elsewhere,
   * a {@code ../} climb or a link out is refused.
   *
   * @param field the config's name for the path, for messages ({@code tensor_path})
   * @return the real path of the file, or null when the config names none or it does not exist
   * @throws IOException when the path leads outside the run folder
   */
  static Path resolve(Path runDir, String field, String path) throws IOException {
    if (path == null || path.isEmpty()) {
      return null;
    }
    Path rel;
    try {
      rel = Path.of(path);
    } catch (RuntimeException e) {
      throw new IOException(field + " '" + path + "' is not a path");
    }
    Path run = runDir.toAbsolutePath().normalize();
    Path direct = (rel.isAbsolute() ? rel : run.resolve(rel)).normalize();
    if (!direct.startsWith(run)) {
      throw outside(field, path);
    }
    Path found = Files.isRegularFile(direct) ? direct : null;
    if (found == null && rel.getFileName() != null) {
      Path sibling = run.resolve(rel.getFileName().toString()).normalize();
      found = sibling.startsWith(run) && Files.isRegularFile(sibling) ? sibling : null;
    }
    if (found == null) {
      return null;
    }
    Path real = found.toRealPath();
    if (!real.startsWith(run.toRealPath())) {
      throw outside(field, path);
    }
    return real;
  }

  private static IOException outside(String field, String path) {
    return new IOException(field + " '" + path + "' leads outside the run folder; refused,"
        + " nothing read (keep the files a projector config names inside its run folder)");
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

  /** Loads an embedding: values, labels, metadata and sprite, as an {@link Embedding} payload. */
  static Embedding load(Path configDir, ProjectorConfig.Entry e) throws IOException {
    Path tensor = resolve(configDir, "tensor_path", e.tensorPath());
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
    Path metadata = resolve(configDir, "metadata_path", e.metadataPath());
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
    Embedding.Builder out = Embedding.newBuilder().setRows(shape.rows()).setDims(shape.dims())
        .addAllLabels(labels).addAllMetadataHeader(header);
    for (float v : values) {
      out.addValues(v);
    }
    for (List<String> row : rows) {
      out.addMetadataRows(MetadataRow.newBuilder().addAllCells(row));
    }
    Sprite sprite = sprite(configDir, e);
    if (sprite != null) {
      out.setSprite(sprite);
    }
    return out.build();
  }

  /** At most this many bytes of a sprite image. */
  static final long MAX_SPRITE_BYTES = 64L * 1024 * 1024;

  /**
   * The sprite of an embedding, when the config names its image and the size of one cell and the
   * image exists; null otherwise.
   */
  static Sprite sprite(Path configDir, ProjectorConfig.Entry e) throws IOException {
    int[] cell = e.spriteCell();
    if (e.spritePath() == null || cell == null || cell.length != 2 || cell[0] <= 0
        || cell[1] <= 0) {
      return null;
    }
    Path image = resolve(configDir, "sprite image_path", e.spritePath());
    if (image == null) {
      return null;
    }
    long size = Files.size(image);
    if (size > MAX_SPRITE_BYTES) {
      throw new IOException("sprite " + image.getFileName() + ": " + size
          + " bytes is larger than this reader loads (" + MAX_SPRITE_BYTES + ")");
    }
    byte[] bytes = Files.readAllBytes(image);
    return Sprite.newBuilder().setEncoded(ByteString.copyFrom(bytes))
        .setMediaType(ImageHeader.sniff(bytes, 0, bytes.length).mediaType())
        .setCellWidth(cell[0]).setCellHeight(cell[1]).build();
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
