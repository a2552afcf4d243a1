package org.visualdl.sdk;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.Kind;
import org.visualdl.proto.MetadataRow;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.PluginMetadata;
import org.visualdl.proto.Tablet;
import org.visualdl.proto.Text;
import org.visualdl.sdk.internal.Histograms;
import org.visualdl.sdk.internal.ImageHeaders;
import org.visualdl.storage.RecordWriter;
import org.visualdl.storage.ScalarBlockBuilder;

/**
 * Logs a training run into a run folder. Thread-safe: many training threads may call it at once.
 * A call only copies the data into memory; a background thread writes it to the file every flush
 * interval (1 s by default), so the caller's thread never does file I/O. When more than the
 * buffer bound waits in memory, a call blocks until the background thread has written it
 * (back-pressure, never an unbounded queue).
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
 * <p>An I/O failure of the background thread (disk full, folder removed) is thrown from the next
 * call (as {@link UncheckedIOException}), {@link #flush()} or {@link #close()}: nothing is dropped
 * silently. NaN and infinities are stored as written.
 */
public final class LogWriter implements AutoCloseable {
  /** The longest tag accepted, in characters. */
  public static final int MAX_TAG_LENGTH = 256;

  /** Options of a writer; start from {@link LogWriter#builder(Path)}. */
  public static final class Builder {
    private final Path runDir;
    private Duration flushInterval = Duration.ofSeconds(1);
    private long maxBufferedBytes = 64L * 1024 * 1024;
    private long rotateBytes = 256L * 1024 * 1024;
    private boolean fsync;
    private int histogramBuckets;

    private Builder(Path runDir) {
      this.runDir = Objects.requireNonNull(runDir, "runDir");
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

    /** Force data to the device on every flush (default off). */
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

    /** Creates the run folder if needed and opens a new record file in it. */
    public LogWriter open() throws IOException {
      return new LogWriter(this);
    }
  }

  /** Bytes a buffered scalar point occupies (three primitive arrays), for the buffer bound. */
  private static final int SCALAR_POINT_BYTES = 24;
  /** Bytes of bookkeeping counted for each buffered record beside its payload. */
  private static final int RECORD_OVERHEAD_BYTES = 64;

  /** The points of one scalar tag: one builder collects while the other is being written. */
  private static final class ScalarSeries {
    final Tablet tablet;
    ScalarBlockBuilder collecting = new ScalarBlockBuilder(256);
    ScalarBlockBuilder writing = new ScalarBlockBuilder(256);

    ScalarSeries(Tablet tablet) {
      this.tablet = tablet;
    }
  }

  /** A non-scalar observation waiting to be written. */
  private record PendingRecord(
      Tablet tablet, long step, long wallTimeMs, Entry entry, BufferedImage image, long bytes) {}

  private final RecordWriter writer;
  private final long maxBufferedBytes;
  private final long flushIntervalNanos;
  private final int histogramBuckets;
  private final Thread flusher;
  private final Thread shutdownHook;
  private final Object lock = new Object();

  // Guarded by lock.
  private final Map<String, ScalarSeries> scalarSeries = new HashMap<>();
  private ArrayList<ScalarSeries> dirtySeries = new ArrayList<>();
  private ArrayList<ScalarSeries> spareDirty = new ArrayList<>();
  private final Map<String, Tablet> recordTablets = new HashMap<>();
  private ArrayList<PendingRecord> pendingRecords = new ArrayList<>();
  private long pendingBytes;
  private long requestedGeneration;
  private long completedGeneration;
  private boolean stopped; // closed or failed: every call checks this one field
  private boolean closed;
  private IOException failure;
  // The last scalar tag seen, compared by identity: a training loop passes the same String
  // object every time, so the map lookup is skipped. Starts as an object no caller can pass.
  @SuppressWarnings("StringOperationCanBeSimplified")
  private String lastTag = new String("");
  private ScalarSeries lastSeries;

