package org.visualdl.storage;

import com.google.protobuf.CodedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.proto.Frame;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.internal.Crc32c;
import org.visualdl.storage.internal.Frames;

/**
 * Reads one record file from where the previous pass stopped, so a growing file is tailed by
 * calling {@link #readAvailable} again.
 *
 * <ul>
 *   <li>A last frame that is cut off (fewer bytes present than its length says) is not an error:
 *       it is left for the next pass.
 *   <li>A frame whose length CRC fails, whose length is beyond {@link Frames#MAX_PAYLOAD_BYTES},
 *       whose payload CRC fails, or whose payload does not decode is skipped and counted. To
 *       resynchronise after a bad length, the reader moves forward one byte at a time until it
 *       finds a header whose length CRC holds and whose payload CRC holds too (or whose payload is
 *       not fully present yet, which ends the pass). A length is never trusted before its CRC is
 *       checked and never beyond the bytes present.
 *   <li>Unknown fields and frame kinds written by newer writers are skipped.
 * </ul>
 *
 * Not thread-safe: one thread reads a file.
 */
public final class RecordFileReader implements Closeable {
  private static final int CHUNK_BYTES = 4 * 1024 * 1024;

  private final Path file;
  private final Map<Integer, Tablet> tablets = new HashMap<>();
  private FileChannel channel;
  private long position;
  private boolean sawHeader;

  public RecordFileReader(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Where the next pass starts. */
  public long position() {
    return position;
  }

  /**
   * Reads every complete frame between the current position and the end of the file.
   *
   * @throws IOException when the file cannot be opened or read (deleted, permission denied)
   */
  public ReadResult readAvailable(FrameSink sink) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    long size = channel.size();
    if (size < position) {
      // The file was truncated or replaced under us: start again from its beginning.
      position = 0;
      tablets.clear();
      sawHeader = false;
    }
    long start = position;
    int frames = 0;
    int corrupt = 0;
    boolean incomplete = false;
    List<String> problems = new ArrayList<>();
    byte[] chunk = new byte[0];
    long chunkStart = 0;
    int chunkLength = 0;

    while (position < size) {
      // Make sure the header of the next frame is in the chunk.
      if (position < chunkStart || position + Frames.HEADER_BYTES > chunkStart + chunkLength) {
        int want = (int) Math.min(Math.max(CHUNK_BYTES, Frames.HEADER_BYTES), size - position);
        chunk = ensure(chunk, want);
        chunkLength = readAt(position, chunk, want);
        chunkStart = position;
      }
      if (size - position < Frames.HEADER_BYTES) {
        incomplete = true;
        break;
      }
      int off = (int) (position - chunkStart);
      long length = Frames.getLongLE(chunk, off);
      int lengthCrc = Frames.getIntLE(chunk, off + 8);
      boolean headerOk =
          Crc32c.masked(chunk, off, 8) == lengthCrc
              && length >= 0
              && length <= Frames.MAX_PAYLOAD_BYTES;
      if (!headerOk) {
        long next = resync(position + 1, size);
        corrupt++;
        problems.add(
            file.getFileName() + ": corrupt frame header at offset " + position + ", skipped "
                + ((next < 0 ? size : next) - position) + " bytes");
        if (next < 0) {
          // No good frame follows yet; keep the position so a later pass looks again once more
          // bytes are written, but do not count the same damage twice.
          position = size;
          break;
        }
        position = next;
        continue;
      }
      long frameBytes = Frames.HEADER_BYTES + length + Frames.FOOTER_BYTES;
      if (position + frameBytes > size) {
        incomplete = true;
        break;
      }
      if (position + frameBytes > chunkStart + chunkLength) {
        int want = (int) Math.max(frameBytes, Math.min(CHUNK_BYTES, size - position));
        chunk = ensure(chunk, want);
        chunkLength = readAt(position, chunk, want);
        chunkStart = position;
        off = 0;
      }
      int payloadOff = off + Frames.HEADER_BYTES;
      int payloadLen = (int) length;
      int payloadCrc = Frames.getIntLE(chunk, payloadOff + payloadLen);
      if (Crc32c.masked(chunk, payloadOff, payloadLen) != payloadCrc) {
        corrupt++;
        problems.add(
            file.getFileName() + ": payload checksum mismatch in frame at offset " + position
                + ", frame skipped");
        position += frameBytes;
        continue;
      }
      String problem = deliver(chunk, payloadOff, payloadLen, position, sink);
      if (problem != null) {
        corrupt++;
        problems.add(file.getFileName() + ": frame at offset " + position + " " + problem);
      } else {
        frames++;
      }
      position += frameBytes;
    }
    return new ReadResult(frames, position - start, corrupt, incomplete, problems);
  }

