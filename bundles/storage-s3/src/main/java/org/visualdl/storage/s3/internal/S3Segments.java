package org.visualdl.storage.s3.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How a file that grows is kept on S3, whose objects cannot be appended: every flush of a writer
 * writes one more immutable object, a <em>segment</em>, named
 * {@code <file key>.seg/<offset of its first byte, 19 digits>}. Segments sort in write order by
 * name, and the names alone say where each belongs, so a reader sees the file as the
 * concatenation of its segments up to the first gap.
 */
final class S3Segments {

  static final String SUFFIX = ".seg/";
  static final int DIGITS = 19;

  private S3Segments() {}

  /** One object of a file: its key, the file offset of its first byte, its size and ETag. */
  record Segment(String key, long start, long size, String eTag, long modifiedMs) {
    long end() {
      return start + size;
    }
  }

  static String segmentKey(String fileKey, long start) {
    return fileKey + SUFFIX + String.format("%0" + DIGITS + "d", start);
  }

  /** The file a segment object belongs to, or null when {@code objectKey} is not a segment. */
  static String fileKeyOf(String objectKey) {
    int at = objectKey.lastIndexOf(SUFFIX);
    if (at <= 0 || objectKey.length() - at - SUFFIX.length() != DIGITS) {
      return null;
    }
    for (int i = at + SUFFIX.length(); i < objectKey.length(); i++) {
      if (!Character.isDigit(objectKey.charAt(i))) {
        return null;
      }
    }
    return objectKey.substring(0, at);
  }

  static long startOf(String segmentKey) {
    return Long.parseLong(segmentKey.substring(segmentKey.length() - DIGITS));
  }

  /** The segments in order, cut at the first gap or overlap (a reader must not skip bytes). */
  static List<Segment> contiguous(List<Segment> segments) {
    List<Segment> sorted = new ArrayList<>(segments);
    sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
    List<Segment> out = new ArrayList<>();
    long next = 0;
    for (Segment s : sorted) {
      if (s.start() != next) {
        break;
      }
      out.add(s);
      next = s.end();
    }
    return out;
  }

  static long length(List<Segment> segments) {
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
  }
}
