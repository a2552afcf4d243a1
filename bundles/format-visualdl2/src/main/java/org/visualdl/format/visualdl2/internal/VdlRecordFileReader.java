package org.visualdl.format.visualdl2.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.api.storage.SeekableByteSource;

/**
 * Reads one VisualDL 2.x file ({@code u64 LE length | Record}, no checksum) from where the
 * previous pass stopped.
 *
 * <p>Without a checksum, lengths are validated hard: at least {@link VdlRecords#MIN_PAYLOAD}, at
 * most {@link VdlRecords#MAX_PAYLOAD_BYTES}, never beyond the bytes present, and the payload must
 * decode as a Record holding a tagged Value. A record that fails is damage: the reader scans
 * forward byte by byte for the next offset where a plausible length is followed by a payload that
 * decodes. A length that runs past the end of the file is a record still being written
 * ("incomplete", retried) unless a clean chain of valid records from a later offset reaches the
 * end of the file exactly, which shows the length itself was damaged.
 *
 * <p>Bytes are read only through the {@link LogFile}'s {@link SeekableByteSource}, by position,
 * so the same reader tails local, HDFS and S3 files.
 */
final class VdlRecordFileReader implements LogFileReader {
  private static final int CHUNK_BYTES = 4 * 1024 * 1024;
  private static final int MAX_PROBLEMS_PER_PASS = 100;

  private final LogFile file;
  private final VdlRecordDecoder decoder = new VdlRecordDecoder();
  private SeekableByteSource source;
  private long position;
  private boolean inDamage;
  private long goodRecords;
  private boolean reportedNotThisFormat;
  private int problemsDropped;
  private byte[] chunk = new byte[0];
  private long chunkStart;
  private int chunkLength;
  private long passSize;

  VdlRecordFileReader(LogFile file) {
    this.file = file;
  }

