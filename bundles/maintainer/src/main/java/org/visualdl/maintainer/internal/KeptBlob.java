package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.visualdl.api.BlobRef;
import org.visualdl.api.format.LogFormat;

/**
 * A blob kept in memory by its reference, and how the format that wrote it finds it again: the
 * file, the locator, and which file that was (its identity when read), so that a locator is never
 * used against another file put under the same name.
 */
record KeptBlob(BlobRef ref, LogFormat format, Path file, long locator, FileIdentity identity) {

  KeptBlob(BlobRef ref, LogFormat format, Path file, long locator) {
    this(ref, format, file, locator, null);
  }

  /** Whether the file on disk is still the one the blob was read from. */
  boolean fileUnchanged() {
    return identity == null || identity.stillMatches(file);
  }

  /** Reads the payload again from disk, through the blob's format. */
  byte[] read() {
    try {
      return format.readBlob(file, locator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the blob at step " + ref.step() + ", index "
          + ref.index() + " again from " + file + ": " + e.getMessage(), e);
    }
  }
}
