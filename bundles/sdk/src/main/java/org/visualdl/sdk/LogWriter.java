package org.visualdl.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.visualdl.proto.Kind;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.RecordWriter;
import org.visualdl.storage.ScalarBlockBuilder;

/**
 * Logs a training run into a run folder. Thread-safe: many training threads may call it at once.
 * A call only copies the data into a buffer; a background thread writes the buffer to the file
 * every flush interval (1 s by default), so the caller's thread never waits for the disk unless
 * the buffer is full.
 *
 * <pre>{@code
 * try (LogWriter log = LogWriter.open(Path.of("logs/resnet/train"))) {
 *   log.addScalar("train/loss", step, loss);
 *   log.flush(); // returns when everything added before is in the file
 * }
 * }</pre>
 *
 * <p>An I/O failure of the background thread (disk full, folder removed) is thrown from the next
 * call, {@link #flush()} or {@link #close()}: nothing is dropped silently.
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

    /** Creates the run folder if needed and opens a new record file in it. */
    public LogWriter open() throws IOException {
      return new LogWriter(this);
    }
  }

  /** Bytes a buffered scalar point occupies, for the buffer bound. */
  private static final int SCALAR_POINT_BYTES = 24;

  private final RecordWriter writer;
  private final long maxBufferedBytes;
  private final long flushIntervalNanos;
  private final Thread flusher;
  private final Object lock = new Object();

  // Guarded by lock.
  private Map<String, ScalarBlockBuilder> pendingScalars = new HashMap<>();
  private final Map<String, Tablet> scalarTablets = new HashMap<>();
  private long pendingBytes;
  private long requestedGeneration;
  private long completedGeneration;
  private boolean closed;
  private IOException failure;
  private String lastTag;
  private ScalarBlockBuilder lastBuilder;

  private LogWriter(Builder b) throws IOException {
    this.writer =
        RecordWriter.open(
            b.runDir, new RecordWriter.Options(b.rotateBytes, b.fsync, "visualdl-java/" + version()));
    this.maxBufferedBytes = b.maxBufferedBytes;
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.flusher = new Thread(this::flushLoop, "visualdl-log-writer " + b.runDir.getFileName());
    this.flusher.setDaemon(true);
    this.flusher.start();
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
      ScalarBlockBuilder builder;
      if (tag == lastTag && lastBuilder != null) {
        builder = lastBuilder;
      } else {
        checkOpen();
        builder = pendingScalars.get(tag);
        if (builder == null) {
          if (!scalarTablets.containsKey(tag)) {
            checkTag(tag);
            scalarTablets.put(
                tag, Tablet.newBuilder().setTag(tag).setKind(Kind.KIND_SCALAR).build());
          }
          builder = new ScalarBlockBuilder(256);
          pendingScalars.put(tag, builder);
        }
        lastTag = tag;
        lastBuilder = builder;
      }
      builder.add(step, value, wallTimeMs);
      pendingBytes += SCALAR_POINT_BYTES;
      if (pendingBytes >= maxBufferedBytes) {
        waitForRoom();
      }
    }
  }

  /**
   * Returns when everything added before this call is in the file (and on the device, when the
   * writer was opened with fsync).
   *
   * @throws IOException when writing failed
   */
  public void flush() throws IOException {
    synchronized (lock) {
      checkOpen();
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
      if (failure == null) {
        awaitGeneration(++requestedGeneration);
      }
      closed = true;
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
    synchronized (lock) {
      if (failure != null) {
        throw new IOException("VisualDL log writer failed: " + failure.getMessage(), failure);
      }
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
      throw new IOException("VisualDL log writer failed: " + failure.getMessage(), failure);
    }
  }

  private void waitForRoom() {
    requestedGeneration++;
    lock.notifyAll();
    boolean interrupted = false;
    while (pendingBytes >= maxBufferedBytes && failure == null && !closed) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    checkOpen();
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
    if (tag == null || tag.isEmpty()) {
      throw new IllegalArgumentException("tag is empty: give every series a name like 'train/loss'");
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException(
          "tag is " + tag.length() + " characters long; the limit is " + MAX_TAG_LENGTH);
    }
    for (int i = 0; i < tag.length(); i++) {
      if (Character.isISOControl(tag.charAt(i))) {
        throw new IllegalArgumentException(
            "tag '" + tag.replaceAll("\\p{Cntrl}", "?") + "' holds a control character at index "
                + i);
      }
    }
  }

  private void flushLoop() {
    while (true) {
      Map<String, ScalarBlockBuilder> batch;
      long generation;
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
        batch = pendingScalars;
        pendingScalars = new HashMap<>();
        lastTag = null;
        lastBuilder = null;
        generation = requestedGeneration;
      }
      IOException error = null;
      try {
        for (Map.Entry<String, ScalarBlockBuilder> e : batch.entrySet()) {
          Tablet tablet;
          synchronized (lock) {
            tablet = scalarTablets.get(e.getKey());
          }
          writer.writeScalars(tablet, e.getValue());
        }
        writer.flush();
      } catch (IOException e) {
        error = e;
      } catch (RuntimeException e) {
        error = new IOException(e);
      }
      synchronized (lock) {
        if (error != null) {
          failure = error;
        } else {
          completedGeneration = Math.max(completedGeneration, generation);
          pendingBytes = 0;
          for (ScalarBlockBuilder b : pendingScalars.values()) {
            pendingBytes += (long) b.size() * SCALAR_POINT_BYTES;
          }
        }
        lock.notifyAll();
        if (stop || error != null) {
          return;
        }
      }
    }
  }

  private static String version() {
    String v = LogWriter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
