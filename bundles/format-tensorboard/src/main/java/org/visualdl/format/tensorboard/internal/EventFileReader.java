package org.visualdl.format.tensorboard.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;

/**
 * Reads one TensorBoard event file from where the previous pass stopped.
 *
 * <p>A cut-off last record is left for the next pass ("incomplete"). A record whose length CRC
 * fails, or whose length is beyond {@link TfRecords#MAX_PAYLOAD_BYTES}, starts a resync: the reader
 * moves forward one byte at a time until a header's length CRC and its payload CRC both hold (or
 * the payload is not fully written yet). A record whose payload CRC fails is skipped by its length.
 * A length is never trusted before its CRC holds, nor beyond the bytes present.
 */
final class EventFileReader implements LogFileReader {
  private static final int CHUNK_BYTES = 4 * 1024 * 1024;
  private static final int MAX_PROBLEMS_PER_PASS = 100;

  private final Path file;
  private final EventDecoder decoder;
  private FileChannel channel;
  private long position;
  private boolean inDamage;
  private long goodRecords;
  private boolean reportedNotThisFormat;
  private int problemsDropped;
  private byte[] chunk = new byte[0];
  private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();

  EventFileReader(Path file, Map<String, String> runTagPlugins) {
    this.file = file;
    this.decoder = new EventDecoder(runTagPlugins);
  }

  long position() {
    return position;
  }

