package org.visualdl.storage;

import com.google.protobuf.CodedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.visualdl.api.format.LogFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.proto.Frame;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;

/**
 * Reads one record file from where the previous pass stopped, so a growing file is tailed by
 * calling {@link #readAvailable} again. The framing (and its handling of damage) is
 * {@link TfRecordReader}'s; this class decodes the frames.
 *
 * <ul>
 *   <li>A last frame that is cut off (fewer bytes present than its length says) is not an error:
 *       it is left for the next pass.
 *   <li>A frame whose length CRC fails, whose length is beyond 256 MiB,
 *       whose payload CRC fails, or whose payload does not decode is skipped, counted and
 *       reported. A frame whose header is good but whose payload fails is skipped by its length.
 *       To resynchronise after a bad header, the reader moves forward one byte at a time until it
 *       finds a header whose length CRC holds and whose payload CRC holds too (or whose payload is
 *       not fully present yet, which ends the pass as "incomplete"). When no such header exists
 *       yet, the last 11 bytes are examined again on the next pass, so a frame that a writer was
 *       appending after the damage is still found. A length is never trusted before its CRC is
 *       checked and never beyond the bytes present or 256 MiB.
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
  private final TfRecordReader frames;
  private final Map<Integer, Tablet> tablets = new HashMap<>();
  private boolean sawHeader;
  private int tooNewVersion;
  private boolean reportedTooNew;
  private boolean reportedNotRecordFile;
  private FrameSink sink;

  public RecordFileReader(LogFile file) {
    this.frames = new TfRecordReader(file, "frame");
  }

  /** A reader of a local file (tools and tests). */
  public RecordFileReader(Path file) {
    this(LocalLogFile.of(file));
  }

  public LogFile file() {
    return frames.file();
  }

  /** Where the next pass starts. */
  public long position() {
    return frames.position();
  }

  /**
   * Reads every complete frame between the current position and the end of the file.
   *
   * @throws IOException when the file cannot be opened or read (deleted, permission denied)
   */
  public ReadResult readAvailable(FrameSink target) throws IOException {
    this.sink = target;
    TfRecordReader.Pass pass = frames.readAvailable(handler);
    List<String> problems = new ArrayList<>(pass.problems());
    if (tooNewVersion != 0 && !reportedTooNew) {
      reportedTooNew = true;
      problems.add(file().name() + ": written in format version " + tooNewVersion
          + ", newer than this reader knows (" + RecordWriter.FORMAT_VERSION
          + "); file skipped, upgrade VisualDL to read it");
    }
    if (!sawHeader && frames.goodRecords() == 0 && pass.damaged() > 0 && !reportedNotRecordFile) {
      reportedNotRecordFile = true;
      problems.add(file().name() + ": not a VisualDL record file (no valid header frame)");
    }
    return new ReadResult(pass.records(), pass.bytesRead(), pass.damaged(), pass.incompleteTail(),
        List.copyOf(problems));
  }

  private final TfRecordReader.PayloadHandler handler =
      new TfRecordReader.PayloadHandler() {
        @Override
        public String payload(byte[] buf, int off, int len, long recordOffset) {
          return deliver(buf, off, len, recordOffset, sink);
        }

        @Override
        public void restart() {
          tablets.clear();
          sawHeader = false;
          tooNewVersion = 0;
          reportedTooNew = false;
          reportedNotRecordFile = false;
        }
      };

  /**
   * Whether this file is not a VisualDL record file as far as it has been read: bytes were read,
   * but neither a header frame nor any other valid frame was found.
   */
  public boolean notARecordFile() {
    return reportedNotRecordFile && frames.goodRecords() == 0;
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
          frames.stopAtEnd();
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
   * Reads the record of the frame at the given offset again, for entries kept on disk.
   *
   * @throws IOException when the file cannot be read or the frame is no longer valid there
   */
  public static Record readRecordAt(LogFile file, long frameOffset) throws IOException {
    byte[] payload = TfRecordReader.readPayloadAt(file, frameOffset);
    Frame frame = Frame.parseFrom(CodedInputStream.newInstance(payload));
    if (!frame.hasRecord()) {
      throw new IOException(file + ": frame at offset " + frameOffset + " holds no record");
    }
    return frame.getRecord();
  }

  @Override
  public void close() throws IOException {
    frames.close();
  }
}
