package org.visualdl.maintainer.internal;

/** The two shapes a non-scalar tablet's records take; a tablet's first record fixes it. */
enum RecordShape {
  /** Small payloads kept in memory. */
  SAMPLES,
  /** Large payloads kept on disk, read again by locator. */
  BLOBS;

  String describe() {
    return this == SAMPLES ? "samples" : "blobs";
  }
}
