package org.visualdl.plugin.graph.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf wire-format reader of a few lines, independent of protobuf-java and of our .proto
 * files, so tests compute what a file holds without the code under test.
 */
final class Wire {
  /** One field: number, wire type, and its varint value or bytes. */
  record Field(int number, int type, long varint, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private Wire() {}

  static List<Field> fields(byte[] b) {
    List<Field> out = new ArrayList<>();
    int[] at = {0};
    while (at[0] < b.length) {
      long key = varint(b, at);
      int number = (int) (key >>> 3);
      int type = (int) (key & 7);
      switch (type) {
        case 0 -> out.add(new Field(number, type, varint(b, at), null));
        case 1 -> { out.add(new Field(number, type, 0, slice(b, at[0], 8))); at[0] += 8; }
        case 5 -> { out.add(new Field(number, type, 0, slice(b, at[0], 4))); at[0] += 4; }
        case 2 -> {
          int len = (int) varint(b, at);
          out.add(new Field(number, type, 0, slice(b, at[0], len)));
          at[0] += len;
        }
        default -> throw new IllegalArgumentException("wire type " + type);
      }
    }
    return out;
  }

  static List<Field> all(List<Field> fields, int number) {
    return fields.stream().filter(f -> f.number() == number).toList();
  }

  static List<String> strings(List<Field> fields, int number) {
    return all(fields, number).stream().map(Field::string).toList();
  }

  private static byte[] slice(byte[] b, int from, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, from, out, 0, len);
    return out;
  }

  private static long varint(byte[] b, int[] at) {
    long r = 0;
    for (int shift = 0; ; shift += 7) {
      int c = b[at[0]++] & 0xff;
      r |= (long) (c & 0x7f) << shift;
      if (c < 0x80) {
        return r;
      }
    }
  }
}
