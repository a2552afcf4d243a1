package org.visualdl.api.format;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;

/**
 * One file of a served log directory, as a {@link LogFormat} sees it: what the latest listing of
 * the log directory said of it, a way to read its bytes, and the other files of the same log
 * directory. A format never opens a path or a URI itself, so it reads local folders, HDFS and S3
 * alike, and can never read a file outside the log directory because a log names it.
 *
 * <pre>{@code
 * try (SeekableByteSource in = file.open()) {
 *   byte[] head = new byte[16];
 *   in.readFully(0, head, 0, head.length);
 * }
 * Optional<LogFile> tensors = file.lookup(file.folder() + "/tensors.tsv");
 * }</pre>
 */
@ProviderType
public interface LogFile {

  /**
   * What the latest listing said of the file: its URI, its path below the log directory, size,
   * modification time and key.
   */
  FileStat stat();

  /** The file's absolute URI. */
  default URI uri() {
    return stat().uri();
  }

  /** The last segment of the file's path, for example {@code events.out.tfevents.1.host}. */
  default String name() {
    return stat().name();
  }

  /** The folder below the log directory that holds the file, {@code ""} for its root. */
  default String folder() {
    return stat().parent();
  }

  /**
   * The log directory's root URI: a path a log names (a projector config's absolute
   * {@code tensor_path}) may be mapped below it.
   */
  URI root();

  /**
   * Opens the file for positional reads; each call opens anew. The source reads the current
   * bytes, which may be more than {@link #stat()} said.
   */
  SeekableByteSource open() throws IOException;

  /**
   * Another file of the same log directory, by its path below the log directory (segments
   * separated by {@code /}; {@code .} and {@code ..} segments are resolved first). Answered from
   * the latest listing, without asking the store.
   *
   * @return the file, or empty when the log directory holds no such file, or when the path
   *     leads outside the log directory (a file outside is never read because a log names it)
   */
  Optional<LogFile> lookup(String relativePath);
}
