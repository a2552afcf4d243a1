package org.visualdl.format.tensorboard.internal;

import org.visualdl.storage.format.BlobLocator;

/**
 * Locators of blobs in event files, over storage's {@link BlobLocator}: summary values by record
 * offset, value index and image or clip index; the graphs held by a field of the Event itself
 * (graph_def 4, meta_graph_def 9) by the flag, the last value index (which no value gets) and the
 * field number as sub-index.
 */
final class EventLocators {
  private EventLocators() {}

  static long ofEventField(long recordOffset, int field) {
    return BlobLocator.flagged(recordOffset, BlobLocator.MAX_VALUE_INDEX, field);
  }

  static boolean isEventField(long locator) {
    return BlobLocator.isFlagged(locator)
        && BlobLocator.valueIndex(locator) == BlobLocator.MAX_VALUE_INDEX;
  }

  /** Whether the value at {@code index} can have a blob (the last index is the Event's own). */
  static boolean fits(long recordOffset, int index, int sub) {
    return index < BlobLocator.MAX_VALUE_INDEX && BlobLocator.fits(recordOffset, index, sub);
  }
}