  @Override
  public ReadStatus readAvailable(RecordSink sink) throws IOException {
    if (source == null) {
      source = file.open();
    }
    long size = source.length();
    passSize = size;
    if (size < position) {
      position = 0;
      inDamage = false;
      goodRecords = 0;
      reportedNotThisFormat = false;
      decoder.reset();
    }
    chunkLength = 0;
    long start = position;
    boolean incomplete = false;
    int corrupt = 0;
    List<String> problems = new ArrayList<>();
    decoder.begin(sink);
    try {
      while (position < size) {
        if (size - position < VdlRecords.LENGTH_BYTES) {
          incomplete = true;
          break;
        }
        long length = longAt(position);
        boolean plausible = length >= VdlRecords.MIN_PAYLOAD
            && length <= VdlRecords.MAX_PAYLOAD_BYTES;
        String problem = null;
        if (plausible && position + VdlRecords.LENGTH_BYTES + length > size) {
          long next = chainToEnd(position + 1, size);
          if (next < 0) {
            incomplete = true;
            break;
          }
          problem = "length " + length + " at offset " + position + " runs past the end of the"
              + " file while valid records follow";
        } else if (plausible) {
          int len = (int) length;
          load(position, VdlRecords.LENGTH_BYTES + len, size);
          int off = (int) (position - chunkStart) + VdlRecords.LENGTH_BYTES;
          String invalid = VdlRecords.validate(chunk, off, len);
          if (invalid == null) {
            inDamage = false;
            String bad = decoder.decode(chunk, off, len, position);
            if (bad != null) {
              problem(problems, "record at offset " + position + " " + bad);
            }
            goodRecords++;
            position += VdlRecords.LENGTH_BYTES + length;
            continue;
          }
          problem = "record at offset " + position + " does not decode (" + invalid + ")";
        } else {
          problem = "implausible record length " + Long.toUnsignedString(length) + " at offset "
              + position;
        }
        long next = resync(position + 1, size);
        long resumeAt = next >= 0 ? next
            : Math.max(position + 1, size - VdlRecords.LENGTH_BYTES + 1);
        if (!inDamage) {
          corrupt++;
          problem(problems, problem + ", skipped " + (resumeAt - position) + " bytes to "
              + (next >= 0 ? "the next valid record" : "the end of the file"));
        }
        inDamage = next < 0;
        position = resumeAt;
        if (next < 0) {
          break;
        }
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
      problems.add(file.name() + ": not a VisualDL 2.x log file (no valid record)");
    }
    if (problemsDropped > 0) {
      problems.add(file.name() + ": " + problemsDropped + " more problems not listed");
      problemsDropped = 0;
    }
    return new ReadStatus(position - start, notThisFormat, incomplete, List.copyOf(problems));
  }

  private void problem(List<String> problems, String what) {
    if (problems.size() < MAX_PROBLEMS_PER_PASS) {
      problems.add(file.name() + ": " + what);
    } else {
      problemsDropped++;
    }
  }

  /** Makes {@code [pos, pos + n)} available in the chunk; n was checked against the bytes present. */
  private void load(long pos, int n, long size) throws IOException {
    if (pos >= chunkStart && pos + n <= chunkStart + chunkLength) {
      return;
    }
    int want = (int) Math.max(n, Math.min(CHUNK_BYTES, size - pos));
    if (chunk.length < want) {
      chunk = new byte[want];
    }
    chunkLength = readAt(pos, chunk, want);
    chunkStart = pos;
    if (chunkLength < n) {
      throw new IOException(file.uri() + ": the file shrank while it was read");
    }
  }

  private long longAt(long pos) throws IOException {
    load(pos, VdlRecords.LENGTH_BYTES, passSize);
    return VdlRecords.getLongLE(chunk, (int) (pos - chunkStart));
  }

  /** Whether a complete, valid record starts at {@code p}; its end, or -1. */
  private long validRecordEnd(long p, long size) throws IOException {
    if (p + VdlRecords.LENGTH_BYTES > size) {
      return -1;
    }
    long length = longAt(p);
    if (length < VdlRecords.MIN_PAYLOAD || length > VdlRecords.MAX_PAYLOAD_BYTES
        || p + VdlRecords.LENGTH_BYTES + length > size) {
      return -1;
    }
    // Cheap test first: a Record starts with field 1, length-delimited.
    load(p, VdlRecords.LENGTH_BYTES + 1, size);
    if (chunk[(int) (p - chunkStart) + VdlRecords.LENGTH_BYTES] != VdlRecords.FIRST_BYTE) {
      return -1;
    }
    load(p, VdlRecords.LENGTH_BYTES + (int) length, size);
    int off = (int) (p - chunkStart) + VdlRecords.LENGTH_BYTES;
    return VdlRecords.validate(chunk, off, (int) length) == null
        ? p + VdlRecords.LENGTH_BYTES + length : -1;
  }

  /**
   * The next offset at or after {@code from} where a valid record starts, or where a plausible
   * length starts a record not fully written yet; -1 when there is none.
   */
  private long resync(long from, long size) throws IOException {
    for (long p = from; p + VdlRecords.LENGTH_BYTES <= size; p++) {
      long length = longAt(p);
      if (length < VdlRecords.MIN_PAYLOAD || length > VdlRecords.MAX_PAYLOAD_BYTES) {
        continue;
      }
      if (p + VdlRecords.LENGTH_BYTES + length > size) {
        if (p + VdlRecords.LENGTH_BYTES >= size) {
          return p;
        }
        load(p, VdlRecords.LENGTH_BYTES + 1, size);
        if (chunk[(int) (p - chunkStart) + VdlRecords.LENGTH_BYTES] == VdlRecords.FIRST_BYTE) {
          return p;
        }
        continue;
      }
      if (validRecordEnd(p, size) >= 0) {
        return p;
      }
    }
    return -1;
  }

  /**
   * The first offset at or after {@code from} from which valid records follow one another up to
   * the end of the file exactly; -1 when there is none.
   */
  private long chainToEnd(long from, long size) throws IOException {
    // Records of a chain that fell short of the end: a chain through them falls short too.
    java.util.Set<Long> shortChains = new java.util.HashSet<>();
    for (long p = from; p + VdlRecords.LENGTH_BYTES + VdlRecords.MIN_PAYLOAD <= size; p++) {
      if (shortChains.contains(p)) {
        continue;
      }
      long q = p;
      List<Long> members = new ArrayList<>();
      while (true) {
        long end = validRecordEnd(q, size);
        if (end < 0) {
          break;
        }
        if (end == size) {
          return p;
        }
        members.add(q);
        q = end;
        if (shortChains.contains(q)) {
          break;
        }
      }
      if (shortChains.size() < 1_000_000) {
        shortChains.addAll(members);
      }
    }
    return -1;
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
   * Reads the payload of the record at {@code offset} again, validated; its length is checked
   * against the bytes present before anything is allocated.
   */
  static byte[] readPayloadAt(LogFile file, long offset) throws IOException {
    String where = file.uri().toString();
    try (SeekableByteSource in = file.open()) {
      long size = in.length();
      byte[] h = new byte[VdlRecords.LENGTH_BYTES];
      try {
        in.readFully(offset, h, 0, h.length);
      } catch (EOFException e) {
        throw new IOException(where + ": no record at offset " + offset);
      }
      long length = VdlRecords.getLongLE(h, 0);
      if (length < VdlRecords.MIN_PAYLOAD || length > VdlRecords.MAX_PAYLOAD_BYTES
          || offset + VdlRecords.LENGTH_BYTES + length > size) {
        throw new IOException(where + ": no valid record at offset " + offset);
      }
      byte[] body = new byte[(int) length];
      try {
        in.readFully(offset + VdlRecords.LENGTH_BYTES, body, 0, body.length);
      } catch (EOFException e) {
        throw new IOException(where + ": record at offset " + offset + " is cut off");
      }
      String invalid = VdlRecords.validate(body, 0, body.length);
      if (invalid != null) {
        throw new IOException(where + ": record at offset " + offset + " " + invalid);
      }
      return body;
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
