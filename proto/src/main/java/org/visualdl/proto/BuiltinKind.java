package org.visualdl.proto;

/**
 * The kinds VisualDL defines itself: each a name (what {@code org.visualdl.api.Kind} holds), the
 * shape its records take, and the version of its payload schema. Writers stamp that version on
 * what they write; readers of a kind skip payloads of a newer version than they know.
 *
 * <pre>{@code
 * Kind histogram = new Kind(BuiltinKind.HISTOGRAM.kindName());
 * }</pre>
 */
public enum BuiltinKind {
  /** {@link Histogram} payloads. */
  HISTOGRAM("histogram", Shape.SHAPE_SAMPLES, 1),
  /** {@link Image} payloads; a blob's header is the image without its bytes. */
  IMAGE("image", Shape.SHAPE_BLOBS, 1),
  /**
   * {@link Embedding} payloads; a blob's header holds rows and dims only, plus the sprite without
   * its bytes when the embedding has thumbnails.
   */
  EMBEDDING("embedding", Shape.SHAPE_BLOBS, 1),
  /** {@link Text} payloads. */
  TEXT("text", Shape.SHAPE_SAMPLES, 1),
  /** {@link Audio} payloads; a blob's header is the audio without its bytes. */
  AUDIO("audio", Shape.SHAPE_BLOBS, 1),
  /** {@link PrCurve} payloads. */
  PR_CURVE("pr-curve", Shape.SHAPE_SAMPLES, 1),
  /** {@link RocCurve} payloads. */
  ROC_CURVE("roc-curve", Shape.SHAPE_SAMPLES, 1),
  /** {@link Hparams} payloads. */
  HPARAMS("hparams", Shape.SHAPE_SAMPLES, 1),
  /** {@link GraphModel} payloads (a model file's bytes and their format); a blob's header is the
   * message without {@code data}. */
  GRAPH("graph", Shape.SHAPE_BLOBS, 1);

  private final String kindName;
  private final Shape shape;
  private final int payloadVersion;

  BuiltinKind(String kindName, Shape shape, int payloadVersion) {
    this.kindName = kindName;
    this.shape = shape;
    this.payloadVersion = payloadVersion;
  }

  /** The kind's name, for example {@code "pr-curve"}. */
  public String kindName() {
    return kindName;
  }

  /** Whether records of this kind are samples (in memory) or blobs (on disk). */
  public Shape shape() {
    return shape;
  }

  /** The version of the payload schema this build writes and reads. */
  public int payloadVersion() {
    return payloadVersion;
  }

  /** The built-in kind of that name, or null. */
  public static BuiltinKind byName(String kindName) {
    for (BuiltinKind k : values()) {
      if (k.kindName.equals(kindName)) {
        return k;
      }
    }
    return null;
  }
}
