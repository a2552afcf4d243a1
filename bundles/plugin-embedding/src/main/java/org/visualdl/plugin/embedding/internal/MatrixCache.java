package org.visualdl.plugin.embedding.internal;

import java.lang.ref.SoftReference;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps the last matrix read from disk (softly: the JVM may drop it under memory pressure), so
 * that clicking through neighbours of one embedding does not read it again each time.
 */
final class MatrixCache {
  private record Key(String run, String tag, long step, long version) {}

  private record Entry(Key key, SoftReference<EmbeddingMatrix> matrix) {}

  private volatile Entry last;

  Optional<EmbeddingMatrix> get(
      String run, String tag, long step, long version, Supplier<Optional<EmbeddingMatrix>> read) {
    Key key = new Key(run, tag, step, version);
    Entry e = last;
    if (e != null && e.key().equals(key)) {
      EmbeddingMatrix m = e.matrix().get();
      if (m != null) {
        return Optional.of(m);
      }
    }
    Optional<EmbeddingMatrix> m = read.get();
    m.ifPresent(matrix -> last = new Entry(key, new SoftReference<>(matrix)));
    return m;
  }
}
