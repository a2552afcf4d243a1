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
 *       whose payload CRC fails, or whose payload does not decode is skipped, counted and
 *       reported. A frame whose header is good but whose payload fails is skipped by its length.
 *       To resynchronise after a bad header, the reader moves forward one byte at a time until it
 *       finds a header whose length CRC holds and whose payload CRC holds too (or whose payload is
 *       not fully present yet, which ends the pass as "incomplete"). When no such header exists
 *       yet, the last 11 bytes are examined again on the next pass, so a frame that a writer was
 *       appending after the damage is still found. A length is never trusted before its CRC is
 *       checked and never beyond the bytes present or {@link Frames#MAX_PAYLOAD_BYTES}.
 *   <li>A file in which bytes were read but no valid frame at all is reported once as "not a
 *       VisualDL record file" (see {@link #notARecordFile()}).
 *   <li>Unknown fields and frame kinds written by newer writers are skipped. A file whose header
 *       declares a newer format version than {@link RecordWriter#FORMAT_VERSION} is reported and
 *       skipped.
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
  private boolean inDamage;
  private int tooNewVersion;
  private long goodFrames;
  private boolean reportedNotRecordFile;
  private int problemsDropped;
  private static final int MAX_PROBLEMS_PER_PASS = 100;

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
    if (tooNewVersion != 0 && size >= position) {
      position = size;
      return new ReadResult(0, 0, 0, false, List.of());
    }
    if (size < position) {
      tooNewVersion = 0;
      // The file was truncated or replaced under us: start again from its beginning.
      position = 0;
      tablets.clear();
      sawHeader = false;
      inDamage = false;
      goodFrames = 0;
      reportedNotRecordFile = false;
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
      if (size - position < Frames.HEADER_BYTES) {
        incomplete = true;
        break;
      }
      // Make sure the header of the next frame is in the chunk.
      if (position < chunkStart || position + Frames.HEADER_BYTES > chunkStart + chunkLength) {
        int want = (int) Math.min(CHUNK_BYTES, size - position);
        chunk = ensure(chunk, want);
        chunkLength = readAt(position, chunk, want);
        chunkStart = position;
        if (chunkLength < Frames.HEADER_BYTES) {
          incomplete = true; // the file shrank while we read it
          break;
        }
      }
      int off = (int) (position - chunkStart);
      long length = Frames.getLongLE(chunk, off);
      boolean headerOk =
          length >= 0
              && length <= Frames.MAX_PAYLOAD_BYTES
              && Crc32c.masked(chunk, off, 8) == Frames.getIntLE(chunk, off + 8);
      if (!headerOk) {
        long next = resync(position + 1, size);
        long resumeAt = next >= 0 ? next : Math.max(position + 1, size - Frames.HEADER_BYTES + 1);
        if (!inDamage) {
          corrupt++;
          problem(problems, "corrupt frame header at offset " + position + ", skipped "
              + (resumeAt - position) + " bytes to " + (next >= 0 ? "the next valid frame"
              : "the end of the file"));
        }
        // When no good frame follows yet, the last bytes are looked at again on the next pass
        // (they may be the start of a frame being written), without counting the damage twice.
        inDamage = next < 0;
        position = resumeAt;
        if (next < 0) {
          break;
        }
        continue;
      }
      inDamage = false;
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
        if (chunkLength < frameBytes) {
          incomplete = true; // the file shrank while we read it
          break;
        }
      }
      int payloadOff = off + Frames.HEADER_BYTES;
      int payloadLen = (int) length;
      int payloadCrc = Frames.getIntLE(chunk, payloadOff + payloadLen);
      if (Crc32c.masked(chunk, payloadOff, payloadLen) != payloadCrc) {
        corrupt++;
        problem(problems, "payload checksum mismatch in frame at offset " + position
            + ", frame skipped");
        position += frameBytes;
        continue;
      }
      String problem = deliver(chunk, payloadOff, payloadLen, position, sink);
      if (problem != null) {
        corrupt++;
        problem(problems, "frame at offset " + position + " " + problem);
      } else {
        frames++;
        goodFrames++;
      }
      position += frameBytes;
      if (tooNewVersion != 0) {
        problems.add(file.getFileName() + ": written in format version " + tooNewVersion
            + ", newer than this reader knows (" + RecordWriter.FORMAT_VERSION
            + "); file skipped, upgrade VisualDL to read it");
        position = size;
        break;
      }
    }
    if (!sawHeader && goodFrames == 0 && corrupt > 0 && !reportedNotRecordFile) {
      reportedNotRecordFile = true;
      problems.add(file.getFileName() + ": not a VisualDL record file (no valid header frame)");
    }
    if (problemsDropped > 0) {
      problems.add(file.getFileName() + ": " + problemsDropped + " more problems not listed");
      problemsDropped = 0;
    }
    return new ReadResult(frames, position - start, corrupt, incomplete, List.copyOf(problems));
  }

  /**
   * Whether this file is not a VisualDL record file as far as it has been read: bytes were read,
   * but neither a header frame nor any other valid frame was found.
   */
  public boolean notARecordFile() {
    return reportedNotRecordFile && goodFrames == 0;
  }

  private void problem(List<String> problems, String what) {
    if (problems.size() < MAX_PROBLEMS_PER_PASS) {
      problems.add(file.getFileName() + ": " + what);
    } else {
      problemsDropped++;
    }
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
        if (frame.getStorage().getFormatVersion() > RecordWriter.FORMAT_VERSION) {
          tooNewVersion = frame.getStorage().getFormatVersion();
          return null;
        }
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
        if (windowLen < Frames.HEADER_BYTES) {
          return -1;
        }
      }
      int off = (int) (p - windowStart);
      // Cheap test first: most garbage offsets fail it without computing a CRC.
      if (!Frames.plausibleLength(window, off)
          || Crc32c.masked(window, off, 8) != Frames.getIntLE(window, off + 8)) {
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
      int payloadCrc;
      int crc;
      if (off + frameBytes <= windowLen) {
        crc = Crc32c.masked(window, off + Frames.HEADER_BYTES, (int) length);
        payloadCrc = Frames.getIntLE(window, off + Frames.HEADER_BYTES + (int) length);
      } else {
        // Bounded by the bytes present, checked above.
        byte[] payload = new byte[(int) length + Frames.FOOTER_BYTES];
        readAt(p + Frames.HEADER_BYTES, payload, payload.length);
        crc = Crc32c.masked(payload, 0, (int) length);
        payloadCrc = Frames.getIntLE(payload, (int) length);
      }
      if (crc == payloadCrc) {
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
