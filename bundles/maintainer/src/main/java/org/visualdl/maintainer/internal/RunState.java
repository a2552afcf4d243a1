package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.zip.CRC32;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.visualdl.api.Kind;
import org.visualdl.api.StoreChange;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.storage.RecordFiles;

/**
 * One run in memory: its files, each read incrementally by the reader of its format, its scalar
 * series by tag, and the kept records of its other tablets by (kind, tag).
 */
final class RunState {
  private final String name;
  private final Path folder;
  private final SampleLimits limits;
  private final Map<Path, Opened> readers = new ConcurrentHashMap<>();
  private final Map<TabletKey, TabletInfo> tablets = new ConcurrentHashMap<>();
  private final Map<String, ScalarColumn> scalars = new ConcurrentHashMap<>();
  private final Map<TabletKey, RecordTablet> records = new ConcurrentHashMap<>();
  private final java.util.Set<Path> notRecordFiles = ConcurrentHashMap.newKeySet();
  private volatile long loadedBytes;
  private volatile long lastWriteMs;

  /**
   * A file's format, the reader open on it, and what the file looked like after the last pass:
   * its identity and modification time, and checksums of the first and last bytes read, so that a
   * file rewritten in place (cut and written again) is told apart from one that grew.
   */
  private static final class Opened {
    final LogFormat format;
    final LogFileReader reader;
    FileIdentity identity;
    FileTime modified;
    long head;
    long tail;

    Opened(LogFormat format, LogFileReader reader) {
      this.format = format;
      this.reader = reader;
    }

    LogFormat format() {
      return format;
    }

    LogFileReader reader() {
      return reader;
    }
  }

  private static final int FINGERPRINT_BYTES = 4096;

  /**
   * Every RunState gets a new generation, part of its data versions: a run read again from scratch
   * (or gone and back) never repeats a version of its former self, so results cached by data
   * version are never served for other data.
   */
  private static final java.util.concurrent.atomic.AtomicLong GENERATIONS =
      new java.util.concurrent.atomic.AtomicLong();

  private final long generation = GENERATIONS.incrementAndGet() << 40;

  RunState(String name, Path folder, SampleLimits limits) {
    this.name = name;
    this.folder = folder;
    this.limits = limits;
  }

  String name() {
    return name;
  }

  Path folder() {
    return folder;
  }

  int fileCount() {
    return readers.size() - notRecordFiles.size();
  }

  long loadedBytes() {
    return loadedBytes;
  }

  Map<TabletKey, TabletInfo> tablets() {
    return tablets;
  }

  /** The scalar series of a tag, or null. */
  ScalarColumn scalars(String tag) {
    return scalars.get(tag);
  }

  /** The kept records of a samples or blob-sequence tablet, or null. */
  RecordTablet records(TabletKey key) {
    return records.get(key);
  }

  long scalarPoints() {
    long n = 0;
    for (ScalarColumn s : scalars.values()) {
      n += s.size();
    }
    return n;
  }

  long bytes() {
    long b = 0;
    for (ScalarColumn s : scalars.values()) {
      b += s.bytes();
    }
    for (RecordTablet r : records.values()) {
      b += r.bytes();
    }
    return b;
  }

  /** The latest wall time read in this run, kept up to date as data arrives. */
  long lastWriteMs() {
    return lastWriteMs;
  }

  void wrote(long wallMs) {
    if (wallMs > lastWriteMs) {
      lastWriteMs = wallMs;
    }
  }

  long dataVersion(TabletKey key) {
    if (key.kind().equals(Kind.SCALAR)) {
      ScalarColumn c = scalars.get(key.tag());
      return c == null ? 0 : generation | c.version();
    }
    RecordTablet r = records.get(key);
    return r == null ? 0 : generation | r.version();
  }

  private long lastStep(TabletKey key) {
    if (key.kind().equals(Kind.SCALAR)) {
      ScalarColumn c = scalars.get(key.tag());
      return c == null ? Long.MIN_VALUE : c.lastStep();
    }
    RecordTablet r = records.get(key);
    return r == null ? Long.MIN_VALUE : r.lastStep();
  }

  /**
   * The result of reading what is new: problems (path, cause), changes, bytes read; or, when a
   * file read before was replaced, cut or deleted, why the run must be read again from scratch
   * (then nothing was read).
   */
  record Pass(List<ProblemLog.Problem> problems, List<StoreChange> changes, long bytesRead,
      String rebuildBecause) {}

  /** Reads whatever is new in the given files of this run (each with its format), in order. */
  Pass readNew(Map<Path, LogFormat> files) {
    String changed = changedOnDisk(files);
    if (changed != null) {
      return new Pass(List.of(), List.of(), 0, changed);
    }
    List<ProblemLog.Problem> problems = new ArrayList<>();
    List<StoreChange> changes = new ArrayList<>();
    Map<TabletKey, TabletInfo> touched = new LinkedHashMap<>();
    long before = loadedBytes;
    List<Path> ordered = new ArrayList<>(files.keySet());
    ordered.sort(RecordFiles.READING_ORDER);
    for (Path file : ordered) {
      if (notRecordFiles.contains(file)) {
        continue;
      }
      LogFormat format = files.get(file);
      FileIdentity identity = FileIdentity.of(file);
      FileRead read = new FileRead(this, file, format, identity);
      readFile(read, file, format, identity);
      String prefix = file.getFileName() + ": "; // readers often name the file; the path does
      for (String p : read.problems) {
        problems.add(new ProblemLog.Problem(file.toString(),
            p.startsWith(prefix) ? p.substring(prefix.length()) : p));
      }
      changes.addAll(read.tabletsAdded);
      read.touched.forEach(touched::putIfAbsent);
    }
    for (ScalarColumn s : scalars.values()) {
      s.commit();
    }
    for (Map.Entry<TabletKey, TabletInfo> t : touched.entrySet()) {
      changes.add(new StoreChange(StoreChange.Type.DATA, name, t.getKey().tag(),
          t.getKey().kind(), lastStep(t.getKey())));
    }
    return new Pass(List.copyOf(problems), List.copyOf(changes), loadedBytes - before, null);
  }

