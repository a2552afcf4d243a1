package org.visualdl.format.tensorboard.internal;

import org.visualdl.storage.format.ScalarBatcher;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The state of each tag of a file, found from the tag's bytes without decoding them again: event
 * files repeat the same few tags in every record, so a small table keyed by the bytes turns the
 * per-point cost of a tag into one hash over a few bytes.
 */
final class TagCache {
  private static final int SLOTS = 1024;
  private final byte[][] keys = new byte[SLOTS][];
  private final TagState[] values = new TagState[SLOTS];
  private final Map<String, TagState> all = new HashMap<>();
  private final ScalarBatcher batcher;

  /** @param batcher where the tags' scalar points are collected */
  TagCache(ScalarBatcher batcher) {
    this.batcher = batcher;
  }

  TagState get(byte[] b, int off, int len) {
    int h = 1;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    byte[] k = keys[slot];
    if (k != null && Arrays.equals(k, 0, k.length, b, off, off + len)) {
      return values[slot];
    }
    TagState s = get(new String(b, off, len, StandardCharsets.UTF_8));
    if (len <= 1024) {
      keys[slot] = Arrays.copyOfRange(b, off, off + len);
      values[slot] = s;
    }
    return s;
  }

  TagState get(String tag) {
    return all.computeIfAbsent(tag, t -> new TagState(t, batcher));
  }

  /** Forgets which tags were declared (the file is read again from its start). */
  void undeclareAll() {
    for (TagState s : all.values()) {
      s.declared = false;
    }
  }
}