  @Override
  public ReadStatus readAvailable(RecordSink sink) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    long size = channel.size();
    if (size < position) {
      // Truncated or replaced under us: read it again from the start.
      position = 0;
      inDamage = false;
      goodRecords = 0;
      reportedNotThisFormat = false;
      decoder.reset();
    }
    long start = position;
    boolean incomplete = false;
    int corrupt = 0;
    List<String> problems = new ArrayList<>();
    long chunkStart = 0;
    int chunkLength = 0;
    decoder.begin(sink);
    try {
      while (position < size) {
        if (size - position < TfRecords.HEADER_BYTES) {
          incomplete = true;
          break;
        }
        if (position < chunkStart
            || position + TfRecords.HEADER_BYTES > chunkStart + chunkLength) {
          int want = (int) Math.min(CHUNK_BYTES, size - position);
          chunk = ensure(chunk, want);
          chunkLength = readAt(position, chunk, want);
          chunkStart = position;
          if (chunkLength < TfRecords.HEADER_BYTES) {
            incomplete = true; // the file shrank while we read it
            break;
          }
        }
        int off = (int) (position - chunkStart);
        if (!TfRecords.headerValid(crc, chunk, off)) {
          long next = resync(position + 1, size);
          long resumeAt =
              next >= 0 ? next : Math.max(position + 1, size - TfRecords.HEADER_BYTES + 1);
          if (!inDamage) {
            corrupt++;
            problem(problems, "corrupt record header at offset " + position + ", skipped "
                + (resumeAt - position) + " bytes to "
                + (next >= 0 ? "the next valid record" : "the end of the file"));
          }
          // With no good record after it yet, the last bytes are examined again next pass (a
          // writer may be appending there), without counting the damage twice.
          inDamage = next < 0;
          position = resumeAt;
          chunkLength = 0;
          if (next < 0) {
            break;
          }
          continue;
        }
        inDamage = false;
        int length = (int) TfRecords.getLongLE(chunk, off);
        long recordBytes = (long) TfRecords.HEADER_BYTES + length + TfRecords.FOOTER_BYTES;
        if (position + recordBytes > size) {
          incomplete = true;
          break;
        }
        if (position + recordBytes > chunkStart + chunkLength) {
          int want = (int) Math.max(recordBytes, Math.min(CHUNK_BYTES, size - position));
          chunk = ensure(chunk, want);
          chunkLength = readAt(position, chunk, want);
          chunkStart = position;
          off = 0;
          if (chunkLength < recordBytes) {
            incomplete = true;
            break;
          }
        }
        int payloadOff = off + TfRecords.HEADER_BYTES;
        if (TfRecords.maskedCrc(crc, chunk, payloadOff, length)
            != TfRecords.getIntLE(chunk, payloadOff + length)) {
          corrupt++;
          problem(problems, "payload checksum mismatch in record at offset " + position
              + ", record skipped");
          position += recordBytes;
          continue;
        }
        String problem = decoder.decode(chunk, payloadOff, length, position);
        if (problem != null) {
          corrupt++;
          problem(problems, "record at offset " + position + " " + problem);
        } else {
          goodRecords++;
        }
        position += recordBytes;
      }
    } finally {
      decoder.end();
      // The read buffer is not kept between passes: a server may hold thousands of readers.
      chunk = new byte[0];
    }
    boolean notThisFormat = false;
    if (goodRecords == 0 && corrupt > 0 && !reportedNotThisFormat) {
      reportedNotThisFormat = true;
      notThisFormat = true;
      problems.add(file.getFileName() + ": not a TensorBoard event file (no valid record)");
    }
    if (problemsDropped > 0) {
      problems.add(file.getFileName() + ": " + problemsDropped + " more problems not listed");
      problemsDropped = 0;
    }
    return new ReadStatus(position - start, notThisFormat, incomplete, List.copyOf(problems));
  }

  private void problem(List<String> problems, String what) {
    if (problems.size() < MAX_PROBLEMS_PER_PASS) {
      problems.add(file.getFileName() + ": " + what);
    } else {
      problemsDropped++;
    }
  }

  /**
   * The next offset at or after {@code from} where a header's length CRC holds and the payload CRC
   * holds too (or the payload is not fully written yet); -1 when there is none.
   */
  private long resync(long from, long size) throws IOException {
    byte[] window = new byte[(int) Math.min(CHUNK_BYTES, Math.max(0, size - from))];
    long windowStart = from;
    int windowLen = 0;
    for (long p = from; p + TfRecords.HEADER_BYTES <= size; p++) {
      if (p + TfRecords.HEADER_BYTES > windowStart + windowLen) {
        windowStart = p;
        windowLen = readAt(p, window, (int) Math.min(window.length, size - p));
        if (windowLen < TfRecords.HEADER_BYTES) {
          return -1;
        }
      }
      int off = (int) (p - windowStart);
      if (!TfRecords.headerValid(crc, window, off)) {
        continue;
      }
      int length = (int) TfRecords.getLongLE(window, off);
      long recordBytes = (long) TfRecords.HEADER_BYTES + length + TfRecords.FOOTER_BYTES;
      if (p + recordBytes > size) {
        return p;
      }
      int crc;
      int expected;
      if (off + recordBytes <= windowLen) {
        crc = TfRecords.maskedCrc(window, off + TfRecords.HEADER_BYTES, length);
        expected = TfRecords.getIntLE(window, off + TfRecords.HEADER_BYTES + length);
      } else {
        // Bounded by the bytes present (checked above) and by MAX_PAYLOAD_BYTES.
        byte[] payload = new byte[length + TfRecords.FOOTER_BYTES];
        readAt(p + TfRecords.HEADER_BYTES, payload, payload.length);
        crc = TfRecords.maskedCrc(payload, 0, length);
        expected = TfRecords.getIntLE(payload, length);
      }
      if (crc == expected) {
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
   * Reads the payload of the record at {@code offset} again, both CRCs checked.
   *
   * @throws IOException when there is no valid record there any more
   */
  static byte[] readPayloadAt(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] h = new byte[TfRecords.HEADER_BYTES];
      ByteBuffer hb = ByteBuffer.wrap(h);
      while (hb.hasRemaining()) {
        if (ch.read(hb, offset + hb.position()) < 0) {
          throw new IOException(file + ": no record at offset " + offset);
        }
      }
      if (!TfRecords.headerValid(h, 0)) {
        throw new IOException(file + ": no valid record at offset " + offset);
      }
      int length = (int) TfRecords.getLongLE(h, 0);
      if (offset + TfRecords.HEADER_BYTES + length + TfRecords.FOOTER_BYTES > ch.size()) {
        throw new IOException(file + ": record at offset " + offset + " is cut off");
      }
      byte[] body = new byte[length + TfRecords.FOOTER_BYTES];
      ByteBuffer bb = ByteBuffer.wrap(body);
      while (bb.hasRemaining()) {
        if (ch.read(bb, offset + TfRecords.HEADER_BYTES + bb.position()) < 0) {
          throw new IOException(file + ": record at offset " + offset + " is cut off");
        }
      }
      if (TfRecords.maskedCrc(body, 0, length) != TfRecords.getIntLE(body, length)) {
        throw new IOException(file + ": record at offset " + offset + " fails its checksum");
      }
      return java.util.Arrays.copyOf(body, length);
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
