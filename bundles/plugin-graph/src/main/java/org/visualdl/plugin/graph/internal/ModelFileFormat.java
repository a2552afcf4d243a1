package org.visualdl.plugin.graph.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.models.GraphDefs;

/**
 * Model files beside the logs of a run: ONNX ({@code *.onnx}) and PaddlePaddle programs
 * ({@code __model__}, {@code *.pdmodel}). Each becomes one blob of kind {@code graph} at step 0,
 * tagged with the file's name and dated by its modification time, so a model exported again
 * replaces the old one; the bytes stay on disk and are read again on demand. A file that does not
 * parse, or is larger than {@link #MAX_BYTES}, is one problem, reported once per version of the
 * file. The file is read only through its {@link LogFile}, whole, its length checked first.
 */
@Component(service = LogFormat.class)
public final class ModelFileFormat implements LogFormat {
  /** Larger model files are reported, not read (the whole file is held in memory to parse it). */
  static final long MAX_BYTES = 512L << 20;

  @Override
  public String name() {
    return "model-file";
  }

  @Override
  public boolean recognizes(LogFile file) {
    return formatOf(file.name()) != null;
  }

  /** The graph format of a model file by its name, or null. */
  static String formatOf(String n) {
    String lower = n.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".onnx")) {
      return GraphDefs.ONNX;
    }
    if (n.equals("__model__") || lower.endsWith(".pdmodel")) {
      return GraphDefs.PADDLE;
    }
    return null;
  }

  @Override
  public LogFileReader open(LogFile file) {
    return new Reader(file, MAX_BYTES);
  }

  @Override
  public byte[] readBlob(LogFile file, long locator) throws IOException {
    String format = formatOf(file.name());
    if (format == null) {
      throw new IOException(file.uri() + " is not a model file");
    }
    return GraphDefs.of(format, file.name(), read(file, MAX_BYTES));
  }

  /** The whole file, its length checked against {@code max} before anything is allocated. */
  static byte[] read(LogFile file, long max) throws IOException {
    try (SeekableByteSource in = file.open()) {
      long size = in.length();
      if (size > max) {
        throw new IOException(file.name() + " holds " + size + " bytes, more than the " + max
            + " a model file may have");
      }
      byte[] bytes = new byte[(int) size];
      in.readFully(0, bytes, 0, bytes.length);
      return bytes;
    }
  }

  /** Checks a model file's bytes parse as their format; throws with the reason otherwise. */
  static void check(String format, byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      throw new IOException("the file is empty");
    }
    if (format.equals(GraphDefs.ONNX)) {
      if (OnnxGraphs.parseModel(bytes).getGraph().getNodeCount() == 0) {
        throw new IOException("its graph has no node");
      }
    } else {
      PaddleGraphs.parseProgram(bytes);
    }
  }

  static final class Reader implements LogFileReader {
    private final LogFile file;
    private final long maxBytes;
    private long size = -1;
    private long modified = -1;

    Reader(LogFile file, long maxBytes) {
      this.file = file;
      this.maxBytes = maxBytes;
    }

    @Override
    public ReadStatus readAvailable(RecordSink sink) throws IOException {
      FileStat a = file.stat();
      long mtime = a.modifiedMs();
      if (a.size() == size && mtime == modified) {
        return new ReadStatus(0, false, false, List.of());
      }
      size = a.size();
      modified = mtime;
      if (size == 0) {
        // Being written, most likely: look again when it has grown.
        return new ReadStatus(0, false, true, List.of());
      }
      String format = formatOf(file.name());
      String tag = file.name();
      if (size > maxBytes) {
        return problem(size, file.name() + ": " + size + " bytes is more than the " + maxBytes
            + " bytes a model file may have; its graph is not shown");
      }
      byte[] bytes;
      try {
        bytes = read(file, maxBytes);
        check(format, bytes);
      } catch (IOException | RuntimeException e) {
        return problem(size, file.name() + " is not a readable " + (format.equals(GraphDefs.ONNX)
            ? "ONNX model" : "PaddlePaddle program") + " (" + e.getMessage()
            + "); its graph is not shown: export the model again or move the file out of the log directory");
      }
      sink.blob(tag, GraphPlugin.GRAPH, 0, mtime, 0, BuiltinKind.GRAPH.payloadVersion(),
          GraphDefs.header(format, tag), bytes.length + tag.length() + 16L, 0);
      return new ReadStatus(bytes.length, false, false, List.of());
    }

    private static ReadStatus problem(long size, String message) {
      return new ReadStatus(size, false, false, List.of(message));
    }

    @Override
    public void close() {}
  }
}
