package org.visualdl.api.storage;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Positional reads of one file, for readers that keep an offset and read only what is new (the
 * TFRecord framing reader reads a chunk at its offset, then the next). Not thread-safe: one
 * reader at a time.
 *
 * <pre>{@code
 * try (SeekableByteSource in = backend.open(file)) {
 *   long end = in.length();
 *   while (offset < end) {
 *     int n = in.read(offset, chunk, 0, (int) Math.min(chunk.length, end - offset));
 *     if (n < 0) break;
 *     offset += n;
 *   }
 * }
 * }</pre>
 */
@ConsumerType
public interface SeekableByteSource extends Closeable {

  /**
   * Bytes readable now. Local files answer from the file itself; remote backends answer from
   * their latest {@link StorageBackend#list listing} of a root holding the file, so a reader that
   * polls through listings costs no request per file (a file never listed costs one request).
   */
  long length() throws IOException;

  /**
   * Reads up to {@code length} bytes at {@code position} into {@code buffer[offset..]}.
   *
   * @return the number of bytes read, at least 1 when {@code length > 0} and {@code position}
   *     is before the end; -1 when {@code position} is at or past the end
   * @throws java.nio.file.NoSuchFileException when the file is gone
   */
  int read(long position, byte[] buffer, int offset, int length) throws IOException;

  /** Reads exactly {@code length} bytes at {@code position}, or throws {@link EOFException}. */
  default void readFully(long position, byte[] buffer, int offset, int length)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = read(position + done, buffer, offset + done, length - done);
      if (n < 0) {
        throw new EOFException("end of file at offset " + (position + done) + ", wanted "
            + (length - done) + " more bytes");
      }
      done += n;
    }
  }
}
