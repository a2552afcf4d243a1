package org.visualdl.sdk;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Kind;
import org.visualdl.proto.PluginMetadata;
import org.visualdl.proto.Shape;
import org.visualdl.proto.Tablet;
import org.visualdl.sdk.internal.Entries;
import org.visualdl.sdk.internal.Histograms;
import org.visualdl.sdk.internal.Names;
import org.visualdl.sdk.internal.WallClock;
import org.visualdl.storage.RecordWriter;
import org.visualdl.storage.ScalarBlockBuilder;

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
 * <p>An I/O failure of the background thread (disk full, folder removed) is thrown from the next
 * call (as {@link UncheckedIOException}), {@link #flush()} or {@link #close()}: nothing is dropped
 * silently. NaN and infinities are stored as written.
 */
public final class LogWriter implements AutoCloseable {
  /** The longest tag accepted, in characters. */
  public static final int MAX_TAG_LENGTH = Names.MAX_LENGTH;

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

  /** Longs a buffered scalar point occupies: series index, step, value bits, wall time. */
  private static final int LONGS_PER_POINT = 4;
  /** Points of one chunk: 128 KiB, a calling thread's private buffer. */
  private static final int CHUNK_POINTS = 4096;
  private static final long CHUNK_BYTES = (long) CHUNK_POINTS * LONGS_PER_POINT * Long.BYTES;
  /** Free chunks kept for reuse. */
  private static final int MAX_FREE_CHUNKS = 64;
  /** Slots of each calling thread's tag cache (a power of two). */
  private static final int TAG_CACHE_SLOTS = 64;
  /**
   * The background thread is woken to write once this much is buffered, even before the flush
   * interval: buffers stay in the CPU cache, and the caller never waits for a large one.
   */
  private static final long WRITE_AT_BYTES = 4L * 1024 * 1024;
  /** Bytes of bookkeeping counted for each buffered record beside its payload. */
  private static final int RECORD_OVERHEAD_BYTES = 64;

  /** One scalar tag: its declaration and the builder the background thread packs it with. */
  private static final class ScalarSeries {
    final Tablet tablet;
    final ScalarBlockBuilder points = new ScalarBlockBuilder(256); // background thread only

    ScalarSeries(Tablet tablet) {
      this.tablet = tablet;
    }
  }

  /**
   * Scalar points of one calling thread, appended without a lock: the thread writes a point, then
   * publishes the new size with a release store; the background thread reads up to the published
   * size with an acquire load and remembers how far it got.
   */
  private static final class Chunk {
    static final VarHandle PUBLISHED;

    static {
      try {
        PUBLISHED = MethodHandles.lookup().findVarHandle(Chunk.class, "published", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long[] data = new long[CHUNK_POINTS * LONGS_PER_POINT];
    int published; // longs written; only through PUBLISHED outside the lock
    int consumed; // longs read by the background thread

    int publishedAcquire() {
      return (int) PUBLISHED.getAcquire(this);
    }
  }

  /** A calling thread's state. Only that thread touches it, except its chunk, swapped under lock. */
  private static final class Producer {
    final Thread thread = Thread.currentThread();
    Chunk chunk; // replaced by the owner under lock; read by the background thread under lock
    int size; // owner only: longs written into chunk
    final String[] cachedTags = new String[TAG_CACHE_SLOTS];
    final int[] cachedIndex = new int[TAG_CACHE_SLOTS];
  }

  /** A non-scalar observation waiting to be written. */
  private record PendingRecord(
      Tablet tablet, long step, long wallTimeMs, Entry entry, BufferedImage image, long bytes) {}

  private final RecordWriter writer;
  private final long maxBufferedBytes;
  private final long writeAtBytes;
  private final long flushIntervalNanos;
  private final int histogramBuckets;
  private final Thread flusher;
  private final Thread shutdownHook;
  private final Object lock = new Object();

  private final ThreadLocal<Producer> producer = ThreadLocal.withInitial(this::newProducer);

  // Guarded by lock.
  private final Map<String, Integer> scalarIndex = new HashMap<>();
  // Replaced when it grows; volatile so that the background thread, meeting a tag registered after
  // it took its snapshot, finds it (the registration happens before the point is published).
  private volatile ScalarSeries[] scalarSeries = new ScalarSeries[16];
  private int scalarSeriesCount;
  private Producer[] producers = new Producer[4]; // replaced, never changed in place
  private int producerCount;
  private ArrayList<Chunk> retiredChunks = new ArrayList<>();
  private ArrayList<Chunk> spareRetired = new ArrayList<>();
  private final ArrayList<Chunk> freeChunks = new ArrayList<>();
  private boolean writeRequested;
  private final Map<String, Tablet> recordTablets = new HashMap<>();
  private ArrayList<PendingRecord> pendingRecords = new ArrayList<>();
  private long pendingBytes;
  private long requestedGeneration;
  private long completedGeneration;
  private volatile boolean stopped; // closed or failed: every call reads this one field
  private boolean closed;
  private IOException failure;
  private LogWriter(Builder b) throws IOException {
    this.writer =
        RecordWriter.open(
            b.runDir, new RecordWriter.Options(b.rotateBytes, b.fsync, "visualdl-java/" + version()));
    this.maxBufferedBytes = b.maxBufferedBytes;
    this.writeAtBytes = Math.min(WRITE_AT_BYTES, b.maxBufferedBytes / 2);
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.histogramBuckets = b.histogramBuckets;
    this.flusher = new Thread(this::flushLoop, "visualdl-log-writer " + b.runDir.getFileName());
    this.flusher.setDaemon(true);
    WallClock.acquire();
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
    if (stopped) {
      synchronized (lock) {
        checkOpen();
      }
    }
    Producer p = producer.get();
    // A training loop passes the same String objects again and again: look them up by identity.
    int slot = tag == null ? 0 : tag.hashCode() & (TAG_CACHE_SLOTS - 1);
    int index;
    if (p.cachedTags[slot] == tag && tag != null) {
      index = p.cachedIndex[slot];
    } else {
      index = seriesIndex(tag);
      p.cachedTags[slot] = tag;
      p.cachedIndex[slot] = index;
    }
    Chunk c = p.chunk;
    int n = p.size;
    if (n == c.data.length) {
      c = retire(p);
      n = 0;
    }
    long[] d = c.data;
    d[n] = index;
    d[n + 1] = step;
    d[n + 2] = Double.doubleToRawLongBits(value);
    d[n + 3] = wallTimeMs;
    n += LONGS_PER_POINT;
    p.size = n;
    Chunk.PUBLISHED.setRelease(c, n);
  }

  private int seriesIndex(String tag) {
    synchronized (lock) {
      Integer index = scalarIndex.get(tag);
      if (index == null) {
        checkTag(tag);
        index = scalarSeriesCount;
        if (index == scalarSeries.length) {
          // A new array, so the background thread's snapshot of the old one stays valid.
          scalarSeries = Arrays.copyOf(scalarSeries, index * 2);
        }
        scalarSeries[index] =
            new ScalarSeries(Tablet.newBuilder().setTag(tag).setKind(Kind.KIND_SCALAR).build());
        scalarSeriesCount++;
        scalarIndex.put(tag, index);
      }
      return index;
    }
  }

  private Producer newProducer() {
    Producer p = new Producer();
    synchronized (lock) {
      p.chunk = takeChunk();
      if (producerCount == producers.length) {
        producers = Arrays.copyOf(producers, producerCount * 2);
      }
      producers[producerCount++] = p;
    }
    return p;
  }

  /** Hands a full chunk to the background thread and gives the caller a fresh one. */
  private Chunk retire(Producer p) {
    synchronized (lock) {
      checkOpen();
      retiredChunks.add(p.chunk);
      pendingBytes += CHUNK_BYTES;
      Chunk fresh = takeChunk();
      p.chunk = fresh;
      p.size = 0;
      if (pendingBytes >= writeAtBytes) {
        backPressure();
      }
      return fresh;
    }
  }

  private Chunk takeChunk() {
    Chunk c = freeChunks.isEmpty() ? new Chunk() : freeChunks.remove(freeChunks.size() - 1);
    c.published = 0;
    c.consumed = 0;
    return c;
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
    long bytes = (long) image.getWidth() * image.getHeight() * 4 + RECORD_OVERHEAD_BYTES;
    enqueue(Kind.KIND_IMAGE, null, 0, Shape.SHAPE_UNSPECIFIED, tag, step, null, copy, bytes);
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
    WallClock.release();
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
    addRecord(kind, plugin, dataVersion, Shape.SHAPE_UNSPECIFIED, tag, step, entry);
  }

  private void addRecord(Kind kind, String plugin, int dataVersion, Shape shape, String tag,
      long step, Entry entry) {
    enqueue(kind, plugin, dataVersion, shape, tag, step, entry, null,
        entry.getSerializedSize() + RECORD_OVERHEAD_BYTES);
  }

  private void enqueue(
      Kind kind,
      String plugin,
      int dataVersion,
      Shape shape,
      String tag,
      long step,
      Entry entry,
      BufferedImage image,
      long bytes) {
    long wall = WallClock.nowMs();
    synchronized (lock) {
      if (stopped) {
        checkOpen();
      }
      Tablet tablet = recordTablet(kind, plugin, dataVersion, shape, tag);
      pendingRecords.add(new PendingRecord(tablet, step, wall, entry, image, bytes));
      pendingBytes += bytes;
      if (pendingBytes >= writeAtBytes) {
        backPressure();
      }
    }
  }

  private Tablet recordTablet(Kind kind, String plugin, int dataVersion, Shape shape, String tag) {
    String key = kind.getNumber() + "\u0000" + (plugin == null ? "" : plugin) + "\u0000" + tag;
    Tablet t = recordTablets.get(key);
    if (t != null && t.getShape() != shape) {
      throw new IllegalArgumentException("tag '" + tag + "' of kind '" + plugin + "' was written"
          + " as " + t.getShape() + " by this writer; keep writing it as " + t.getShape()
          + " or use another tag");
    }
    if (t == null) {
      checkTag(tag);
      Tablet.Builder b = Tablet.newBuilder().setTag(tag).setKind(kind);
      if (plugin != null) {
        b.setPlugin(PluginMetadata.newBuilder().setName(plugin).setDataVersion(dataVersion));
        b.setShape(shape);
      }
      t = b.build();
      recordTablets.put(key, t);
    }
    return t;
  }

  /**
   * Past the write threshold, wakes the background thread to write; at the bound, waits until it
   * has written, so memory stays bounded and the caller rarely waits.
   */
  private void backPressure() {
    if (!writeRequested) {
      writeRequested = true;
      lock.notifyAll();
    }
    if (pendingBytes < maxBufferedBytes) {
      return;
    }
    boolean interrupted = false;
    while (pendingBytes >= maxBufferedBytes && !stopped) {
      if (!writeRequested) {
        writeRequested = true;
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
    Names.check("tag", tag);
  }

  private void flushLoop() {
    ArrayList<PendingRecord> spareRecords = new ArrayList<>();
    ArrayList<ScalarSeries> touched = new ArrayList<>();
    ArrayList<Chunk> active = new ArrayList<>();
    long lastFlush = System.nanoTime();
    while (true) {
      long generation;
      long batchBytes;
      boolean stop;
      boolean flushNow;
      ScalarSeries[] series;
      ArrayList<Chunk> retired;
      ArrayList<PendingRecord> records;
      synchronized (lock) {
        while (!closed && failure == null && requestedGeneration == completedGeneration
            && !writeRequested) {
          long wait = lastFlush + flushIntervalNanos - System.nanoTime();
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
        flushNow = stop || requestedGeneration != completedGeneration
            || System.nanoTime() - lastFlush >= flushIntervalNanos;
        writeRequested = false;
        series = scalarSeries;
        retired = retiredChunks;
        retiredChunks = spareRetired;
        spareRetired = null;
        for (int i = 0; i < producerCount; i++) {
          active.add(producers[i].chunk);
        }
        records = pendingRecords;
        pendingRecords = spareRecords;
        batchBytes = retired.size() * CHUNK_BYTES;
        for (PendingRecord r : records) {
          batchBytes += r.bytes();
        }
        generation = requestedGeneration;
      }
      IOException error = null;
      try {
        // A thread's retired chunks hold its older points, its active chunk the newest.
        for (Chunk c : retired) {
          series = sortIntoSeries(c, series, touched);
        }
        for (Chunk c : active) {
          series = sortIntoSeries(c, series, touched);
        }
        for (ScalarSeries s : touched) {
          writer.writeScalars(s.tablet, s.points);
        }
        for (PendingRecord r : records) {
          Entry entry = r.entry() != null ? r.entry() : Entries.png(r.image());
          writer.writeRecord(r.tablet(), r.step(), r.wallTimeMs(), entry);
        }
        if (flushNow) {
          writer.flush();
          lastFlush = System.nanoTime();
        }
      } catch (IOException e) {
        error = e;
      } catch (RuntimeException e) {
        error = new IOException(e.toString(), e);
      }
      for (ScalarSeries s : touched) {
        s.points.clear();
      }
      touched.clear();
      active.clear();
      records.clear();
      spareRecords = records;
      synchronized (lock) {
        for (Chunk c : retired) {
          if (freeChunks.size() < MAX_FREE_CHUNKS) {
            freeChunks.add(c);
          }
        }
        retired.clear();
        spareRetired = retired;
        forgetEndedThreads();
        if (error != null) {
          failure = error;
          stopped = true;
        } else {
          if (flushNow) {
            completedGeneration = Math.max(completedGeneration, generation);
          }
          pendingBytes -= batchBytes;
        }
        lock.notifyAll();
        if (stop || error != null) {
          return;
        }
      }
    }
  }

  /**
   * Moves the points of a chunk that the background thread has not read yet into their series.
   *
   * @return the series array, re-read when a point names a tag registered after {@code series}
   *     was taken
   */
  private ScalarSeries[] sortIntoSeries(
      Chunk c, ScalarSeries[] series, List<ScalarSeries> touched) {
    int end = c.publishedAcquire();
    long[] d = c.data;
    for (int i = c.consumed; i < end; i += LONGS_PER_POINT) {
      int index = (int) d[i];
      if (index >= series.length || series[index] == null) {
        series = scalarSeries;
      }
      ScalarSeries s = series[index];
      if (s.points.size() == 0) {
        touched.add(s);
      }
      s.points.add(d[i + 1], Double.longBitsToDouble(d[i + 2]), d[i + 3]);
    }
    c.consumed = end;
    return series;
  }

  /** Drops the state of calling threads that ended once everything they wrote has been read. */
  private void forgetEndedThreads() {
    int kept = 0;
    Producer[] next = null;
    for (int i = 0; i < producerCount; i++) {
      Producer p = producers[i];
      boolean done = !p.thread.isAlive() && p.chunk.consumed == p.chunk.publishedAcquire();
      if (done && next == null) {
        next = Arrays.copyOf(producers, producers.length);
      }
      if (!done && next != null) {
        next[kept] = p;
      }
      if (!done) {
        kept++;
      }
    }
    if (next != null) {
      Arrays.fill(next, kept, next.length, null);
      producers = next;
      producerCount = kept;
    }
  }

  private static String version() {
    String v = LogWriter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
