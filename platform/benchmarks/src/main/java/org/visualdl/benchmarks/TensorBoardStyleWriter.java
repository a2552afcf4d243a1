package org.visualdl.benchmarks;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The baseline: a per-point writer as TensorBoard's writers work. Every point becomes one
 * {@code Event} message ({@code wall_time} double field 1, {@code step} int64 field 2,
 * {@code summary} field 5 holding {@code value {tag = 1, simple_value = 2}}), serialized to its own
 * byte array as {@code toByteArray()} would, then framed as a TFRecord (length, masked CRC32C of the
 * length, payload, masked CRC32C of the payload) into a buffered stream. Thread-safe by one lock,
 * like the SDK it is compared with.
 */
public final class TensorBoardStyleWriter implements Closeable {
  private final OutputStream out;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private final CRC32C crc = new CRC32C();

  public TensorBoardStyleWriter(Path file) throws IOException {
    this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
  }

  /** The serialized Event of one scalar point. */
  public static byte[] event(String tag, long step, float value, double wallTime) {
    try {
      byte[] tagBytes = tag.getBytes(StandardCharsets.UTF_8);
      int valueSize = CodedOutputStream.computeTagSize(1)
          + CodedOutputStream.computeUInt32SizeNoTag(tagBytes.length) + tagBytes.length
          + CodedOutputStream.computeFloatSize(2, value);
      int summarySize = CodedOutputStream.computeTagSize(1)
          + CodedOutputStream.computeUInt32SizeNoTag(valueSize) + valueSize;
      int eventSize = CodedOutputStream.computeDoubleSize(1, wallTime)
          + CodedOutputStream.computeInt64Size(2, step)
          + CodedOutputStream.computeTagSize(5)
          + CodedOutputStream.computeUInt32SizeNoTag(summarySize) + summarySize;
      byte[] event = new byte[eventSize];
      CodedOutputStream o = CodedOutputStream.newInstance(event);
      o.writeDouble(1, wallTime);
      o.writeInt64(2, step);
      o.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(summarySize);
      o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(valueSize);
      o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(tagBytes.length);
      o.writeRawBytes(tagBytes);
      o.writeFloat(2, value);
      o.checkNoSpaceLeft();
      return event;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public synchronized void addScalar(String tag, long step, float value) throws IOException {
    byte[] event = event(tag, step, value, System.currentTimeMillis() / 1000.0);
    putLongLE(header, 0, event.length);
    putIntLE(header, 8, maskedCrc(header, 0, 8));
    putIntLE(footer, 0, maskedCrc(event, 0, event.length));
    out.write(header);
    out.write(event);
    out.write(footer);
  }

  private int maskedCrc(byte[] b, int off, int len) {
    crc.reset();
    crc.update(b, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static void putLongLE(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  private static void putIntLE(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
