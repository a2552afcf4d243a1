package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.visualdl.api.BlobRef;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.storage.FileStat;

/**
 * A blob kept in memory by its reference, and how the format that wrote it finds it again: the
 * file, the locator, and the file's listing entry when it was read, so that a locator is never
 * used against another file put under the same name.
 */
record KeptBlob(BlobRef ref, LogFormat format, LogFile file, long locator, FileStat stat) {

  KeptBlob(BlobRef ref, LogFormat format, LogFile file, long locator) {
    this(ref, format, file, locator, null);
  }

  /**
   * Whether the file is still the one the blob was read from: the directory's latest listing has
   * it under the same key with at least the bytes it had then.
   */
  boolean fileUnchanged() {
    if (stat == null) {
      return true;
    }
    if (file instanceof ListedFile listed) {
      return listed.stillHolds(stat);
    }
    FileStat now = file.stat();
    return now.key().equals(stat.key()) && now.size() >= stat.size();
  }

  /** Reads the payload again from the store, through the blob's format. */
  byte[] read() {
    try {
      return format.readBlob(file, locator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the blob at step " + ref.step() + ", index "
          + ref.index() + " again from " + file + ": " + e.getMessage(), e);
    }
  }
}
