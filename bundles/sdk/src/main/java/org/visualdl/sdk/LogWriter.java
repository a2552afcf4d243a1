package org.visualdl.sdk;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Kind;
import org.visualdl.proto.Shape;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.proto.models.GraphDefs;
import org.visualdl.sdk.internal.AudioPayload;
import org.visualdl.sdk.internal.Curves;
import org.visualdl.sdk.internal.Entries;
import org.visualdl.sdk.internal.FrameBuffer;
import org.visualdl.sdk.internal.Histograms;
import org.visualdl.sdk.internal.HparamsPayload;
import org.visualdl.sdk.internal.Names;
import org.visualdl.sdk.internal.WallClock;
import org.visualdl.storage.RecordWriter;

/**
 * Logs a training run into a run folder. Thread-safe: many training threads may call it at once.
 * A call only copies the data into memory; a background thread writes it to the file every flush
 * interval (1 s by default), so the caller's thread never does file I/O. When more than the
 * buffer bound waits in memory, a call blocks until the background thread has written it
 * (back-pressure, never an unbounded queue). {@code addScalar} takes no lock and allocates
 * nothing: each calling thread appends to a buffer of its own.
 *
 * <pre>{@code
 * try (LogWriter log = LogWriter.open(Path.of("logs/resnet/train"))) {
 *   log.addScalar("train/loss", step, loss);
 *   log.addHistogram("weights/conv1", step, weights);      // float[] or double[]
 *   log.addImage("samples/input", step, bufferedImage);     // encoded as PNG in the background
 *   log.addText("notes", step, "**lr** lowered to 0.01");
 *   log.flush(); // returns when everything added before is in the file
 * }
 * }</pre>
 *
 * <p>A run folder on HDFS or S3 is opened by its URI, with the storage backend's jar on the class
 * path (see {@link #open(URI)}):
 *
 * <pre>{@code
 * try (LogWriter log = LogWriter.open(URI.create("hdfs://namenode:8020/logs/resnet/train"))) {
 *   log.addScalar("train/loss", step, loss);
 * }
 * }</pre>
 *
 * <p>An I/O failure of the background thread (disk full, folder removed) is thrown from the next
 * call (as {@link UncheckedIOException}), {@link #flush()} or {@link #close()}: nothing is dropped
 * silently. NaN and infinities are stored as written.
 */
public final class LogWriter implements AutoCloseable {
  /** The longest tag accepted, in characters. */
  public static final int MAX_TAG_LENGTH = Names.MAX_LENGTH;

  /** What readers accept as a kind's name. */
  private static final java.util.regex.Pattern KIND_NAME =
      java.util.regex.Pattern.compile("[a-z0-9_-]{1,64}");

  /** Options of a writer; start from {@link LogWriter#builder(Path)} or {@link #builder(URI)}. */
  public static final class Builder {
    private final Path runDir;
    private final URI runUri;
    private Duration flushInterval = Duration.ofSeconds(1);
    private long maxBufferedBytes = 64L * 1024 * 1024;
    private long rotateBytes = 256L * 1024 * 1024;
    private boolean fsync;
    private int histogramBuckets;

    private Builder(Path runDir) {
      this.runDir = Objects.requireNonNull(runDir, "runDir");
      this.runUri = null;
    }

    private Builder(URI runUri) {
      Objects.requireNonNull(runUri, "runUri");
      String scheme = runUri.getScheme();
      if (scheme == null) {
        this.runDir = Path.of(runUri.getPath());
        this.runUri = null;
      } else if (scheme.equalsIgnoreCase("file")) {
        this.runDir = Path.of(runUri);
        this.runUri = null;
      } else {
        this.runDir = null;
        this.runUri = runUri;
      }
    }

    /** How often the background thread writes buffered data to the file (default 1 s). */
    public Builder flushInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("flush interval must be positive, was " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /**
     * How many bytes may wait in memory before a call blocks until the background thread has
     * written them (default 64 MiB). Bounds memory when the disk is slower than the training loop.
     * Each thread that logs scalars also holds one buffer of its own (128 KiB) beside this bound.
     */
    public Builder maxBufferedBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("buffer bound must be at least 1024 bytes");
      }
      this.maxBufferedBytes = bytes;
      return this;
    }