  private LogWriter(Builder b) throws IOException {
    this.writer =
        RecordWriter.open(
            b.runDir, new RecordWriter.Options(b.rotateBytes, b.fsync, "visualdl-java/" + version()));
    this.maxBufferedBytes = b.maxBufferedBytes;
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.histogramBuckets = b.histogramBuckets;
    this.flusher = new Thread(this::flushLoop, "visualdl-log-writer " + b.runDir.getFileName());
    this.flusher.setDaemon(true);
    this.flusher.start();
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

  /** The file being written now. */
  public Path currentFile() {
    return writer.currentFile();
  }

  // ---------------------------------------------------------------------------------------------
  // Scalars

  /** Logs a scalar at a step, with the current time as its wall time. */
  public void addScalar(String tag, long step, double value) {
    addScalar(tag, step, value, System.currentTimeMillis());
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
    synchronized (lock) {
      if (stopped) {
        checkOpen();
      }
      ScalarSeries series = tag == lastTag ? lastSeries : series(tag);
      ScalarBlockBuilder points = series.collecting;
      if (points.size() == 0) {
        dirtySeries.add(series);
      }
      points.add(step, value, wallTimeMs);
      pendingBytes += SCALAR_POINT_BYTES;
      if (pendingBytes >= maxBufferedBytes / 2) {
        backPressure();
      }
    }
  }

  private ScalarSeries series(String tag) {
    ScalarSeries series = scalarSeries.get(tag);
    if (series == null) {
      checkTag(tag);
      series = new ScalarSeries(Tablet.newBuilder().setTag(tag).setKind(Kind.KIND_SCALAR).build());
      scalarSeries.put(tag, series);
    }
    lastTag = tag;
    lastSeries = series;
    return series;
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
        Entry.newBuilder().setHistogram(Histograms.compute(Histograms.of(values), histogramBuckets))
            .build());
  }

  /** Like {@link #addHistogram(String, long, double[])} for float values. */
  public void addHistogram(String tag, long step, float[] values) {
    Objects.requireNonNull(values, "values");
    addRecord(Kind.KIND_HISTOGRAM, null, 0, tag, step,
        Entry.newBuilder().setHistogram(Histograms.compute(Histograms.of(values), histogramBuckets))
            .build());
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
    Histogram h = Histograms.fromBuckets(edges, counts);
    addRecord(Kind.KIND_HISTOGRAM, null, 0, tag, step, Entry.newBuilder().setHistogram(h).build());
  }

  // ---------------------------------------------------------------------------------------------
  // Images

  /**
   * Logs an image. It is copied here and encoded as PNG on the background thread, so the caller
   * may reuse the image at once.
   */
  public void addImage(String tag, long step, BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int type = image.getType() == BufferedImage.TYPE_CUSTOM ? BufferedImage.TYPE_INT_ARGB
        : image.getType();
    BufferedImage copy;
    if (image.getType() == BufferedImage.TYPE_CUSTOM) {
      copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
      copy.getGraphics().drawImage(image, 0, 0, null);
    } else {
      copy = new BufferedImage(image.getColorModel(), image.copyData(null),
          image.isAlphaPremultiplied(), null);
    }
    long bytes = (long) image.getWidth() * image.getHeight() * 4 + RECORD_OVERHEAD_BYTES;
    enqueue(Kind.KIND_IMAGE, null, 0, tag, step, null, copy, bytes);
  }

  /**
   * Logs an image already encoded as PNG or JPEG, stored byte for byte. Width, height and channels
   * are read from the image's header.
   *
   * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
   */
  public void addImage(String tag, long step, byte[] encodedPngOrJpeg) {
    ImageHeaders.Info info = ImageHeaders.read(encodedPngOrJpeg);
    Image image =
        Image.newBuilder()
            .setEncoded(ByteString.copyFrom(encodedPngOrJpeg))
            .setMediaType(info.mediaType())
            .setWidth(info.width())
            .setHeight(info.height())
            .setChannels(info.channels())
            .build();
    addRecord(Kind.KIND_IMAGE, null, 0, tag, step, Entry.newBuilder().setImage(image).build());
  }

