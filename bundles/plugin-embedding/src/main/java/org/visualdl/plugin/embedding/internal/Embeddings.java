package org.visualdl.plugin.embedding.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.MetadataRow;

/** Reads the plugin's kind from the store: {@code embedding} blobs, decoded. */
final class Embeddings {
  static final Kind KIND = new Kind(BuiltinKind.EMBEDDING.kindName());

  private Embeddings() {}

  /**
   * The kept embeddings of a tablet in step order, from their headers; blobs of a newer payload
   * version than this plugin reads, or whose header does not decode, are left out. Empty when
   * there is no such tablet.
   */
  static Optional<List<EmbeddingSample>> kept(LogStore store, String run, String tag) {
    return store.blobs(run, tag, KIND).map(refs -> {
      List<EmbeddingSample> out = new ArrayList<>(refs.size());
      for (BlobRef ref : refs) {
        if (ref.index() != 0 || ref.payloadVersion() > BuiltinKind.EMBEDDING.payloadVersion()) {
          continue;
        }
        try {
          Embedding h = Embedding.parseFrom(ref.header());
          EmbeddingSample.SpriteCell sprite = h.hasSprite()
              ? new EmbeddingSample.SpriteCell(h.getSprite().getMediaType(),
                  h.getSprite().getCellWidth(), h.getSprite().getCellHeight())
              : null;
          out.add(new EmbeddingSample(ref.step(), ref.wallTimeMs(), h.getRows(), h.getDims(),
              sprite));
        } catch (InvalidProtocolBufferException e) {
          // A damaged header: the step is not listed.
        }
      }
      return out;
    });
  }

  /**
   * The embedding kept at a step, read from disk; empty when none is kept there.
   *
   * @throws UncheckedIOException when it can no longer be read, or does not decode
   */
  static Optional<Embedding> payload(LogStore store, String run, String tag, long step) {
    return store.blob(run, tag, KIND, step, 0).map(bytes -> {
      try {
        return Embedding.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new UncheckedIOException("the embedding '" + tag + "' of run '" + run
            + "' at step " + step + " is damaged on disk", e);
      }
    });
  }

  /** The matrix kept at a step, read from disk and decoded; empty when none is kept there. */
  static Optional<EmbeddingMatrix> matrix(LogStore store, String run, String tag, long step) {
    return payload(store, run, tag, step).map(e -> matrix(step, e));
  }

  static EmbeddingMatrix matrix(long step, Embedding e) {
    float[] values = new float[e.getValuesCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = e.getValues(i);
    }
    List<List<String>> rows = new ArrayList<>(e.getMetadataRowsCount());
    for (MetadataRow r : e.getMetadataRowsList()) {
      rows.add(List.copyOf(r.getCellsList()));
    }
    return new EmbeddingMatrix(step, e.getRows(), e.getDims(), values,
        List.copyOf(e.getLabelsList()), List.copyOf(e.getMetadataHeaderList()), rows);
  }
}
