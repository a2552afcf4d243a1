package org.visualdl.format.tensorboard.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.SeekableByteSource;

/**
 * Reads the files a projector config names through their {@link LogFile}: whole (with a size
 * limit checked before anything is allocated) or as lines, never through a path.
 */
final class LogFileBytes {
  /** Bytes asked of the source at a time when streaming (remote stores read ahead further). */
  private static final int CHUNK_BYTES = 256 * 1024;

  private LogFileBytes() {}

  /**
   * All bytes of the file.
   *
   * @param what how messages name the file, for example {@code "sprite sprite.png"}
   * @param tooLarge what the message says of a file over {@code max}
   * @throws IOException when it holds more than {@code max} bytes, or cannot be read
   */
  static byte[] readAll(LogFile file, long max, String what, String tooLarge)
      throws IOException {
    try (SeekableByteSource in = file.open()) {
      long size = in.length();
      if (size > max) {
        throw new IOException(what + ": " + size + " bytes is " + tooLarge);
      }
      byte[] bytes = new byte[(int) size];
      in.readFully(0, bytes, 0, bytes.length);
      return bytes;
    }
  }

  /** The file as UTF-8 lines; closing the reader closes the source. */
  static BufferedReader lines(LogFile file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(new SourceStream(file.open()), StandardCharsets.UTF_8),
        CHUNK_BYTES);
  }

  /** Sequential reads of a positional source, a chunk at a time. */
  private static final class SourceStream extends InputStream {
    private final SeekableByteSource source;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private long position;
    private int start;
    private int end;

    SourceStream(SeekableByteSource source) {
      this.source = source;
    }

    private boolean fill() throws IOException {
      if (start < end) {
        return true;
      }
      int n = source.read(position, chunk, 0, chunk.length);
      if (n <= 0) {
        return false;
      }
      position += n;
      start = 0;
      end = n;
      return true;
    }

    @Override
    public int read() throws IOException {
      return fill() ? chunk[start++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, end - start);
      System.arraycopy(chunk, start, b, off, n);
      start += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