  // ---------------------------------------------------------------------------------------------
  // Embeddings

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
    Objects.requireNonNull(vectors, "vectors");
    if (vectors.length == 0) {
      throw new IllegalArgumentException("embedding has no vectors");
    }
    int dims = vectors[0] == null ? 0 : vectors[0].length;
    if (dims == 0) {
      throw new IllegalArgumentException("embedding vectors must not be empty");
    }
    Embedding.Builder e = Embedding.newBuilder().setRows(vectors.length).setDims(dims);
    for (int r = 0; r < vectors.length; r++) {
      float[] v = vectors[r];
      if (v == null || v.length != dims) {
        throw new IllegalArgumentException(
            "embedding vector " + r + " has " + (v == null ? 0 : v.length) + " values; vector 0"
                + " has " + dims + ": all vectors must have the same length");
      }
      for (float x : v) {
        e.addValues(x);
      }
    }
    if (labels != null && !labels.isEmpty()) {
      if (labels.size() != vectors.length) {
        throw new IllegalArgumentException(
            "embedding has " + vectors.length + " vectors but " + labels.size() + " labels");
      }
      for (String l : labels) {
        e.addLabels(l == null ? "" : l);
      }
    }
    if (header != null || rows != null) {
      if (header == null || header.isEmpty() || rows == null) {
        throw new IllegalArgumentException(
            "embedding metadata needs both a non-empty header and one row per vector");
      }
      if (rows.size() != vectors.length) {
        throw new IllegalArgumentException(
            "embedding has " + vectors.length + " vectors but " + rows.size() + " metadata rows");
      }
      e.addAllMetadataHeader(header);
      for (int r = 0; r < rows.size(); r++) {
        List<String> row = rows.get(r);
        if (row == null || row.size() != header.size()) {
          throw new IllegalArgumentException(
              "embedding metadata row " + r + " has " + (row == null ? 0 : row.size())
                  + " cells; the header has " + header.size());
        }
        MetadataRow.Builder mr = MetadataRow.newBuilder();
        for (String cell : row) {
          mr.addCells(cell == null ? "" : cell);
        }
        e.addMetadataRows(mr);
      }
    }
    addRecord(Kind.KIND_EMBEDDING, null, 0, tag, step, Entry.newBuilder().setEmbedding(e).build());
  }

  // ---------------------------------------------------------------------------------------------
  // Text and plugin data

  /** Logs a piece of markdown text at a step. */
  public void addText(String tag, long step, String markdown) {
    Objects.requireNonNull(markdown, "markdown");
    addRecord(Kind.KIND_TEXT, null, 0, tag, step,
        Entry.newBuilder().setText(Text.newBuilder().setMarkdown(markdown)).build());
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
    Objects.requireNonNull(data, "data");
    checkName("plugin name", plugin);
    if (dataVersion < 0) {
      throw new IllegalArgumentException("plugin data version must be >= 0, was " + dataVersion);
    }
    PluginData pd =
        PluginData.newBuilder()
            .setPluginName(plugin)
            .setDataVersion(dataVersion)
            .setData(ByteString.copyFrom(data))
            .build();
    addRecord(Kind.KIND_PLUGIN, plugin, dataVersion, tag, step,
        Entry.newBuilder().setPluginData(pd).build());
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
    synchronized (lock) {
      if (failure != null) {
        throw failed();
      }
      if (closed) {
        throw new IllegalStateException("this LogWriter is closed");
      }
      awaitGeneration(++requestedGeneration);
    }
  }

