package org.visualdl.storage.hdfs.internal;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataInputStream;
import org.visualdl.api.storage.SeekableByteSource;

/**
 * Positional reads (pread) of an HDFS file. A stream knows the visible length of a file being
 * written only as of its opening, so a read past it reopens the stream once to learn more.
 */
final class HdfsSource implements SeekableByteSource {

  private final HdfsBackend backend;
  private final FileSystem fs;
  private final URI uri;
  private FSDataInputStream in;
  private long visibleLength;

  HdfsSource(HdfsBackend backend, FileSystem fs, URI uri) {
    this.backend = backend;
    this.fs = fs;
    this.uri = uri;
  }

  @Override
  public long length() throws IOException {
    Long listed = backend.listedSizes.get(uri);
    if (listed != null) {
      return Math.max(listed, visibleLength);
    }
    return backend.call(uri, () -> {
      reopen();
      return visibleLength;
    });
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    return backend.call(uri, () -> {
      if (in == null || position >= visibleLength) {
        reopen();
      }
      if (position >= visibleLength) {
        return -1;
      }
      int want = (int) Math.min(length, visibleLength - position);
      backend.counters.get.increment();
      int n = in.read(position, buffer, offset, want);
      if (n < 0 && position < visibleLength) {
        reopen();
        backend.counters.get.increment();
        n = in.read(position, buffer, offset, want);
      }
      if (n > 0) {
        backend.counters.bytesRead.add(n);
      }
      return n;
    });
  }

  private void reopen() throws IOException {
    if (in != null) {
      in.close();
    }
    backend.counters.get.increment();
    in = fs.open(new Path(uri));
    if (in instanceof HdfsDataInputStream h) {
      visibleLength = h.getVisibleLength();
    } else {
      backend.counters.stat.increment();
      visibleLength = fs.getFileStatus(new Path(uri)).getLen();
    }
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
