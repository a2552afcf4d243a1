package org.visualdl.api.storage;

import java.net.URI;
import java.util.Objects;

/**
 * One file found by {@link StorageBackend#list}: what a reader needs to decide whether to read it
 * again, without asking the store anything more.
 *
 * <pre>{@code
 * if (!f.key().equals(known.key()) || f.size() < known.size()) restartFromZero();   // replaced
 * else if (f.size() > known.size()) readFrom(known.size());                          // grown
 * }</pre>
 *
 * @param uri the file's absolute URI, which {@link StorageBackend#open} accepts
 * @param relativePath the path below the listed root, segments separated by {@code /}, never
 *     starting with one (for example {@code exp1/train/1700000000000.host.42.0.vdl})
 * @param size bytes readable now, as far as the store has told
 * @param modifiedMs last modification, milliseconds since the epoch (0 when the store has none)
 * @param key a stable identity of the file's content lineage: the same while a file only grows,
 *     different when it is deleted and written again under the same name (local: device and
 *     inode; HDFS: the inode's file id; S3: the object's key and the ETag of its first segment)
 */
public record FileStat(URI uri, String relativePath, long size, long modifiedMs, String key) {

  public FileStat {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + uri);
    }
  }

  /** The last path segment, for example {@code 1700000000000.host.42.0.vdl}. */
  public String name() {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? relativePath : relativePath.substring(slash + 1);
  }

  /** The folder below the listed root that holds the file, {@code ""} for the root itself. */
  public String parent() {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? "" : relativePath.substring(0, slash);
  }
}