  /**
   * Why what this run holds no longer matches the disk, or null: a file read before is gone, is
   * another file now (other inode, or other creation time where there is none), is shorter than
   * before, or its first or last bytes read differ (cut and written again while we did not look).
   */
  private String changedOnDisk(Map<Path, LogFormat> files) {
    for (Map.Entry<Path, Opened> e : readers.entrySet()) {
      Path file = e.getKey();
      Opened o = e.getValue();
      if (!files.containsKey(file)) {
        if (notRecordFiles.remove(file)) {
          readers.remove(file);
          close(o);
          continue;
        }
        return folder.relativize(file) + " was deleted";
      }
      if (o.identity == null || notRecordFiles.contains(file)) {
        continue;
      }
      FileIdentity now = FileIdentity.of(file);
      if (now == null) {
        continue; // gone or unreadable this instant: the next pass or the scan will tell
      }
      if (!o.identity.sameFile(now)) {
        return folder.relativize(file) + " was replaced by another file";
      }
      if (now.size() < o.identity.size()) {
        return folder.relativize(file) + " shrank from " + o.identity.size() + " to "
            + now.size() + " bytes";
      }
      if (now.size() != o.identity.size() || !modified(file).equals(o.modified)) {
        long size = o.identity.size();
        if (checksum(file, 0, Math.min(size, FINGERPRINT_BYTES)) != o.head
            || checksum(file, Math.max(0, size - FINGERPRINT_BYTES), size) != o.tail) {
          return folder.relativize(file) + " was rewritten";
        }
      }
    }
    return null;
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** CRC32 of the bytes [from, to) of the file; -1 when they cannot be read. */
  private static long checksum(Path file, long from, long to) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) (to - from));
      while (b.hasRemaining()) {
        if (ch.read(b, from + b.position()) < 0) {
          return -1;
        }
      }
      CRC32 crc = new CRC32();
      crc.update(b.flip());
      return crc.getValue();
    } catch (IOException e) {
      return -1;
    }
  }

  private void readFile(FileRead read, Path file, LogFormat format, FileIdentity identity) {
    Opened opened = readers.get(file);
    if (opened != null && opened.format() != format) {
      close(opened);
      readers.remove(file);
      opened = null;
    }
    try {
      if (opened == null) {
        opened = new Opened(format, format.open(file));
        readers.put(file, opened);
      }
      ReadStatus result = opened.reader().readAvailable(read);
      loadedBytes += result.bytesRead();
      read.problems.addAll(result.problems());
      if (result.notThisFormat()) {
        notRecordFiles.add(file);
        read.problems.add("not a " + format.name() + " log file after all, ignored");
      }
      remember(opened, file, identity);
    } catch (IOException | RuntimeException e) {
      read.problem("cannot be read (" + e.getMessage() + ")");
      if (opened != null) {
        close(opened);
      }
      readers.remove(file);
    }
  }

  /** Notes what the file looked like when this pass began, for the next pass to compare. */
  private static void remember(Opened o, Path file, FileIdentity identity) {
    if (identity == null) {
      return;
    }
    FileIdentity before = o.identity;
    o.modified = modified(file);
    if (before != null && before.size() == identity.size()) {
      return; // same bytes as checked before this pass
    }
    long size = identity.size();
    o.identity = identity;
    o.head = checksum(file, 0, Math.min(size, FINGERPRINT_BYTES));
    o.tail = checksum(file, Math.max(0, size - FINGERPRINT_BYTES), size);
  }

  private static void close(Opened o) {
    try {
      o.reader().close();
    } catch (IOException e) {
      // the reader only read
    }
  }

  void close() {
    readers.values().forEach(RunState::close);
  }

  /** Closes the readers of a format that went away; the data read stays. */
  void forgetFormat(LogFormat format) {
    readers.values().removeIf(o -> {
      if (o.format() == format) {
        close(o);
        return true;
      }
      return false;
    });
  }

  /** The tablet's info, declared (and reported to the read) the first time it is named. */
  TabletInfo declare(TabletKey key, String displayName, String description, String pluginName,
      FileRead read) {
    TabletInfo info = tablets.get(key);
    if (info == null) {
      info = new TabletInfo(name, key.tag(), key.kind(), displayName, description, pluginName);
      tablets.put(key, info);
      read.tabletsAdded.add(
          new StoreChange(StoreChange.Type.TABLET_ADDED, name, key.tag(), key.kind(), 0));
    }
    return info;
  }

  ScalarColumn scalarColumn(String tag) {
    return scalars.computeIfAbsent(tag, k -> new ScalarColumn());
  }

  /**
   * The kept records of a tablet, created with the given shape when it has none yet; a tablet
   * keeps the shape of its first record.
   */
  RecordTablet recordTablet(TabletKey key, RecordShape shape) {
    return records.computeIfAbsent(key, k -> RecordTablet.of(shape,
        limits.capacity(k.kind(), shape), (name + "\u0000" + k.tag()).hashCode()));
  }
}
