package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The blobs of one step of a blob-sequence tablet (index 0..n-1), kept or dropped together.
 *
 * @param blobs in index order
 */
record BlobStep(long step, long wallTimeMs, List<KeptBlob> blobs) {
  static final long BYTES_PER_BLOB = 112;

  static BlobStep of(KeptBlob blob) {
    return new BlobStep(blob.ref().step(), blob.ref().wallTimeMs(), List.of(blob));
  }

  /**
   * What is kept when {@code next} arrives for the step {@code kept} holds: a newer wall time
   * starts the step over (a resumed run wrote it again); the same wall time adds the blob, or
   * replaces the one of its index; an older one is dropped.
   */
  static BlobStep merge(BlobStep kept, BlobStep next) {
    if (next.wallTimeMs > kept.wallTimeMs) {
      return next;
    }
    if (next.wallTimeMs < kept.wallTimeMs) {
      return kept;
    }
    List<KeptBlob> all = new ArrayList<>(kept.blobs.size() + next.blobs.size());
    for (KeptBlob b : kept.blobs) {
      if (next.blobs.stream().noneMatch(n -> n.ref().index() == b.ref().index())) {
        all.add(b);
      }
    }
    all.addAll(next.blobs);
    all.sort(Comparator.comparingInt(b -> b.ref().index()));
    return new BlobStep(kept.step, kept.wallTimeMs, List.copyOf(all));
  }

  long bytes() {
    long b = 0;
    for (KeptBlob k : blobs) {
      b += BYTES_PER_BLOB + k.ref().header().length;
    }
    return b;
  }

  KeptBlob atIndex(int index) {
    for (KeptBlob b : blobs) {
      if (b.ref().index() == index) {
        return b;
      }
    }
    return null;
  }
}
