package org.visualdl.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.storage.internal.Crc32c;
import org.visualdl.storage.internal.Frames;

/**
 * Reads the TFRecord framing of one file ({@code u64 LE length | u32 masked CRC32C(length) |
 * payload | u32 masked CRC32C(payload)}) from where the previous pass stopped, and hands every
 * payload whose checksums hold to a {@link PayloadHandler}. VisualDL's record files and
 * TensorBoard's event files share this framing, and so share this reader.
 *
 * <ul>
 *   <li>A last record that is cut off (fewer bytes present than its length says) is not an error:
 *       it is left for the next pass ({@link Pass#incompleteTail()}).
 *   <li>A record whose length CRC fails or whose length is beyond
 *       {@link Frames#MAX_PAYLOAD_BYTES} starts a resync: the reader moves forward one byte at a
 *       time until a header's length CRC and its payload CRC both hold (or the payload is not fully
 *       written yet). When none exists yet, the last 11 bytes are examined again on the next pass,
 *       so a record a writer was appending after the damage is still found, without counting the
 *       damage twice.
 *   <li>A record whose payload CRC fails is skipped by its length; one the handler rejects is
 *       counted too. A length is never trusted before its CRC holds, nor beyond the bytes present.
 *   <li>A file that shrank was truncated or replaced: it is read again from its start, after
 *       {@link PayloadHandler#restart()}.
 *   <li>A record longer than the memory budget ({@link #recordBudget()}, by default an eighth of
 *       the heap) is never loaded: its checksum is computed as it streams by, it is reported
 *       once, and reading goes on after it. So a length cannot make the reader allocate more
 *       than the heap can spare.
 * </ul>
 *
 * Not thread-safe: one thread reads a file.
 */
public final class TfRecordReader implements Closeable {
  private static final int CHUNK_BYTES = 4 * 1024 * 1024;
  private static final int MAX_PROBLEMS_PER_PASS = 100;

  /** Receives the payloads of a pass, in file order. */
  public interface PayloadHandler {
    /**
     * One payload whose checksums hold.
     *
     * @return null when it was taken, otherwise what is wrong with it (counted as damage)
     */
    String payload(byte[] buf, int off, int len, long recordOffset);

    /** The file was truncated or replaced; it is read again from its start. */
    default void restart() {}
  }

  /**
   * What one pass found.
   *
   * @param records payloads the handler took
   * @param bytesRead bytes passed over, good or bad
   * @param damaged damaged regions and rejected payloads
   * @param incompleteTail the file ends in a record that is not fully written yet
   * @param problems one line each, starting with the file name, at most 100 and a count of the rest
   */
  public record Pass(
      int records, long bytesRead, int damaged, boolean incompleteTail, List<String> problems) {}

  private final LogFile file;
  private final String noun;
  private final int recordBudget;
  private SeekableByteSource source;
  private long position;
  private boolean inDamage;
  private boolean stopped;
  private long goodRecords;
  private int problemsDropped;

  /**
   * @param noun what a record is called in problem messages, for example {@code "frame"}
   */
  public TfRecordReader(LogFile file, String noun) {
    this(file, noun, defaultRecordBudget());
  }

  /** A reader of a local file (tools and tests). */
  public TfRecordReader(Path file, String noun) {
    this(LocalLogFile.of(file), noun, defaultRecordBudget());
  }

  /**
   * @param recordBudget the largest payload, in bytes, that is loaded into memory; longer records
   *     are checked as they stream by and skipped
   */
  public TfRecordReader(LogFile file, String noun, int recordBudget) {
    this.file = file;
    this.noun = noun;
    this.recordBudget = Math.max(1, recordBudget);
  }

  /**
   * The largest payload loaded by default: an eighth of the maximum heap, at least 1 MiB, at most
   * {@link Frames#MAX_PAYLOAD_BYTES}.
   */
  public static int defaultRecordBudget() {
    long eighth = Runtime.getRuntime().maxMemory() / 8;
    return (int) Math.max(1 << 20, Math.min(Frames.MAX_PAYLOAD_BYTES, eighth));
  }

  /** The largest payload this reader loads into memory. */
  public int recordBudget() {
    return recordBudget;
  }

  public LogFile file() {
    return file;
  }

