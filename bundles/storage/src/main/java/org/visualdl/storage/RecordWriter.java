package org.visualdl.storage;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;
import org.visualdl.api.storage.StorageWriter;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Frame;
import org.visualdl.proto.Record;
import org.visualdl.proto.Storage;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.internal.Crc32c;
import org.visualdl.storage.internal.Frames;
import org.visualdl.storage.internal.LocalFileBackend;

/**
 * Writes the record files of one writer into a run folder: a header frame first, each tablet
 * declared once per file before its first data, scalar points in packed blocks, and a new file
 * when the current one passes the rotation size. Not thread-safe: one thread writes.
 *
 * <p>Files are written through a {@link StorageBackend}: a local folder ({@link #open(Path,
 * Options)}) or a run folder on any store ({@link #open(StorageBackend, URI, Options)}, for example
 * {@code hdfs://} or {@code s3://}). {@link #flush()} is the backend's flush: local, the bytes are
 * in the file (and on the device with {@link Options#fsync()}); HDFS, {@code hflush}/{@code
 * hsync}; S3, a new segment object (at most one per segment interval).
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
   * @param fsync force the data to the device on every {@link #flush()} (local files; a remote
   *     backend's flush is as durable as the store makes it, see its README)
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

  /** The run folder when it is local (file names are resolved against it as given), else null. */
  private final Path localDir;
  private final URI runDir;
  private final StorageBackend backend;
  private final Options options;
  private final long startMs;
  private final String host;
  private final long pid;
  private final Map<String, Integer> tabletIds = new HashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
  private StorageWriter out;
  private URI file;
  private String fileName;
  private int sequence;
  private long fileBytes;
  private int nextTabletId;
  private byte[] scratch = new byte[1 << 16];
  private final int[] scratchLength = new int[1];
  private final byte[] frameHead = new byte[Frames.HEADER_BYTES];
  private final byte[] frameFoot = new byte[Frames.FOOTER_BYTES];

  private RecordWriter(Path localDir, URI runDir, StorageBackend backend, Options options)
      throws IOException {
    this.localDir = localDir;
    this.runDir = runDir;
    this.backend = backend;
    this.options = options;
    this.startMs = System.currentTimeMillis();
    this.host = hostName();
    this.pid = ProcessHandle.current().pid();
    if (localDir != null) {
      Files.createDirectories(localDir);
    }
    openNextFile(0);
  }

  /** Creates the local run folder if needed and opens a new file in it. */
  public static RecordWriter open(Path runDir, Options options) throws IOException {
    return new RecordWriter(runDir, runDir.toAbsolutePath().normalize().toUri(),
        new LocalFileBackend(), options);
  }

  /**
   * Opens a new file in the run folder {@code runDir} of {@code backend}'s store, for example
   * {@code hdfs://namenode:8020/logs/run1} or {@code s3://bucket/logs/run1}; a {@code file:} URI
   * is the same as {@link #open(Path, Options)}. Folders are created where the store has them.
   *
   * @throws IOException with the backend's one-line message when the store refuses (unreachable,
   *     no permission, no such bucket)
   */
  public static RecordWriter open(StorageBackend backend, URI runDir, Options options)
      throws IOException {
    if (runDir.getScheme() == null || "file".equalsIgnoreCase(runDir.getScheme())) {
      Path local = runDir.getScheme() == null ? Path.of(runDir.getPath()) : Path.of(runDir);
      return new RecordWriter(local, local.toAbsolutePath().normalize().toUri(),
          new LocalFileBackend(), options);
    }
    return new RecordWriter(null, runDir, backend, options);
  }

  /**
   * The local file being written now.
   *
   * @throws UnsupportedOperationException when the run folder is not local (see
   *     {@link #currentFileUri()})
   */
  public Path currentFile() {
    if (localDir == null) {
      throw new UnsupportedOperationException(
          file + " is not a local file; use currentFileUri() for a remote run folder");
    }
    return localDir.resolve(fileName);
  }

  /** The file being written now, as a URI ({@code file:}, {@code hdfs:}, {@code s3:}). */
  public URI currentFileUri() {
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

  /**
   * Writes buffered frames to the file and flushes it through the backend (local: the bytes are
   * in the file, and on the device when the options ask for fsync).
   *
   * @throws NoSuchFileException when the file was removed while being written
   */
  public void flush() throws IOException {
    flush(true);
  }

  /**
   * The periodic flush: like {@link #flush()}, but through {@link StorageWriter#flushSoon}, which
   * lets a store batch (S3 writes at most one segment object per interval).
   */
  public void flushSoon() throws IOException {
    flush(false);
  }

  private void flush(boolean now) throws IOException {
    drain();
    try {
      // Local: on Linux writes to a deleted file still succeed; the backend's flush checks.
      if (now) {
        out.flush();
      } else {
        out.flushSoon();
      }
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(
          shownFile(), null, "the record file was removed while being written (was the run"
              + " folder deleted?); data written since it was removed is lost");
    }
    if (options.fsync()) {
      LocalFileBackend.force(out);
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    try {
      flush();
    } catch (IOException e) {
      failure = e;
    }
    try {
      out.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The current file as users know it: a local path, or the URI. */
  private String shownFile() {
    return localDir != null ? localDir.resolve(fileName).toString() : file.toString();
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
      out.close();
      openNextFile(sequence + 1);
    }
  }

  /** Most names tried when files of the same start time, host and pid already exist. */
  private static final int MAX_NAME_CLASHES = 10_000;

  private void openNextFile(int firstSequence) throws IOException {
    int seq = firstSequence;
    while (true) {
      String name = RecordFiles.fileName(startMs, host, pid, seq);
      URI candidate = StorageResolver.child(runDir, name);
      try {
        out = backend.create(candidate);
        file = candidate;
        fileName = name;
        break;
      } catch (FileAlreadyExistsException e) {
        if (seq - firstSequence >= MAX_NAME_CLASHES) {
          throw new FileAlreadyExistsException(candidate.toString(), null, "files of sequence "
              + firstSequence + " to " + seq + " exist already; write into another run folder");
        }
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
    if (buffer.position() > 0) {
      out.write(buffer.array(), 0, buffer.position());
    }
    buffer.clear();
  }

  private void writeFully(ByteBuffer b) throws IOException {
    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    b.position(b.limit());
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
