package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a {@code tensorflow.TensorProto} this reader uses, decoded by hand over the bytes
 * of a record: dtype (1), shape (2 {dim 2 {size 1}}), tensor_content (4), float_val (5),
 * double_val (6), int_val (7), string_val (8), int64_val (10). Nothing is allocated by a length
 * that was not checked against the bytes present.
 */
final class TensorView {
  static final int DT_FLOAT = 1;
  static final int DT_DOUBLE = 2;
  static final int DT_INT32 = 3;
  static final int DT_STRING = 7;
  static final int DT_INT64 = 9;
  static final int DT_UINT8 = 4;
  static final int DT_INT16 = 5;
  static final int DT_INT8 = 6;
  static final int DT_BFLOAT16 = 14;
  static final int DT_UINT16 = 17;
  static final int DT_HALF = 19;
  static final int DT_UINT32 = 22;
  static final int DT_UINT64 = 23;
  private static final int MAX_RANK = 16;

  int dtype;
  final long[] dims = new long[MAX_RANK];
  int rank;
  boolean rankTooLarge;
  byte[] buf;
  int contentOff = -1;
  int contentLen;
  final DoubleList values = new DoubleList();
  final IntList stringOffs = new IntList();
  final IntList stringLens = new IntList();

  /** Parses the TensorProto in {@code buf[off, off+len)}. */
  static TensorView parse(byte[] buf, int off, int len) throws IOException {
    TensorView t = new TensorView();
    t.buf = buf;
    CodedInputStream in = CodedInputStream.newInstance(buf, off, len);
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      switch (field) {
        case 1 -> {
          if (wire != WireFormat.WIRETYPE_VARINT) {
            in.skipField(tag);
          } else {
            t.dtype = in.readEnum();
          }
        }
        case 2 -> {
          if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            in.skipField(tag);
          } else {
            t.parseShape(in);
          }
        }
        case 4 -> {
          if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            in.skipField(tag);
          } else {
            int n = in.readRawVarint32();
            checkLength(in, n);
            t.contentOff = off + in.getTotalBytesRead();
            t.contentLen = n;
            in.skipRawBytes(n);
          }
        }
        case 5 -> readFloats(in, wire, t.values, tag);
        case 6 -> readDoubles(in, wire, t.values, tag);
        case 7, 10, 16, 17 -> readVarints(in, wire, t.values, tag, field == 7);
        case 13 -> readHalves(in, wire, t, tag);
        case 8 -> {
          if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            in.skipField(tag);
          } else {
            int n = in.readRawVarint32();
            checkLength(in, n);
            t.stringOffs.add(off + in.getTotalBytesRead());
            t.stringLens.add(n);
            in.skipRawBytes(n);
          }
        }
        default -> in.skipField(tag);
      }
    }
    return t;
  }

  private void parseShape(CodedInputStream in) throws IOException {
    int limit = in.pushLimit(checkLength(in, in.readRawVarint32()));
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == (2 << 3 | 2)) {
        int dimLimit = in.pushLimit(checkLength(in, in.readRawVarint32()));
        long size = 0;
        int t;
        while ((t = in.readTag()) != 0) {
          if (t == (1 << 3)) {
            size = in.readInt64();
          } else {
            in.skipField(t);
          }
        }
        in.popLimit(dimLimit);
        if (rank < MAX_RANK) {
          dims[rank++] = size;
        } else {
          rankTooLarge = true;
        }
      } else {
        in.skipField(tag);
      }
    }
    in.popLimit(limit);
  }

  static int checkLength(CodedInputStream in, int n) throws IOException {
    if (n < 0 || (in.getBytesUntilLimit() >= 0 && n > in.getBytesUntilLimit())) {
      throw new IOException("length " + n + " beyond the bytes present");
    }
    return n;
  }

  private static void readFloats(CodedInputStream in, int wire, DoubleList out, int tag)
      throws IOException {
    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(checkLength(in, in.readRawVarint32()));
      while (in.getBytesUntilLimit() >= 4) {
        out.add(in.readFloat());
      }
      in.skipRawBytes(in.getBytesUntilLimit());
      in.popLimit(limit);
    } else if (wire == WireFormat.WIRETYPE_FIXED32) {
      out.add(in.readFloat());
    } else {
      in.skipField(tag);
    }
  }

  private static void readDoubles(CodedInputStream in, int wire, DoubleList out, int tag)
      throws IOException {
    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(checkLength(in, in.readRawVarint32()));
      while (in.getBytesUntilLimit() >= 8) {
        out.add(in.readDouble());
      }
      in.skipRawBytes(in.getBytesUntilLimit());
      in.popLimit(limit);
    } else if (wire == WireFormat.WIRETYPE_FIXED64) {
      out.add(in.readDouble());
    } else {
      in.skipField(tag);
    }
  }

  /** half_val: the 16 bits of each half or bfloat16 value in an int32. */
  private static void readHalves(CodedInputStream in, int wire, TensorView t, int tag)
      throws IOException {
    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(checkLength(in, in.readRawVarint32()));
      while (in.getBytesUntilLimit() > 0) {
        t.values.add(t.halfBits(in.readInt32()));
      }
      in.popLimit(limit);
    } else if (wire == WireFormat.WIRETYPE_VARINT) {
      t.values.add(t.halfBits(in.readInt32()));
    } else {
      in.skipField(tag);
    }
  }

  private double halfBits(int bits) {
    return dtype == DT_BFLOAT16 ? Float.intBitsToFloat((bits & 0xffff) << 16) : half(bits);
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
  static float half(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static void readVarints(CodedInputStream in, int wire, DoubleList out, int tag,
      boolean int32) throws IOException {
    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(checkLength(in, in.readRawVarint32()));
      while (in.getBytesUntilLimit() > 0) {
        out.add(int32 ? in.readInt32() : in.readInt64());
      }
      in.popLimit(limit);
    } else if (wire == WireFormat.WIRETYPE_VARINT) {
      out.add(int32 ? in.readInt32() : in.readInt64());
    } else {
      in.skipField(tag);
    }
  }

  /** Number of elements the shape says, or -1 when it does not fit a long. */
  long elementCount() {
    long n = 1;
    for (int i = 0; i < rank; i++) {
      if (dims[i] < 0) {
        return -1;
      }
      n = dims[i] == 0 ? 0 : (n > Long.MAX_VALUE / dims[i] ? -1 : n * dims[i]);
      if (n < 0) {
        return -1;
      }
    }
    return n;
  }

  boolean numeric() {
    return width() > 0;
  }

  /** Bytes per element in tensor_content, or 0 for a type that is not a number. */
  private int width() {
    return switch (dtype) {
      case DT_UINT8, DT_INT8 -> 1;
      case DT_INT16, DT_UINT16, DT_HALF, DT_BFLOAT16 -> 2;
      case DT_FLOAT, DT_INT32, DT_UINT32 -> 4;
      case DT_DOUBLE, DT_INT64, DT_UINT64 -> 8;
      default -> 0;
    };
  }

  /** Element {@code i} of tensor_content. */
  private double element(int i) {
    int p = contentOff + i * width();
    return switch (dtype) {
      case DT_FLOAT -> Float.intBitsToFloat(TfRecords.getIntLE(buf, p));
      case DT_DOUBLE -> Double.longBitsToDouble(TfRecords.getLongLE(buf, p));
      case DT_INT32 -> TfRecords.getIntLE(buf, p);
      case DT_UINT32 -> TfRecords.getIntLE(buf, p) & 0xffffffffL;
      case DT_INT64 -> TfRecords.getLongLE(buf, p);
      case DT_UINT64 -> {
        long v = TfRecords.getLongLE(buf, p);
        yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      }
      case DT_UINT8 -> buf[p] & 0xff;
      case DT_INT8 -> buf[p];
      case DT_INT16 -> (short) ((buf[p] & 0xff) | buf[p + 1] << 8);
      case DT_UINT16 -> (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
      case DT_HALF -> half((buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8);
      default -> Float.intBitsToFloat(((buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8) << 16);
    };
  }

  /** The numbers of a numeric tensor, from tensor_content or the repeated fields; bounded by the bytes present. */
  double[] numbers() {
    if (contentOff >= 0 && width() > 0) {
      int n = contentLen / width();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = element(i);
      }
      return out;
    }
    return values.toArray();
  }

  /** The first number of a numeric tensor; NaN when it holds none. */
  double firstNumber() {
    if (contentOff >= 0 && width() > 0) {
      return contentLen < width() ? Double.NaN : element(0);
    }
    return values.size() > 0 ? values.get(0) : Double.NaN;
  }

  int stringCount() {
    return stringOffs.size();
  }

  String string(int i) {
    return new String(buf, stringOffs.get(i), stringLens.get(i), StandardCharsets.UTF_8);
  }

  /** A growable list of doubles without boxing. */
  static final class DoubleList {
    private double[] a = new double[8];
    private int n;

    void add(double v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    double get(int i) {
      return a[i];
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  /** A growable list of ints without boxing. */
  static final class IntList {
    private int[] a = new int[4];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    int get(int i) {
      return a[i];
    }
  }
}
