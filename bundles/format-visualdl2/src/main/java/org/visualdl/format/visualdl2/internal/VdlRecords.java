package org.visualdl.format.visualdl2.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * VisualDL 2.x framing ({@code u64 LE length | payload}) and the hard validation that stands in
 * for the checksum it lacks: the payload must decode as a {@code visualdl.Record} whose Values
 * all carry a tag and whose known fields have the wire types of VisualDL's {@code record.proto}.
 */
final class VdlRecords {
  static final int LENGTH_BYTES = 8;
  /** The smallest Record with a tagged Value: {@code 0a 02 12 00}. */
  static final int MIN_PAYLOAD = 4;
  static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
  /** A Record starts with its field 1 (values), length-delimited. */
  static final byte FIRST_BYTE = 0x0a;

  private VdlRecords() {}

  static long getLongLE(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  /** Null when {@code b[off, off+len)} is a plausible Record, else why not. */
  static String validate(byte[] b, int off, int len) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(b, off, len);
      int values = 0;
      int t;
      while ((t = in.readTag()) != 0) {
        if (t == 10) {
          int n = checkLength(in, in.readRawVarint32());
          int limit = in.pushLimit(n);
          String bad = validateValue(in);
          if (bad != null) {
            return bad;
          }
          in.popLimit(limit);
          values++;
        } else {
          in.skipField(t);
        }
      }
      return values == 0 ? "no value in the record" : null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private static String validateValue(CodedInputStream in) throws IOException {
    boolean tagged = false;
    int t;
    while ((t = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(t);
      int wire = WireFormat.getTagWireType(t);
      int expected = switch (field) {
        case 1, 3 -> WireFormat.WIRETYPE_VARINT;
        case 4 -> WireFormat.WIRETYPE_FIXED32;
        case 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
        default -> -1;
      };
      if (expected >= 0 && wire != expected) {
        return "field " + field + " of a value has wire type " + wire;
      }
      if (field == 2) {
        tagged = true;
      }
      if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        in.skipRawBytes(checkLength(in, in.readRawVarint32()));
      } else if (!in.skipField(t)) {
        return "a value ends in an end-group tag";
      }
    }
    return tagged ? null : "a value without a tag";
  }

  static int checkLength(CodedInputStream in, int n) throws IOException {
    if (n < 0 || (in.getBytesUntilLimit() >= 0 && n > in.getBytesUntilLimit())) {
      throw new IOException("length " + n + " beyond the bytes present");
    }
    return n;
  }
}
