package org.visualdl.format.tensorboard.internal;

/** One tag of a file: whether it was declared, and the scalar points collected in this pass. */
final class TagState {
  final String tag;
  boolean declared;
  long[] steps;
  double[] values;
  long[] walls;
  int count;
  boolean pending;

  TagState(String tag) {
    this.tag = tag;
  }
}
