package org.visualdl.api.storage;

import java.io.Closeable;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Appends to one file of a store. {@link #flush} makes what was written visible to readers and
 * safe from the writer being killed (local: written to the file; HDFS: {@code hflush}, and the
 * NameNode learns the new length; S3: a new segment object, see the S3 bundle's README);
 * {@link #flushSoon} is the cheaper periodic flush. Not thread-safe.
 *
 * <pre>{@code
 * try (StorageWriter w = backend.create(URI.create("hdfs://nn:8020/logs/run1/a.vdl"))) {
 *   w.write(frame, 0, frame.length);
 *   w.flush();          // readers see the frame now
 * }
 * }</pre>
 */
@ConsumerType
public interface StorageWriter extends Closeable {

  /** Buffers {@code buffer[offset, offset + length)} after what was written before. */
  void write(byte[] buffer, int offset, int length) throws IOException;

  /**
   * Makes everything written so far visible to readers and safe from the writer being killed.
   *
   * @throws java.nio.file.NoSuchFileException when the file was removed under the writer
   */
  void flush() throws IOException;

  /**
   * Makes what was written visible to readers soon, as cheaply as the store allows: a periodic
   * flush (the Java SDK's background writer calls it every second). S3 writes a segment object
   * only when the last one is {@code segmentIntervalMs} (5 s) old, otherwise a timer writes it
   * then, so a writer flushing every second makes one object per interval; other stores flush
   * at once. Unlike {@link #flush}, what waits for that timer is lost if the writer is killed.
   */
  default void flushSoon() throws IOException {
    flush();
  }

  /** Bytes written since the file began (including any it had when opened for append). */
  long position();

  /** Flushes, then releases the file. Closing twice does nothing. */
  @Override
  void close() throws IOException;
}
