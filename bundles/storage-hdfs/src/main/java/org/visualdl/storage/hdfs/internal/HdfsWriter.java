package org.visualdl.storage.hdfs.internal;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.visualdl.api.storage.StorageWriter;

/**
 * Writes an HDFS file. {@link #flush} is {@code hflush} (readers see the bytes) and, unless
 * {@code visualdl.updateLengthOnFlush=false}, also tells the NameNode the new length, so the
 * next listing shows the file grown without the reader asking a DataNode.
 */
final class HdfsWriter implements StorageWriter {

  private final HdfsBackend backend;
  private final URI uri;
  private final FSDataOutputStream out;
  private final boolean updateLength;
  private long position;
  private boolean closed;

  HdfsWriter(HdfsBackend backend, URI uri, FSDataOutputStream out, long position) {
    this.backend = backend;
    this.uri = uri;
    this.out = out;
    this.position = position;
    this.updateLength = backend.updateLengthOnFlush();
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    backend.call(uri, () -> {
      out.write(buffer, offset, length);
      return null;
    });
    position += length;
    backend.counters.bytesWritten.add(length);
  }

  @Override
  public void flush() throws IOException {
    backend.call(uri, () -> {
      if (updateLength && out instanceof HdfsDataOutputStream h) {
        h.hsync(EnumSet.of(HdfsDataOutputStream.SyncFlag.UPDATE_LENGTH));
      } else {
        out.hflush();
      }
      return null;
    });
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    backend.call(uri, () -> {
      out.close();
      return null;
    });
    backend.listedSizes.remove(uri);
  }
}
