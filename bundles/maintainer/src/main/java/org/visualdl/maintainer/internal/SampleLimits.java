package org.visualdl.maintainer.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.visualdl.api.Kind;

/**
 * How many steps one tablet keeps: a default per shape, and overrides per kind.
 *
 * @param samples steps kept per samples tablet unless its kind is overridden
 * @param blobs steps kept per blob-sequence tablet unless its kind is overridden (all the blobs
 *     of a step count as one)
 * @param perKind overrides by kind name
 */
record SampleLimits(int samples, int blobs, Map<String, Integer> perKind) {
  /** The defaults: 1000 steps per tablet, 500 of images and 50 of embeddings. */
  static final String DEFAULT_PER_KIND = "image:500,embedding:50";

  static final SampleLimits DEFAULTS = new SampleLimits(1000, 1000, parsePerKind(DEFAULT_PER_KIND));

  SampleLimits {
    perKind = Map.copyOf(perKind);
  }

  /** How many steps a tablet of that kind and shape keeps. */
  int capacity(Kind kind, RecordShape shape) {
    Integer n = perKind.get(kind.id());
    if (n != null) {
      return n;
    }
    return shape == RecordShape.SAMPLES ? samples : blobs;
  }

  /**
   * Parses {@code "kind:count,kind:count"}.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  static Map<String, Integer> parsePerKind(String spec) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.lastIndexOf(':');
      String kind = colon < 0 ? "" : p.substring(0, colon).trim();
      int count;
      try {
        count = colon < 0 ? -1 : Integer.parseInt(p.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (!Kind.isValid(kind) || count < 1) {
        throw new IllegalArgumentException("'" + p + "' in keptPerKind is not kind:count (for"
            + " example image:500); fix it in the configuration");
      }
      out.put(kind, count);
    }
    return out;
  }
}
