package org.visualdl.format.tensorboard.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A small writer of TensorBoard event files for tests: TFRecord framing and hand-encoded
 * {@code Event} protobufs, so the reader is tested without TensorFlow and without the corpus.
 */
final class EventWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A protobuf message being built by hand. */
  static final class Msg {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream o = CodedOutputStream.newInstance(bytes);

    Msg str(int field, String v) {
      return bytes(field, v.getBytes(StandardCharsets.UTF_8));
    }

    Msg bytes(int field, byte[] v) {
      try {
        o.writeByteArray(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.toBytes());
    }

    Msg varint(int field, long v) {
      try {
        o.writeInt64(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Msg f32(int field, float v) {
      try {
        o.writeFloat(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Msg f64(int field, double v) {
      try {
        o.writeDouble(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
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

    byte[] toBytes() {
      try {
        o.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  static Msg msg() {
    return new Msg();
  }

  static Msg metadata(String plugin) {
    return msg().msg(1, msg().str(1, plugin));
  }

  /** A DT_FLOAT TensorProto of that shape, its values little-endian in tensor_content. */
  static Msg floatTensor(long[] dims, float... values) {
    byte[] content = new byte[values.length * 4];
    for (int i = 0; i < values.length; i++) {
      putInt(content, i * 4, Float.floatToIntBits(values[i]));
    }
    return msg().varint(1, 1).msg(2, shape(dims)).bytes(4, content);
  }

  static Msg shape(long... dims) {
    Msg s = msg();
    for (long d : dims) {
      s.msg(2, msg().varint(1, d));
    }
    return s;
  }

  EventWriter fileVersion(double wall) {
    return event(msg().f64(1, wall).str(3, "brain.Event:2"));
  }

  EventWriter scalar(String tag, long step, float value, double wall) {
    return value(step, wall, msg().str(1, tag).f32(2, value));
  }

  /** A TF2 scalar: a rank-0 float tensor with plugin "scalars". */
  EventWriter tensorScalar(String tag, long step, float value, double wall, boolean withMeta) {
    byte[] content = new byte[4];
    int bits = Float.floatToIntBits(value);
    for (int i = 0; i < 4; i++) {
      content[i] = (byte) (bits >>> (8 * i));
    }
    Msg v = msg().str(1, tag).msg(8, msg().varint(1, 1).msg(2, shape()).bytes(4, content));
    if (withMeta) {
      v.msg(9, metadata("scalars"));
    }
    return value(step, wall, v);
  }

  EventWriter value(long step, double wall, Msg value) {
    return event(msg().f64(1, wall).varint(2, step).msg(5, msg().msg(1, value)));
  }

  EventWriter event(Msg event) {
    return raw(event.toBytes());
  }

  EventWriter raw(byte[] payload) {
    byte[] header = new byte[12];
    for (int i = 0; i < 8; i++) {
      header[i] = (byte) ((long) payload.length >>> (8 * i));
    }
    putInt(header, 8, TfRecords.maskedCrc(header, 0, 8));
    byte[] footer = new byte[4];
    putInt(footer, 0, TfRecords.maskedCrc(payload, 0, payload.length));
    out.writeBytes(header);
    out.writeBytes(payload);
    out.writeBytes(footer);
    return this;
  }

  private static void putInt(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes());
    return file;
  }

  Path appendTo(Path file) throws IOException {
    Files.write(file, bytes(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    out.reset();
    return file;
  }

  /** A 1x1 (or w x h) PNG header good enough for the reader's sniffing. */
  static byte[] png(int width, int height, int colorType, int extraBytes) {
    byte[] b = new byte[33 + extraBytes];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D',
        'R'};
    System.arraycopy(sig, 0, b, 0, sig.length);
    b[16] = (byte) (width >>> 24);
    b[17] = (byte) (width >>> 16);
    b[18] = (byte) (width >>> 8);
    b[19] = (byte) width;
    b[20] = (byte) (height >>> 24);
    b[21] = (byte) (height >>> 16);
    b[22] = (byte) (height >>> 8);
    b[23] = (byte) height;
    b[24] = 8;
    b[25] = (byte) colorType;
    return b;
  }

  static ByteString bs(byte[] b) {
    return ByteString.copyFrom(b);
  }
}
