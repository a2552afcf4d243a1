package org.visualdl.storage.s3.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.visualdl.api.storage.StorageWriter;

/**
 * Writes a file to S3 as segment objects ({@link S3Segments}). {@link #flush} writes what was
 * written since the last segment as a new segment at once, so nothing flushed is lost if the
 * writer is killed. {@link #flushSoon} (the SDK's periodic flush) does so only when the last
 * segment is at least {@code segmentIntervalMs} old; otherwise a timer writes it when that
 * interval has passed (so a writer flushed every second makes one object per interval, not one
 * per second). {@link #close} writes the rest at once. Every segment, once written, is complete
 * and stays.
 */
final class S3SegmentWriter implements StorageWriter {

  private final S3Backend backend;
  private final URI uri;
  private final long intervalMs;
  private byte[] pending = new byte[64 * 1024];
  private int pendingLength;
  /** File offset of pending[0]: the bytes already in segments. */
  private long segmentedLength;
  private long lastSegmentAtMs;
  private ScheduledFuture<?> scheduled;
  private IOException deferredFailure;
  private boolean closed;

  S3SegmentWriter(S3Backend backend, URI uri, long existingLength) {
    this.backend = backend;
    this.uri = uri;
    this.segmentedLength = existingLength;
    this.intervalMs = backend.settings().segmentIntervalMs();
    this.lastSegmentAtMs = Long.MIN_VALUE / 2;
  }

  @Override
  public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("writer of " + uri + " is closed");
    }
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(buffer, offset, pending, pendingLength, length);
    pendingLength += length;
  }

  @Override
  public synchronized void flush() throws IOException {
    throwDeferred();
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
    if (pendingLength > 0) {
      writeSegment();
    }
  }

  @Override
  public synchronized void flushSoon() throws IOException {
    throwDeferred();
    if (pendingLength == 0) {
      return;
    }
    long waitMs = lastSegmentAtMs + intervalMs - System.currentTimeMillis();
    if (waitMs <= 0) {
      writeSegment();
    } else if (scheduled == null) {
      scheduled = backend.uploads().schedule(this::writeDeferred, waitMs, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void writeDeferred() {
    scheduled = null;
    if (closed || pendingLength == 0) {
      return;
    }
    try {
      writeSegment();
    } catch (IOException e) {
      deferredFailure = e; // reported by the next flush or close; the bytes stay pending
    }
  }

  private void writeSegment() throws IOException {
    backend.putSegment(uri, segmentedLength, pending, pendingLength);
    segmentedLength += pendingLength;
    pendingLength = 0;
    lastSegmentAtMs = System.currentTimeMillis();
  }

  private void throwDeferred() throws IOException {
    IOException e = deferredFailure;
    if (e != null) {
      deferredFailure = null;
      throw e;
    }
  }

  @Override
  public synchronized long position() {
    return segmentedLength + pendingLength;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
    if (pendingLength > 0) {
      writeSegment();
    }
    throwDeferred();
  }
}
