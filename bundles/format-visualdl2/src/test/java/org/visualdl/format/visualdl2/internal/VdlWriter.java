package org.visualdl.format.visualdl2.internal;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small writer of VisualDL 2.x files for tests: {@code u64 LE length | Record}, hand-encoded. */
final class VdlWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A protobuf message built by hand. */
  static final class Msg {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream o = CodedOutputStream.newInstance(bytes);

    private interface Write {
      void run() throws IOException;
    }

    private Msg w(Write w) {
      try {
        w.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Msg str(int field, String v) {
      return w(() -> o.writeByteArray(field, v.getBytes(StandardCharsets.UTF_8)));
    }

    Msg bytes(int field, byte[] v) {
      return w(() -> o.writeByteArray(field, v));
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.toBytes());
    }

    Msg varint(int field, long v) {
      return w(() -> o.writeInt64(field, v));
    }

    /** A bare varint, to build the content of a packed field. */
    Msg rawVarint(long v) {
      return w(() -> o.writeInt64NoTag(v));
    }

    Msg f64(int field, double v) {
      return w(() -> o.writeDouble(field, v));
    }

    Msg f32(int field, float v) {
      return w(() -> o.writeFloat(field, v));
    }

    Msg packedDoubles(int field, double... v) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      CodedOutputStream c = CodedOutputStream.newInstance(b);
      try {
        for (double d : v) {
          c.writeDoubleNoTag(d);
        }
        c.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes(field, b.toByteArray());
    }

    Msg packedFloats(int field, float... v) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      CodedOutputStream c = CodedOutputStream.newInstance(b);
      try {
        for (float d : v) {
          c.writeFloatNoTag(d);
        }
        c.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes(field, b.toByteArray());
    }

    byte[] toBytes() {
      return w(o::flush).bytes.toByteArray();
    }
  }

  static Msg msg() {
    return new Msg();
  }

  /** A Value with step (left out when 0, as proto3 does), tag and timestamp. */
  static Msg value(long step, String tag, long timestamp) {
    Msg v = msg();
    if (step != 0) {
      v.varint(1, step);
    }
    return v.str(2, tag).varint(3, timestamp);
  }

  VdlWriter meta(String displayName, long timestamp) {
    return record(value(0, "meta_data_tag", timestamp).msg(10, msg().str(1, displayName)));
  }

  VdlWriter scalar(String tag, long step, float v, long timestamp) {
    return record(value(step, tag, timestamp).f32(4, v));
  }

  VdlWriter record(Msg value) {
    return raw(msg().msg(1, value).toBytes());
  }

  VdlWriter raw(byte[] payload) {
    byte[] len = new byte[8];
    for (int i = 0; i < 8; i++) {
      len[i] = (byte) ((long) payload.length >>> (8 * i));
    }
    out.writeBytes(len);
    out.writeBytes(payload);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes());
  }
}