  /** Where the next pass starts. */
  public long position() {
    return position;
  }

  /** How many payloads the handler took since the file was (re)started. */
  public long goodRecords() {
    return goodRecords;
  }

  /** Ends the current pass at the end of the file; the file is not read further. */
  public void stopAtEnd() {
    stopped = true;
  }

  /**
   * Reads every complete record between the current position and the end of the file.
   *
   * @throws IOException when the file cannot be opened or read (deleted, permission denied)
   */
  public Pass readAvailable(PayloadHandler handler) throws IOException {
    if (source == null) {
      source = file.open();
    }
    long size = source.length();
    if (size < position) {
      position = 0;
      inDamage = false;
      stopped = false;
      goodRecords = 0;
      handler.restart();
    }
    if (stopped) {
      long skipped = size - position;
      position = size;
      return new Pass(0, skipped, 0, false, List.of());
    }
    long start = position;
    int records = 0;
    int damaged = 0;
    boolean incomplete = false;
    List<String> problems = new ArrayList<>();
    byte[] chunk = new byte[0];
    long chunkStart = 0;
    int chunkLength = 0;

    while (position < size && !stopped) {
      if (size - position < Frames.HEADER_BYTES) {
        incomplete = true;
        break;
      }
      // Make sure the header of the next record is in the chunk.
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
      if (!headerValid(chunk, off)) {
        long next = resync(position + 1, size);
        long resumeAt = next >= 0 ? next : Math.max(position + 1, size - Frames.HEADER_BYTES + 1);
        if (!inDamage) {
          damaged++;
          problem(problems, "corrupt " + noun + " header at offset " + position + ", skipped "
              + (resumeAt - position) + " bytes to "
              + (next >= 0 ? "the next valid " + noun : "the end of the file"));
        }
        inDamage = next < 0;
        position = resumeAt;
        if (next < 0) {
          break;
        }
        continue;
      }
      inDamage = false;
      int length = (int) Frames.getLongLE(chunk, off);
      long recordBytes = (long) Frames.HEADER_BYTES + length + Frames.FOOTER_BYTES;
      if (position + recordBytes > size) {
        incomplete = true;
        break;
      }
      if (length > recordBudget) {
        boolean intact = streamedCrcHolds(position + Frames.HEADER_BYTES, length);
        damaged++;
        problem(problems, intact
            ? noun + " at offset " + position + " holds " + length + " bytes, more than the "
                + recordBudget + " bytes one record may take in memory; skipped (give the"
                + " server more heap, e.g. VISUALDL_OPTS=-Xmx4g, to read it)"
            : "payload checksum mismatch in " + noun + " at offset " + position + ", " + noun
                + " skipped");
        position += recordBytes;
        chunkLength = 0;
        chunkStart = position;
        continue;
      }
      if (position + recordBytes > chunkStart + chunkLength) {
        int want = (int) Math.max(recordBytes, Math.min(CHUNK_BYTES, size - position));
        chunk = ensure(chunk, want);
        chunkLength = readAt(position, chunk, want);
        chunkStart = position;
        off = 0;
        if (chunkLength < recordBytes) {
          incomplete = true; // the file shrank while we read it
          break;
        }
      }
      int payloadOff = off + Frames.HEADER_BYTES;
      if (Crc32c.masked(chunk, payloadOff, length) != Frames.getIntLE(chunk, payloadOff + length)) {
        damaged++;
        problem(problems, "payload checksum mismatch in " + noun + " at offset " + position
            + ", " + noun + " skipped");
        position += recordBytes;
        continue;
      }
      String problem = handler.payload(chunk, payloadOff, length, position);
      if (problem != null) {
        damaged++;
        problem(problems, noun + " at offset " + position + " " + problem);
      } else {
        records++;
        goodRecords++;
      }
      position += recordBytes;
    }
    if (stopped) {
      position = size;
    }
    if (problemsDropped > 0) {
      problems.add(file.name() + ": " + problemsDropped + " more problems not listed");
      problemsDropped = 0;
    }
    return new Pass(records, position - start, damaged, incomplete, problems);
  }

  private void problem(List<String> problems, String what) {
    if (problems.size() < MAX_PROBLEMS_PER_PASS) {
      problems.add(file.name() + ": " + what);
    } else {
      problemsDropped++;
    }
  }