    /** Start a new file when the current one holds this many bytes (default 256 MiB). */
    public Builder rotateBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("rotation size must be at least 1024 bytes");
      }
      this.rotateBytes = bytes;
      return this;
    }

    /**
     * Force data to the device on every flush (default off). Local files only: on HDFS every
     * flush is {@code hflush} + {@code hsync} anyway, on S3 a segment object.
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /**
     * Buckets of histograms computed from values: 0 (the default) for TensorBoard-style
     * exponential buckets (10% wide at every scale), or that many buckets of equal width between
     * the minimum and the maximum.
     */
    public Builder histogramBuckets(int count) {
      if (count < 0 || count > 100_000) {
        throw new IllegalArgumentException(
            "histogram bucket count must be 0 (exponential) or 1..100000, was " + count);
      }
      this.histogramBuckets = count;
      return this;
    }

    /**
     * Creates the run folder if needed and opens a new record file in it.
     *
     * @throws IOException when the folder or file cannot be created, or (for a URI) when no
     *     storage backend on the class path serves its scheme, or the store refuses
     */
    public LogWriter open() throws IOException {
      return new LogWriter(this);
    }
  }


  /** Everything buffered, and the background thread that writes it. */
  private final FrameBuffer buffer;
  private final int histogramBuckets;
  private final Thread shutdownHook;

  private LogWriter(Builder b) throws IOException {
    RecordWriter.Options options =
        new RecordWriter.Options(b.rotateBytes, b.fsync, "visualdl-java/" + version());
    RecordWriter writer;
    String name;
    if (b.runDir != null) {
      writer = RecordWriter.open(b.runDir, options);
      name = String.valueOf(b.runDir.getFileName());
    } else {
      StorageBackend backend = StorageResolver.fromServiceLoader().backendFor(b.runUri);
      writer = RecordWriter.open(backend, b.runUri, options);
      String path = b.runUri.getPath() == null ? "" : b.runUri.getPath();
      name = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    }
    this.buffer = new FrameBuffer(writer, b.maxBufferedBytes, b.flushInterval,
        "visualdl-log-writer " + name);
    this.histogramBuckets = b.histogramBuckets;
    // A program that forgets close() still gets its data written when the JVM exits normally.
    this.shutdownHook = new Thread(this::closeQuietly, "visualdl-log-writer-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Opens a writer with default options; the folder is created if needed. */
  public static LogWriter open(Path runDir) throws IOException {
    return builder(runDir).open();
  }

  public static Builder builder(Path runDir) {
    return new Builder(runDir);
  }

  /**
   * Opens a writer with default options on a run folder given as a URI: {@code file:/path}
   * (the same as {@link #open(Path)}), {@code hdfs://namenode:8020/logs/run1} or
   * {@code s3://bucket/logs/run1}. A remote scheme needs its storage backend on the class path
   * (the {@code org.visualdl.storage.hdfs} or {@code org.visualdl.storage.s3} jar, found through
   * {@code META-INF/services}); the SDK's README says what a flush means on each store.
   *
   * @throws IOException when no backend on the class path serves the scheme (one line naming the
   *     jar to add), or the store refuses (unreachable, no permission, no such bucket)
   */
  public static LogWriter open(URI runUri) throws IOException {
    return builder(runUri).open();
  }

  /** Options for a writer on a run folder given as a URI (see {@link #open(URI)}). */
  public static Builder builder(URI runUri) {
    return new Builder(runUri);
  }

  /**
   * The local file being written now.
   *
   * @throws UnsupportedOperationException when the run folder is remote (see
   *     {@link #currentFileUri()})
   */
  public Path currentFile() {
    return buffer.currentFile();
  }

  /** The file being written now, as a URI ({@code file:}, {@code hdfs:} or {@code s3:}). */
  public URI currentFileUri() {
    return buffer.currentFileUri();
  }

  // ---------------------------------------------------------------------------------------------
  // Scalars

  /**
   * Logs a scalar at a step, with the current time as its wall time (from a clock refreshed every
   * millisecond in the background, so the call does not pay for reading the system clock).
   */
  public void addScalar(String tag, long step, double value) {
    addScalar(tag, step, value, WallClock.nowMs());
  }

  /**
   * Logs a scalar at a step with an explicit wall time.
   *
   * @param wallTimeMs milliseconds since the Unix epoch
   * @throws IllegalArgumentException when the tag is empty, longer than {@link #MAX_TAG_LENGTH} or
   *     holds control characters
   * @throws UncheckedIOException when an earlier write failed
   * @throws IllegalStateException when the writer is closed
   */
  public void addScalar(String tag, long step, double value, long wallTimeMs) {
    buffer.addScalar(tag, step, value, wallTimeMs);
  }

  // ---------------------------------------------------------------------------------------------
  // Histograms

  /**
   * Logs the distribution of values at a step. Buckets are computed here: TensorBoard-style
   * exponential buckets, or as many equal-width buckets as {@link Builder#histogramBuckets} says.
   * NaN and infinities are left out of the buckets and the statistics.
   */
  public void addHistogram(String tag, long step, double[] values) {
    Objects.requireNonNull(values, "values");
    addRecord(Kind.KIND_HISTOGRAM, null, 0, tag, step,
        Entries.histogram(Histograms.compute(Histograms.of(values), histogramBuckets)));
  }

  /** Like {@link #addHistogram(String, long, double[])} for float values. */
  public void addHistogram(String tag, long step, float[] values) {
    Objects.requireNonNull(values, "values");
    addRecord(Kind.KIND_HISTOGRAM, null, 0, tag, step,
        Entries.histogram(Histograms.compute(Histograms.of(values), histogramBuckets)));
  }

  /**
   * Logs a histogram whose buckets were computed elsewhere: bucket i spans
   * {@code [edges[i], edges[i+1])} (the last one includes its right edge) and holds
   * {@code counts[i]}. Sum and sum of squares are estimated from the bucket midpoints.
   *
   * @throws IllegalArgumentException unless there are n >= 1 counts and n + 1 finite,
   *     non-decreasing edges
   */
  public void addHistogram(String tag, long step, double[] edges, double[] counts) {
    addRecord(Kind.KIND_HISTOGRAM, null, 0, tag, step,
        Entries.histogram(Histograms.fromBuckets(edges, counts)));
  }

  // ---------------------------------------------------------------------------------------------
  // Images, embeddings, text, plugin data

  /**
   * Logs an image. It is copied here and encoded as PNG on the background thread, so the caller
   * may change the image as soon as the call returns.
   */
  public void addImage(String tag, long step, BufferedImage image) {
    BufferedImage copy = Entries.copy(image);
    long bytes =
        (long) image.getWidth() * image.getHeight() * 4 + FrameBuffer.RECORD_OVERHEAD_BYTES;
    buffer.enqueue(Kind.KIND_IMAGE, null, 0, Shape.SHAPE_UNSPECIFIED, tag, step, null, copy, bytes);
  }

  /**
   * Logs an image already encoded as PNG or JPEG, stored byte for byte. Width, height and channels
   * are read from the image's header.
   *
   * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
   */
  public void addImage(String tag, long step, byte[] encodedPngOrJpeg) {
    addRecord(Kind.KIND_IMAGE, null, 0, tag, step, Entries.encodedImage(encodedPngOrJpeg));
  }

  /**
   * Logs an embedding: one vector per row, all of the same length, with one label per row (pass
   * an empty list or null for none).
   */
  public void addEmbedding(String tag, long step, float[][] vectors, List<String> labels) {
    addEmbedding(tag, step, vectors, labels, null, null);
  }

  /**
   * Logs an embedding with metadata columns: {@code header} names the columns, {@code rows} holds
   * one row of cells per vector, each with as many cells as the header.
   */
  public void addEmbedding(
      String tag,
      long step,
      float[][] vectors,
      List<String> labels,
      List<String> header,
      List<List<String>> rows) {
    addRecord(Kind.KIND_EMBEDDING, null, 0, tag, step,
        Entries.embedding(vectors, labels, header, rows));
  }

  /** Logs a piece of markdown text at a step. */
  public void addText(String tag, long step, String markdown) {
    addRecord(Kind.KIND_TEXT, null, 0, tag, step, Entries.text(markdown));
  }

  /**
   * Logs mono audio: samples in [-1, 1] (clamped), stored as a 16-bit PCM WAV file (kind
   * {@code audio}, blobs).
   */
  public void addAudio(String tag, long step, float[] samples, int sampleRate) {
    addBuiltin(BuiltinKind.AUDIO, tag, step, AudioPayload.payload(samples, sampleRate),
        AudioPayload.header(samples, sampleRate));
  }

  /**
   * Logs a precision-recall curve of predictions and their labels at {@code numThresholds}
   * thresholds evenly spaced in [0, 1] (kind {@code pr-curve}).
   */
  public void addPrCurve(String tag, long step, boolean[] labels, double[] predictions,
      int numThresholds) {
    addBuiltin(BuiltinKind.PR_CURVE, tag, step,
        Curves.prCurve(labels, predictions, numThresholds), new byte[0]);
  }

  /**
   * Logs a ROC curve (true and false positive rates) of predictions and their labels at
   * {@code numThresholds} thresholds evenly spaced in [0, 1] (kind {@code roc-curve}).
   */
  public void addRocCurve(String tag, long step, boolean[] labels, double[] predictions,
      int numThresholds) {
    addBuiltin(BuiltinKind.ROC_CURVE, tag, step,
        Curves.rocCurve(labels, predictions, numThresholds), new byte[0]);
  }

  /**
   * Logs the run's hyper-parameters (Number, String or Boolean values) and the scalar tags whose
   * latest values measure the run, as one record of tag {@code hparams} at step 0.
   */
  public void addHparams(Map<String, Object> hparams, List<String> metricTags) {
    addBuiltin(BuiltinKind.HPARAMS, HparamsPayload.TAG, HparamsPayload.STEP,
        HparamsPayload.encode(hparams, metricTags), new byte[0]);
  }

  /**
   * Logs an ONNX model ({@code ModelProto} bytes, as {@code torch.onnx.export} or
   * {@code paddle.onnx.export} write them) as the graph {@code tag}: one blob of kind
   * {@code graph} at step 0, shown by the Graph tab. Logging a tag again replaces the graph shown.
   *
   * <pre>{@code
   * log.addGraph("resnet18", Files.readAllBytes(Path.of("resnet18.onnx")));
   * }</pre>
   */
  public void addGraph(String tag, byte[] onnxModel) {
    addGraph(tag, GraphDefs.ONNX, onnxModel);
  }

  /**
   * Logs a saved model file as the graph {@code tag}, its format picked from the file name:
   * {@code *.onnx} (ONNX), {@code *.pdmodel} and {@code __model__} (PaddlePaddle
   * {@code ProgramDesc}), {@code *.pb} (TensorFlow {@code GraphDef}), {@code *.json} (Keras
   * {@code model.to_json()}).
   *
   * @throws IllegalArgumentException when the name says no known format, or the file is empty
   * @throws UncheckedIOException when the file cannot be read
   */
  public void addGraph(String tag, Path modelFile) {
    Objects.requireNonNull(modelFile, "modelFile");
    String format = graphFormatOf(modelFile);
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(modelFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model file " + modelFile + ": " + e, e);
    }
    addGraph(tag, format, bytes);
  }

  /**
   * Logs a model's bytes in a named format: {@code "onnx"}, {@code "paddle"},
   * {@code "tf-graphdef"} or {@code "keras-json"} (see {@code GraphModel} in
   * {@code payload.proto}).
   */
  public void addGraph(String tag, String format, byte[] model) {
    if (!GRAPH_FORMATS.contains(format)) {
      throw new IllegalArgumentException("graph format must be one of " + GRAPH_FORMATS
          + ", was '" + format + "'");
    }
    if (model == null || model.length == 0) {
      throw new IllegalArgumentException("the model of graph '" + tag + "' is empty; pass the"
          + " bytes of a saved model (e.g. a .onnx file)");
    }
    Names.check("tag", tag);
    byte[] payload = GraphDefs.of(format, tag, model);
    addBuiltin(BuiltinKind.GRAPH, tag, 0, payload, GraphDefs.header(format, tag));
  }

  /** The formats of {@link #addGraph(String, String, byte[])}. */
  private static final List<String> GRAPH_FORMATS = List.of(
      GraphDefs.ONNX, GraphDefs.PADDLE, GraphDefs.TF_GRAPHDEF, GraphDefs.KERAS_JSON);

  /** The graph format a model file's name says, as the graph bundle's model-file format. */
  static String graphFormatOf(Path modelFile) {
    Path name = modelFile.getFileName();
    String n = name == null ? "" : name.toString();
    String lower = n.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".onnx")) {
      return GraphDefs.ONNX;
    }
    if (lower.endsWith(".pdmodel") || n.equals("__model__")) {
      return GraphDefs.PADDLE;
    }
    if (lower.endsWith(".pb")) {
      return GraphDefs.TF_GRAPHDEF;
    }
    if (lower.endsWith(".json")) {
      return GraphDefs.KERAS_JSON;
    }
    throw new IllegalArgumentException("cannot tell the model format of '" + n + "': name it"
        + " *.onnx (ONNX), *.pdmodel or __model__ (PaddlePaddle), *.pb (TensorFlow GraphDef) or"
        + " *.json (Keras model.to_json()), or call addGraph(tag, format, bytes)");
  }

  private void addBuiltin(BuiltinKind kind, String tag, long step, byte[] payload, byte[] header) {
    addPluginData(kind.kindName(), kind.payloadVersion(), kind.shape(), tag, step, payload, header);
  }

  /** Logs opaque bytes for a kind that the named plugin defines, with data version 0. */
  public void addPluginData(String plugin, String tag, long step, byte[] data) {
    addPluginData(plugin, 0, tag, step, data);
  }

  /**
   * Logs opaque bytes for a kind that the named plugin defines.
   *
   * @param dataVersion version of the plugin's stored data, so that its reader can check it
   */
  public void addPluginData(String plugin, int dataVersion, String tag, long step, byte[] data) {
    addPluginData(plugin, dataVersion, Shape.SHAPE_BLOBS, tag, step, data, new byte[0]);
  }

  /**
   * Logs one record of a kind that is not built into this writer, as samples (small payloads
   * readers keep in memory: a curve, a table row) or blobs (large payloads readers read again from
   * the file on demand: a sound, a volume). The first record of a tag fixes its shape.
   *
   * <pre>{@code
   * writer.addPluginData("audio", 1, Shape.SHAPE_BLOBS, "speech", step,
   *     audio.toByteArray(), audio.toBuilder().clearEncoded().build().toByteArray());
   * }</pre>
   *
   * @param kind the kind's name (lower-case letters, digits, '-' and '_'); the plugin that shows
   *     the kind decodes the payload
   * @param payloadVersion the version of the kind's payload schema that {@code payload} follows
   * @param shape {@link Shape#SHAPE_SAMPLES} or {@link Shape#SHAPE_BLOBS}
   * @param payload the record, encoded in the kind's payload schema
   * @param header for blobs, the small part of the payload that readers keep in memory to list
   *     the blobs without reading them (empty for samples)
   */
  public void addPluginData(String kind, int payloadVersion, Shape shape, String tag, long step,
      byte[] payload, byte[] header) {
    if (kind == null || !KIND_NAME.matcher(kind).matches()) {
      throw new IllegalArgumentException("kind must be 1 to 64 of a-z, 0-9, '-' and '_' (as"
          + " readers name kinds), was '" + kind + "'");
    }
    if (shape != Shape.SHAPE_SAMPLES && shape != Shape.SHAPE_BLOBS) {
      throw new IllegalArgumentException(
          "shape must be SHAPE_SAMPLES or SHAPE_BLOBS for plugin data, was " + shape);
    }
    if (shape == Shape.SHAPE_SAMPLES && header != null && header.length > 0) {
      throw new IllegalArgumentException(
          "samples carry no header (readers keep the whole payload); pass an empty header");
    }
    addRecord(Kind.KIND_PLUGIN, kind, payloadVersion, shape, tag, step,
        Entries.pluginData(kind, payloadVersion, payload, header));
  }

  // ---------------------------------------------------------------------------------------------
  // Flushing and closing


  /**
   * Returns when everything added before this call is in the file (and on the device, when the
   * writer was opened with fsync).
   *
   * @throws IOException when writing failed
   */
  public void flush() throws IOException {
    buffer.flush();
  }

  /** Writes everything that is buffered, then closes the file. Closing twice does nothing. */
  @Override
  public void close() throws IOException {
    try {
      buffer.close();
    } finally {
      if (Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException e) {
          // The JVM is shutting down already.
        }
      }
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      System.err.println("VisualDL log writer: " + e.getMessage());
    }
  }

  private void addRecord(
      Kind kind, String plugin, int dataVersion, String tag, long step, Entry entry) {
    buffer.addRecord(kind, plugin, dataVersion, tag, step, entry);
  }

  private void addRecord(Kind kind, String plugin, int dataVersion, Shape shape, String tag,
      long step, Entry entry) {
    buffer.addRecord(kind, plugin, dataVersion, shape, tag, step, entry);
  }

  private static String version() {
    String v = LogWriter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