  /** Writes everything that is buffered, then closes the file. Closing twice does nothing. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        if (failure == null) {
          awaitGeneration(++requestedGeneration);
        }
      } catch (IOException e) {
        // Reported below, once the file is closed.
      }
      closed = true;
      stopped = true;
      lock.notifyAll();
    }
    try {
      flusher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      writer.close();
    } catch (IOException e) {
      synchronized (lock) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down already.
      }
    }
    synchronized (lock) {
      if (failure != null) {
        throw failed();
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

  // ---------------------------------------------------------------------------------------------
  // Internals

  private void addRecord(
      Kind kind, String plugin, int dataVersion, String tag, long step, Entry entry) {
    enqueue(kind, plugin, dataVersion, tag, step, entry, null,
        entry.getSerializedSize() + RECORD_OVERHEAD_BYTES);
  }

  private void enqueue(
      Kind kind,
      String plugin,
      int dataVersion,
      String tag,
      long step,
      Entry entry,
      BufferedImage image,
      long bytes) {
    long wall = System.currentTimeMillis();
    synchronized (lock) {
      if (stopped) {
        checkOpen();
      }
      Tablet tablet = recordTablet(kind, plugin, dataVersion, tag);
      pendingRecords.add(new PendingRecord(tablet, step, wall, entry, image, bytes));
      pendingBytes += bytes;
      if (pendingBytes >= maxBufferedBytes / 2) {
        backPressure();
      }
    }
  }

  private Tablet recordTablet(Kind kind, String plugin, int dataVersion, String tag) {
    String key = kind.getNumber() + "\u0000" + (plugin == null ? "" : plugin) + "\u0000" + tag;
    Tablet t = recordTablets.get(key);
    if (t == null) {
      checkTag(tag);
      Tablet.Builder b = Tablet.newBuilder().setTag(tag).setKind(kind);
      if (plugin != null) {
        b.setPlugin(PluginMetadata.newBuilder().setName(plugin).setDataVersion(dataVersion));
      }
      t = b.build();
      recordTablets.put(key, t);
    }
    return t;
  }

  /**
   * Past half the bound, asks the background thread to write now; at the bound, waits until it
   * has, so memory stays bounded and the caller rarely waits.
   */
  private void backPressure() {
    if (requestedGeneration == completedGeneration) {
      requestedGeneration++;
      lock.notifyAll();
    }
    if (pendingBytes < maxBufferedBytes) {
      return;
    }
    boolean interrupted = false;
    while (pendingBytes >= maxBufferedBytes && !stopped) {
      if (requestedGeneration == completedGeneration) {
        requestedGeneration++;
        lock.notifyAll();
      }
      try {
        lock.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (stopped) {
      checkOpen();
    }
  }

  private void awaitGeneration(long generation) throws IOException {
    lock.notifyAll();
    boolean interrupted = false;
    while (completedGeneration < generation && failure == null) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failed();
    }
  }

  private IOException failed() {
    return new IOException("VisualDL log writer failed: " + failure.getMessage(), failure);
  }

  private void checkOpen() {
    if (failure != null) {
      throw new UncheckedIOException(
          "VisualDL log writer failed earlier: " + failure.getMessage(), failure);
    }
    if (closed) {
      throw new IllegalStateException("this LogWriter is closed");
    }
  }

  private static void checkTag(String tag) {
    checkName("tag", tag);
  }

  private static void checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          what + " is empty: give every series a name like 'train/loss'");
    }
    if (name.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException(
          what + " '" + name.substring(0, 32) + "...' is " + name.length()
              + " characters long; the limit is " + MAX_TAG_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds a control character"
                + String.format(" (U+%04X)", (int) c) + " at index " + i
                + "; use printable characters only");
      }
    }
  }

  private void flushLoop() {
    List<ScalarSeries> series;
    List<PendingRecord> records;
    ArrayList<PendingRecord> spareRecords = new ArrayList<>();
    while (true) {
      long generation;
      long batchBytes;
      boolean stop;
      synchronized (lock) {
        long deadline = System.nanoTime() + flushIntervalNanos;
        while (!closed && requestedGeneration == completedGeneration && failure == null) {
          long wait = deadline - System.nanoTime();
          if (wait <= 0) {
            break;
          }
          try {
            lock.wait(Math.max(1, wait / 1_000_000), 0);
          } catch (InterruptedException e) {
            // Keep going: data must still reach the file.
          }
        }
        if (failure != null) {
          return;
        }
        stop = closed;
        // Swap: the callers collect into fresh (recycled) builders while these are written.
        series = dirtySeries;
        dirtySeries = spareDirty;
        spareDirty = null;
        batchBytes = 0;
        for (ScalarSeries s : series) {
          ScalarBlockBuilder full = s.collecting;
          s.collecting = s.writing;
          s.writing = full;
          batchBytes += (long) full.size() * SCALAR_POINT_BYTES;
        }
        records = pendingRecords;
        pendingRecords = spareRecords;
        for (PendingRecord r : records) {
          batchBytes += r.bytes();
        }
        generation = requestedGeneration;
      }
      IOException error = null;
      try {
        for (ScalarSeries s : series) {
          writer.writeScalars(s.tablet, s.writing);
        }
        for (PendingRecord r : records) {
          Entry entry = r.entry() != null ? r.entry() : encodePng(r.image());
          writer.writeRecord(r.tablet(), r.step(), r.wallTimeMs(), entry);
        }
        writer.flush();
      } catch (IOException e) {
        error = e;
      } catch (RuntimeException e) {
        error = new IOException(e.toString(), e);
      }
      for (ScalarSeries s : series) {
        s.writing.clear();
      }
      ArrayList<ScalarSeries> clearedSeries = (ArrayList<ScalarSeries>) series;
      clearedSeries.clear();
      records.clear();
      spareRecords = (ArrayList<PendingRecord>) records;
      synchronized (lock) {
        spareDirty = clearedSeries;
        if (error != null) {
          failure = error;
          stopped = true;
        } else {
          completedGeneration = Math.max(completedGeneration, generation);
          pendingBytes -= batchBytes;
        }
        lock.notifyAll();
        if (stop || error != null) {
          return;
        }
      }
    }
  }

  private static Entry encodePng(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG encoder available for image type " + image.getType());
    }
    Image.Builder img =
        Image.newBuilder()
            .setEncoded(ByteString.copyFrom(out.toByteArray()))
            .setMediaType("image/png")
            .setWidth(image.getWidth())
            .setHeight(image.getHeight())
            .setChannels(image.getColorModel().getNumComponents());
    return Entry.newBuilder().setImage(img).build();
  }

  private static String version() {
    String v = LogWriter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
