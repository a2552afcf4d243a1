package org.visualdl.api.storage;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A file store that log directories can live on. Register an implementation as an OSGi service
 * with the service property {@value #SCHEMES_PROPERTY} listing its schemes, and in
 * {@code META-INF/services/org.visualdl.api.storage.StorageBackend} for use without OSGi (it then
 * needs a public no-argument constructor). Implementations are thread-safe.
 *
 * <pre>{@code
 * @Component(service = StorageBackend.class, property = StorageBackend.SCHEMES_PROPERTY + "=hdfs")
 * public final class HdfsBackend implements StorageBackend { ... }
 * }</pre>
 *
 * <p>Every method throws an {@link IOException} whose message is one line saying what is wrong
 * and what to do: {@link java.nio.file.NoSuchFileException} for a missing path or bucket,
 * {@link java.nio.file.AccessDeniedException} for rejected credentials or permissions, a plain
 * {@link IOException} for an unreachable endpoint.
 */
@ConsumerType
public interface StorageBackend {

  /** Service property: the URI schemes a backend serves, for example {@code hdfs}. */
  String SCHEMES_PROPERTY = "visualdl.storage.schemes";

  /** The URI schemes this backend serves, lower case, for example {@code [file]}. */
  Set<String> schemes();

  /**
   * Every file below {@code root}, at any depth, in no particular order. One call is one listing
   * of the store (paginated inside the backend), never a request per file: the maintainer calls
   * it once per log directory per poll.
   *
   * @throws java.nio.file.NoSuchFileException when the root (or its bucket) does not exist; an
   *     S3 prefix without objects is an empty list, as S3 has no folders
   */
  List<FileStat> list(URI root) throws IOException;

  /**
   * {@link #list} with what got in the way: a backend whose listing can partly fail (a local
   * folder that cannot be read, a symbolic link leading outside the root) reports it here and
   * lists the rest. The default wraps {@link #list}.
   */
  default Listing listing(URI root) throws IOException {
    return Listing.of(list(root));
  }

  /**
   * Whether a file's bytes can change in place without its {@link FileStat#key() key} or size
   * telling (local files can be cut and written again). Readers then compare a few bytes they
   * read before; on append-only stores (HDFS) and immutable objects (S3) that costs requests for
   * nothing. Default {@code false}.
   */
  default boolean rewritableInPlace() {
    return false;
  }

  /**
   * Requests made to the store and bytes read since the backend started, by name (for example
   * {@code list}, {@code get}, {@code stat}, {@code bytesRead}), for benchmarks and the health
   * report. Default: none counted.
   */
  default java.util.Map<String, Long> counters() {
    return java.util.Map.of();
  }

  /**
   * One file's size, time and key (one request).
   *
   * @throws java.nio.file.NoSuchFileException when there is no such file
   */
  FileStat stat(URI file) throws IOException;

  /** Opens a file for positional reads. */
  SeekableByteSource open(URI file) throws IOException;

  /**
   * Creates a new file (and its parent folders where the store has folders) for writing.
   *
   * @throws java.nio.file.FileAlreadyExistsException when it exists
   */
  StorageWriter create(URI file) throws IOException;

  /** Opens a file to write after its end, creating it when it does not exist. */
  StorageWriter append(URI file) throws IOException;

  /** Removes a file; nothing happens when there is none. */
  void delete(URI file) throws IOException;
}
