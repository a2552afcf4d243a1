package org.visualdl.storage.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.storage.s3.internal.S3Segments.Segment;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Positional reads of an S3 file (a plain object or a run of segments). Each miss is one ranged
 * GET of up to {@code readAheadBytes} (8 MiB) within one object, kept for the reads that follow,
 * so a reader walking a file in small chunks costs one request per window, not per chunk; the
 * window is dropped once read to its end.
 */
final class S3Source implements SeekableByteSource {

  private final S3Backend backend;
  private final URI uri;
  private List<Segment> segments;
  private byte[] window = new byte[0];
  private long windowStart;
  private int windowLength;

  S3Source(S3Backend backend, URI uri) {
    this.backend = backend;
    this.uri = uri;
  }

  @Override
  public long length() throws IOException {
    return S3Segments.length(segments(false));
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position >= windowStart && position < windowStart + windowLength) {
      int n = (int) Math.min(length, windowStart + windowLength - position);
      System.arraycopy(window, (int) (position - windowStart), buffer, offset, n);
      releaseIfConsumed(position + n);
      return n;
    }
    Segment segment = find(segments(false), position);
    if (segment == null) {
      // maybe a newer listing saw more; otherwise the end (no request of our own)
      segment = find(segments(true), position);
      if (segment == null) {
        return -1;
      }
    }
    long inSegment = position - segment.start();
    int want = (int) Math.min(segment.size() - inSegment,
        Math.max(length, backend.settings().readAheadBytes()));
    fetch(segment, inSegment, want);
    int n = Math.min(length, windowLength);
    if (n <= 0) {
      return -1;
    }
    System.arraycopy(window, 0, buffer, offset, n);
    releaseIfConsumed(windowStart + n);
    return n;
  }

  /**
   * Drops the window once a read reached its end: readers walk forward, and a server keeps a
   * source open per file it tails, so thousands of idle sources must not each hold a window.
   */
  private void releaseIfConsumed(long readUpTo) {
    if (readUpTo >= windowStart + windowLength) {
      window = new byte[0];
      windowLength = 0;
    }
  }

  private void fetch(Segment segment, long inSegment, int want) throws IOException {
    String bucket = S3Backend.bucket(uri);
    String range = "bytes=" + inSegment + "-" + (inSegment + want - 1);
    if (window.length < want) {
      window = new byte[want];
    }
    int got = backend.call(uri, () -> {
      backend.counters.get.increment();
      try (ResponseInputStream<GetObjectResponse> in = backend.client().getObject(
          b -> b.bucket(bucket).key(segment.key()).range(range).ifMatch(segment.eTag()))) {
        return readAll(in, window, want);
      }
    });
    backend.counters.bytesRead.add(got);
    windowStart = segment.start() + inSegment;
    windowLength = got;
  }

  private static int readAll(InputStream in, byte[] into, int want) throws IOException {
    int done = 0;
    while (done < want) {
      int n = in.read(into, done, want - done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  private List<Segment> segments(boolean refresh) throws IOException {
    List<Segment> listed = backend.listedFiles.get(uri);
    if (listed != null && (segments == null || refresh || listed != segments)) {
      segments = listed;
    }
    if (segments == null) {
      segments = backend.fetchSegments(uri);
    }
    return segments;
  }

  private static Segment find(List<Segment> segments, long position) {
    for (Segment s : segments) {
      if (position >= s.start() && position < s.end()) {
        return s;
      }
    }
    return null;
  }

  @Override
  public void close() {
    window = new byte[0];
    windowLength = 0;
  }
}