  private String deliver(byte[] buf, int off, int len, long frameOffset, FrameSink sink) {
    Frame frame;
    try {
      frame = Frame.parseFrom(CodedInputStream.newInstance(buf, off, len));
    } catch (IOException e) {
      return "does not decode: " + e.getMessage();
    }
    switch (frame.getBodyCase()) {
      case STORAGE -> {
        sawHeader = true;
        sink.header(frame.getStorage());
      }
      case TABLET -> {
        Tablet t = frame.getTablet();
        tablets.put(t.getId(), t);
        sink.tablet(t);
      }
      case SCALARS -> {
        ScalarBlock block = frame.getScalars();
        Tablet t = tablets.get(block.getTabletId());
        if (t == null) {
          return "refers to undeclared tablet " + block.getTabletId();
        }
        String invalid = ScalarBlocks.validate(block);
        if (invalid != null) {
          return invalid;
        }
        sink.scalars(t, block);
      }
      case RECORD -> {
        Record r = frame.getRecord();
        Tablet t = tablets.get(r.getTabletId());
        if (t == null) {
          return "refers to undeclared tablet " + r.getTabletId();
        }
        sink.record(t, r, frameOffset);
      }
      default -> {
        // A frame kind of a newer writer: skipped on purpose.
      }
    }
    return null;
  }

  /** Whether a valid header frame was read. A file without one is probably not a record file. */
  public boolean sawHeader() {
    return sawHeader;
  }

  /**
   * Finds the next offset at or after {@code from} where a frame header's length CRC holds and
   * the payload CRC holds as well (or the payload is not fully written yet).
   *
   * @return the offset, or -1 when there is none before the end
   */
  private long resync(long from, long size) throws IOException {
    byte[] window = new byte[(int) Math.min(CHUNK_BYTES, Math.max(0, size - from))];
    long windowStart = from;
    int windowLen = 0;
    for (long p = from; p + Frames.HEADER_BYTES <= size; p++) {
      if (p + Frames.HEADER_BYTES > windowStart + windowLen) {
        windowStart = p;
        windowLen = readAt(p, window, (int) Math.min(window.length, size - p));
      }
      int off = (int) (p - windowStart);
      if (Crc32c.masked(window, off, 8) != Frames.getIntLE(window, off + 8)) {
        continue;
      }
      long length = Frames.getLongLE(window, off);
      if (length < 0 || length > Frames.MAX_PAYLOAD_BYTES) {
        continue;
      }
      long frameBytes = Frames.HEADER_BYTES + length + Frames.FOOTER_BYTES;
      if (p + frameBytes > size) {
        return p;
      }
      byte[] payload = new byte[(int) length + Frames.FOOTER_BYTES];
      readAt(p + Frames.HEADER_BYTES, payload, payload.length);
      if (Crc32c.masked(payload, 0, (int) length) == Frames.getIntLE(payload, (int) length)) {
        return p;
      }
    }
    return -1;
  }

  private static byte[] ensure(byte[] buf, int size) {
    return buf.length >= size ? buf : new byte[size];
  }

  private int readAt(long pos, byte[] dst, int length) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, 0, length);
    long p = pos;
    while (bb.hasRemaining()) {
      int n = channel.read(bb, p);
      if (n < 0) {
        break;
      }
      p += n;
    }
    return bb.position();
  }

  /**
   * Reads the record of the frame at the given offset again, for entries kept on disk.
   *
   * @throws IOException when the file cannot be read or the frame is no longer valid there
   */
  public static Record readRecordAt(Path file, long frameOffset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(Frames.HEADER_BYTES);
      ch.read(head, frameOffset);
      byte[] h = head.array();
      if (Crc32c.masked(h, 0, 8) != Frames.getIntLE(h, 8)) {
        throw new IOException(file + ": no valid frame at offset " + frameOffset);
      }
      long length = Frames.getLongLE(h, 0);
      if (length < 0 || length > Frames.MAX_PAYLOAD_BYTES) {
        throw new IOException(file + ": no valid frame at offset " + frameOffset);
      }
      ByteBuffer body = ByteBuffer.allocate((int) length + Frames.FOOTER_BYTES);
      while (body.hasRemaining()) {
        if (ch.read(body, frameOffset + Frames.HEADER_BYTES + body.position()) < 0) {
          throw new IOException(file + ": frame at offset " + frameOffset + " is cut off");
        }
      }
      byte[] b = body.array();
      if (Crc32c.masked(b, 0, (int) length) != Frames.getIntLE(b, (int) length)) {
        throw new IOException(file + ": frame at offset " + frameOffset + " fails its checksum");
      }
      Frame frame = Frame.parseFrom(CodedInputStream.newInstance(b, 0, (int) length));
      if (!frame.hasRecord()) {
        throw new IOException(file + ": frame at offset " + frameOffset + " holds no record");
      }
      return frame.getRecord();
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
