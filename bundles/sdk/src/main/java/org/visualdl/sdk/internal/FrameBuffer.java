package org.visualdl.sdk.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Kind;
import org.visualdl.proto.PluginMetadata;
import org.visualdl.proto.Shape;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.RecordWriter;
import org.visualdl.storage.ScalarBlockBuilder;

/**
 * What {@code LogWriter} buffers, and the background thread that writes it: each calling thread
 * appends scalar points to a chunk of its own without a lock; records (histograms, images, ...)
 * wait in a queue; the thread sorts the points into per-tag blocks and writes blocks and records
 * to the {@link RecordWriter} every flush interval, or sooner when much is buffered. Past the
 * buffer bound a call blocks until the thread has written (back-pressure). An I/O failure of the
 * thread is kept and thrown from the next call.
 */
public final class FrameBuffer {
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
  public static final int RECORD_OVERHEAD_BYTES = 64;

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
  private final Thread flusher;
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

  /**
   * Starts the background thread that writes to {@code writer}.
   *
   * @param maxBufferedBytes how much may wait in memory before a call blocks
   * @param flushInterval how often buffered data is written even when little is buffered
   * @param threadName the background thread's name
   */
  public FrameBuffer(RecordWriter writer, long maxBufferedBytes, Duration flushInterval,
      String threadName) {
    this.writer = writer;
    this.maxBufferedBytes = maxBufferedBytes;
    this.writeAtBytes = Math.min(WRITE_AT_BYTES, maxBufferedBytes / 2);
    this.flushIntervalNanos = flushInterval.toNanos();
    this.flusher = new Thread(this::flushLoop, threadName);
    this.flusher.setDaemon(true);
    WallClock.acquire();
    this.flusher.start();
  }

  /** The file being written now. */
  public Path currentFile() {
    return writer.currentFile();
  }

  /** The file being written now, as a URI. */
  public java.net.URI currentFileUri() {
    return writer.currentFileUri();
  }

  /**
   * Appends a scalar point to the calling thread's own buffer, without a lock.
   *
   * @throws IllegalArgumentException for a bad tag
   * @throws java.io.UncheckedIOException when an earlier write failed
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

  /**
   * Writes everything that is buffered, stops the background thread, then closes the file.
   * Closing twice does nothing.
   *
   * @throws IOException when writing failed, now or earlier
   */
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
    synchronized (lock) {
      if (failure != null) {
        throw failed();
      }
    }
  }

  public void addRecord(
      Kind kind, String plugin, int dataVersion, String tag, long step, Entry entry) {
    addRecord(kind, plugin, dataVersion, Shape.SHAPE_UNSPECIFIED, tag, step, entry);
  }

  /** Queues one record; {@code shape} is set on the tablet of plugin data. */
  public void addRecord(Kind kind, String plugin, int dataVersion, Shape shape, String tag,
      long step, Entry entry) {
    enqueue(kind, plugin, dataVersion, shape, tag, step, entry, null,
        entry.getSerializedSize() + RECORD_OVERHEAD_BYTES);
  }

  /**
   * Queues one record, or an image to encode on the background thread ({@code entry} null).
   *
   * @param bytes what it counts against the buffer bound
   */
  public void enqueue(
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
      boolean explicit;
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
        // A flush() or close() asked for: durable now; otherwise the periodic flush, which a
        // store may batch (S3: one segment object per interval).
        explicit = stop || requestedGeneration != completedGeneration;
        flushNow = explicit || System.nanoTime() - lastFlush >= flushIntervalNanos;
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
        if (explicit) {
          writer.flush();
          lastFlush = System.nanoTime();
        } else if (flushNow) {
          writer.flushSoon();
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

}