  /** Whether the 12 bytes at {@code off} are a header whose length is sane and whose CRC holds. */
  private static boolean headerValid(byte[] b, int off) {
    // Cheap test first: most garbage offsets fail it without computing a CRC.
    return Frames.plausibleLength(b, off)
        && Frames.getLongLE(b, off) <= Frames.MAX_PAYLOAD_BYTES
        && Crc32c.masked(b, off, 8) == Frames.getIntLE(b, off + 8);
  }

  /**
   * The next offset at or after {@code from} where a header's length CRC holds and the payload CRC
   * holds as well (or the payload is not fully written yet); -1 when there is none before the end.
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
      if (!headerValid(window, off)) {
        continue;
      }
      int length = (int) Frames.getLongLE(window, off);
      long recordBytes = (long) Frames.HEADER_BYTES + length + Frames.FOOTER_BYTES;
      if (p + recordBytes > size) {
        return p;
      }
      int crc;
      int expected;
      if (off + recordBytes <= windowLen) {
        crc = Crc32c.masked(window, off + Frames.HEADER_BYTES, length);
        expected = Frames.getIntLE(window, off + Frames.HEADER_BYTES + length);
      } else if (streamedCrcHolds(p + Frames.HEADER_BYTES, length)) {
        return p; // checked as it streams by: a long payload is never loaded whole
      } else {
        continue;
      }
      if (crc == expected) {
        return p;
      }
    }
    return -1;
  }

  /**
   * Whether the masked CRC32C of the {@code length} bytes at {@code payloadStart} equals the
   * footer after them, read in bounded pieces.
   */
  private boolean streamedCrcHolds(long payloadStart, int length) throws IOException {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    byte[] piece = new byte[(int) Math.min(1 << 20, (long) length + Frames.FOOTER_BYTES)];
    long p = payloadStart;
    long left = length;
    while (left > 0) {
      int n = readAt(p, piece, (int) Math.min(piece.length, left));
      if (n <= 0) {
        return false;
      }
      crc.update(piece, 0, n);
      p += n;
      left -= n;
    }
    byte[] footer = new byte[Frames.FOOTER_BYTES];
    if (readAt(p, footer, footer.length) < footer.length) {
      return false;
    }
    return Crc32c.mask((int) crc.getValue()) == Frames.getIntLE(footer, 0);
  }

  private static byte[] ensure(byte[] buf, int size) {
    return buf.length >= size ? buf : new byte[size];
  }

  private int readAt(long pos, byte[] dst, int length) throws IOException {
    int done = 0;
    while (done < length) {
      int n = source.read(pos + done, dst, done, length - done);
      if (n <= 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  /**
   * Reads the payload of the record at {@code offset} again, both checksums checked, for data kept
   * on disk and read on demand.
   *
   * @throws IOException when the file cannot be read or there is no valid record there any more
   */
  public static byte[] readPayloadAt(LogFile file, long offset) throws IOException {
    String where = file.uri().toString();
    try (SeekableByteSource in = file.open()) {
      byte[] h = new byte[Frames.HEADER_BYTES];
      try {
        in.readFully(offset, h, 0, h.length);
      } catch (java.io.EOFException e) {
        throw new IOException(where + ": no record at offset " + offset);
      }
      if (!headerValid(h, 0)) {
        throw new IOException(where + ": no valid record at offset " + offset);
      }
      int length = (int) Frames.getLongLE(h, 0);
      if (length > defaultRecordBudget()) {
        throw new IOException(where + ": record at offset " + offset + " holds " + length
            + " bytes, more than one record may take in memory; give the server more heap");
      }
      byte[] body = new byte[length + Frames.FOOTER_BYTES];
      try {
        in.readFully(offset + Frames.HEADER_BYTES, body, 0, body.length);
      } catch (java.io.EOFException e) {
        throw new IOException(where + ": record at offset " + offset + " is cut off");
      }
      if (Crc32c.masked(body, 0, length) != Frames.getIntLE(body, length)) {
        throw new IOException(where + ": record at offset " + offset + " fails its checksum");
      }
      return java.util.Arrays.copyOf(body, length);
    }
  }

  @Override
  public void close() throws IOException {
    if (source != null) {
      source.close();
      source = null;
    }
  }
}
