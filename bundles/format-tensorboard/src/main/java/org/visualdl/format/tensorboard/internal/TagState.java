package org.visualdl.format.tensorboard.internal;

import org.visualdl.storage.format.ScalarBatcher;

/** One tag of a file: whether it was declared, and its scalar points collected in this pass. */
final class TagState {
  final String tag;
  final ScalarBatcher.Batch scalars;
  boolean declared;

  TagState(String tag, ScalarBatcher batcher) {
    this.tag = tag;
    this.scalars = batcher.batch(tag);
  }
}
