package org.visualdl.storage;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Frame;
import org.visualdl.proto.Record;
import org.visualdl.proto.Storage;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.internal.Crc32c;
import org.visualdl.storage.internal.Frames;

/**
 * Writes the record files of one writer into a run folder: a header frame first, each tablet
 * declared once per file before its first data, scalar points in packed blocks, and a new file
 * when the current one passes the rotation size. Not thread-safe: one thread writes.
 *
 * <pre>{@code
 * try (RecordWriter w = RecordWriter.open(runDir, RecordWriter.Options.defaults())) {
 *   w.writeRecord(Tablet.newBuilder().setTag("note").setKind(Kind.KIND_TEXT).build(), 0, now, entry);
 *   w.flush();
 * }
 * }</pre>
 */
public final class RecordWriter implements Closeable {
  /** Version written in every file header. */
  public static final int FORMAT_VERSION = 1;

  /**
   * How a writer behaves.
   *
   * @param rotateBytes start a new file when the current one holds at least this many bytes
   * @param fsync force the data to the device on every {@link #flush()}
   * @param writerName written into each file header, for example {@code "visualdl-java/0.1.0"}
   */
  public record Options(long rotateBytes, boolean fsync, String writerName) {
    public Options {
      if (rotateBytes < 1024) {
        throw new IllegalArgumentException("rotation size must be at least 1024 bytes");
      }
    }

    public static Options defaults() {
      return new Options(256L * 1024 * 1024, false, "visualdl-java");
    }
  }

  private final Path runDir;
  private final Options options;
  private final long startMs;
  private final String host;
  private final long pid;
  private final Map<String, Integer> tabletIds = new HashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
  private FileChannel channel;
  private Path file;
  private int sequence;
  private long fileBytes;
  private int nextTabletId;
  private byte[] scratch = new byte[1 << 16];
  private final int[] scratchLength = new int[1];
  private final byte[] frameHead = new byte[Frames.HEADER_BYTES];
  private final byte[] frameFoot = new byte[Frames.FOOTER_BYTES];

  private RecordWriter(Path runDir, Options options) throws IOException {
    this.runDir = runDir;
    this.options = options;
    this.startMs = System.currentTimeMillis();
    this.host = hostName();
    this.pid = ProcessHandle.current().pid();
    Files.createDirectories(runDir);
    openNextFile(0);
  }

  /** Creates the run folder if needed and opens a new file in it. */
  public static RecordWriter open(Path runDir, Options options) throws IOException {
    return new RecordWriter(runDir, options);
  }

  /** The file being written now. */
  public Path currentFile() {
    return file;
  }

  /** Most points packed into one block, so that a frame stays a few hundred kilobytes. */
  public static final int MAX_POINTS_PER_BLOCK = 32 * 1024;

  /**
   * Appends the points of the tablet (its id is assigned here), in blocks of at most
   * {@link #MAX_POINTS_PER_BLOCK} points. The builder is left as it is.
   */
  public void writeScalars(Tablet tablet, ScalarBlockBuilder points) throws IOException {
    int n = points.size();
    for (int from = 0; from < n; from += MAX_POINTS_PER_BLOCK) {
      int to = Math.min(n, from + MAX_POINTS_PER_BLOCK);
      int id = declare(tablet);
      scratch = points.encodeFrame(id, from, to, scratch, scratchLength);
      writePayload(scratch, scratchLength[0]);
    }
  }

  /** Appends one record of the tablet (its id is assigned here). */
  public void writeRecord(Tablet tablet, long step, long wallTimeMs, Entry entry)
      throws IOException {
    int id = declare(tablet);
    Record record =
        Record.newBuilder()
            .setTabletId(id)
            .setStep(step)
            .setWallTimeMs(wallTimeMs)
            .setEntry(entry)
            .build();
    writeFrame(Frame.newBuilder().setRecord(record).build());
  }

  /** Writes buffered frames to the file (and to the device when the options ask for fsync). */
  public void flush() throws IOException {
    drain();
    if (!Files.exists(file)) {
      // On Linux writes to a deleted file still succeed; say so instead of losing data silently.
      throw new NoSuchFileException(
          file.toString(), null, "the record file was removed while being written (was the run"
              + " folder deleted?); data written since it was removed is lost");
    }
    if (options.fsync()) {
      channel.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }

  private int declare(Tablet tablet) throws IOException {
    rotateIfFull();
    String key =
        tablet.getKind().getNumber() + "\u0000" + tablet.getPlugin().getName() + "\u0000"
            + tablet.getTag();
    Integer id = tabletIds.get(key);
    if (id == null) {
      id = nextTabletId++;
      tabletIds.put(key, id);
      writeFrame(Frame.newBuilder().setTablet(tablet.toBuilder().setId(id)).build());
    }
    return id;
  }

  private void rotateIfFull() throws IOException {
    if (fileBytes >= options.rotateBytes()) {
      drain();
      channel.close();
      openNextFile(sequence + 1);
    }
  }

  private void openNextFile(int firstSequence) throws IOException {
    int seq = firstSequence;
    while (true) {
      Path candidate = runDir.resolve(RecordFiles.fileName(startMs, host, pid, seq));
      try {
        channel =
            FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        file = candidate;
        break;
      } catch (FileAlreadyExistsException e) {
        seq++;
      }
    }
    sequence = seq;
    fileBytes = 0;
    nextTabletId = 1;
    tabletIds.clear();
    Storage header =
        Storage.newBuilder()
            .setFormatVersion(FORMAT_VERSION)
            .setWriter(options.writerName())
            .setHost(host)
            .setPid(pid)
            .setStartTimeMs(startMs)
            .setSequence(sequence)
            .build();
    writeFrame(Frame.newBuilder().setStorage(header).build());
    // The header reaches the file at once: a file is never empty for longer than its creation.
    drain();
  }

  private void writeFrame(Frame frame) throws IOException {
    byte[] payload = frame.toByteArray();
    writePayload(payload, payload.length);
  }

  private void writePayload(byte[] payload, int length) throws IOException {
    int total = Frames.HEADER_BYTES + length + Frames.FOOTER_BYTES;
    Frames.putHeader(frameHead, 0, length);
    Frames.putIntLE(frameFoot, 0, Crc32c.masked(payload, 0, length));
    if (total > buffer.remaining()) {
      drain();
    }
    if (total > buffer.capacity()) {
      writeFully(ByteBuffer.wrap(frameHead));
      writeFully(ByteBuffer.wrap(payload, 0, length));
      writeFully(ByteBuffer.wrap(frameFoot));
    } else {
      buffer.put(frameHead).put(payload, 0, length).put(frameFoot);
    }
    fileBytes += total;
  }

  private void drain() throws IOException {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
