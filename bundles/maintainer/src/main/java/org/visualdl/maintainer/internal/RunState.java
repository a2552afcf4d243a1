package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.visualdl.api.Kind;
import org.visualdl.api.StoreChange;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.SeekableByteSource;
import org.visualdl.storage.RecordFiles;

/**
 * One run in memory: its files, each read incrementally by the reader of its format, its scalar
 * series by tag, and the kept records of its other tablets by (kind, tag). A run is one folder of
 * a served log directory; its files are keyed by their path below the directory's root.
 */
final class RunState {
  private final String name;
  private final ServedDirectory dir;
  private final String folder;
  private final SampleLimits limits;
  private final Map<String, Opened> readers = new ConcurrentHashMap<>();
  private final Map<TabletKey, TabletInfo> tablets = new ConcurrentHashMap<>();
  private final Map<String, ScalarColumn> scalars = new ConcurrentHashMap<>();
  private final Map<TabletKey, RecordTablet> records = new ConcurrentHashMap<>();
  private final java.util.Set<String> notRecordFiles = ConcurrentHashMap.newKeySet();
  private volatile long loadedBytes;
  private volatile long lastWriteMs;

  /**
   * A file's format, the reader open on it, and what the file looked like after the last pass:
   * its listing entry (key and size read) and modification time, and, where files can be
   * rewritten in place, checksums of the first and last bytes read, so that a file cut and
   * written again is told apart from one that grew.
   */
  private static final class Opened {
    final LogFormat format;
    final LogFileReader reader;
    final LogFile file;
    FileStat stat;
    long modifiedMs;
    long head;
    long tail;

    Opened(LogFormat format, LogFileReader reader, LogFile file) {
      this.format = format;
      this.reader = reader;
      this.file = file;
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

  RunState(String name, ServedDirectory dir, String folder, SampleLimits limits) {
    this.name = name;
    this.dir = dir;
    this.folder = folder;
    this.limits = limits;
  }

  String name() {
    return name;
  }

  /** The served log directory the run's folder is in. */
  ServedDirectory dir() {
    return dir;
  }

  /** The run's folder, relative to its log directory's root ({@code ""} for the root). */
  String folder() {
    return folder;
  }

  /** The run's folder as people write it, for messages. */
  String where() {
    LogDirectory served = dir.resolved();
    return (served != null ? served : dir.spec).display(folder);
  }

  /** A file of a run to read: the file, with the format that reads it. */
  record Found(LogFile file, LogFormat format) {}

  /** The order in which a run's files are read: the order they were written in. */
  static final Comparator<LogFile> READING_ORDER =
      Comparator.comparing(LogFile::name, RecordFiles.NAME_ORDER);

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

  /**
   * Reads whatever is new in the given files of this run (by path below the log directory, each
   * with its format), in the order they were written.
   *
   * @param rewritableInPlace whether the store can cut and rewrite a file without its key or
   *     size telling, so that the first and last bytes read are compared too
   */
  Pass readNew(Map<String, Found> files, boolean rewritableInPlace) {
    String changed = changedOnStore(files, rewritableInPlace);
    if (changed != null) {
      return new Pass(List.of(), List.of(), 0, changed);
    }
    List<ProblemLog.Problem> problems = new ArrayList<>();
    List<StoreChange> changes = new ArrayList<>();
    Map<TabletKey, TabletInfo> touched = new LinkedHashMap<>();
    long before = loadedBytes;
    List<Found> ordered = new ArrayList<>(files.values());
    ordered.sort(Comparator.comparing(Found::file, READING_ORDER));
    for (Found found : ordered) {
      LogFile file = found.file();
      String key = file.stat().relativePath();
      if (notRecordFiles.contains(key)) {
        continue;
      }
      FileStat stat = file.stat();
      Opened known = readers.get(key);
      if (known != null && known.format() == found.format() && known.stat != null
          && known.stat.size() == stat.size() && known.modifiedMs == stat.modifiedMs()) {
        continue; // the listing shows nothing new: no read, no request
      }
      FileRead read = new FileRead(this, file, found.format(), stat);
      readFile(read, key, found, stat, rewritableInPlace);
      String prefix = file.name() + ": "; // readers often name the file; the path does
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
   * Why what this run holds no longer matches the store, or null: a file read before is no
   * longer listed, is another file now (another key), is shorter than what was read, or (where
   * files can be rewritten in place) its first or last bytes read differ: cut and written again
   * while we did not look.
   */
  private String changedOnStore(Map<String, Found> files, boolean rewritableInPlace) {
    for (Map.Entry<String, Opened> e : readers.entrySet()) {
      String file = e.getKey();
      Opened o = e.getValue();
      Found found = files.get(file);
      String shown = o.file.name();
      if (found == null) {
        if (notRecordFiles.remove(file)) {
          readers.remove(file);
          close(o);
          continue;
        }
        return shown + " was deleted";
      }
      if (o.stat == null || notRecordFiles.contains(file)) {
        continue;
      }
      FileStat now = found.file().stat();
      if (!now.key().equals(o.stat.key())) {
        return shown + " was replaced by another file";
      }
      if (now.size() < o.stat.size()) {
        return shown + " shrank from " + o.stat.size() + " to " + now.size() + " bytes";
      }
      if (rewritableInPlace
          && (now.size() != o.stat.size() || now.modifiedMs() != o.modifiedMs)) {
        long size = o.stat.size();
        try (SeekableByteSource in = o.file.open()) {
          if (checksum(in, 0, Math.min(size, FINGERPRINT_BYTES)) != o.head
              || checksum(in, Math.max(0, size - FINGERPRINT_BYTES), size) != o.tail) {
            return shown + " was rewritten";
          }
        } catch (IOException ex) {
          continue; // gone or unreadable this instant: the next listing will tell
        }
      }
    }
    return null;
  }

  /** CRC32 of the bytes [from, to) of the source; -1 when they cannot be read. */
  private static long checksum(SeekableByteSource in, long from, long to) {
    byte[] b = new byte[(int) (to - from)];
    try {
      in.readFully(from, b, 0, b.length);
    } catch (IOException e) {
      return -1;
    }
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }

  private void readFile(FileRead read, String key, Found found, FileStat stat,
      boolean rewritableInPlace) {
    LogFormat format = found.format();
    Opened opened = readers.get(key);
    if (opened != null && opened.format() != format) {
      close(opened);
      readers.remove(key);
      opened = null;
    }
    try {
      if (opened == null) {
        opened = new Opened(format, format.open(found.file()), found.file());
        readers.put(key, opened);
      }
      ReadStatus result = opened.reader().readAvailable(read);
      loadedBytes += result.bytesRead();
      read.problems.addAll(result.problems());
      if (result.notThisFormat()) {
        notRecordFiles.add(key);
        read.problems.add("not a " + format.name() + " log file after all, ignored");
      }
      remember(opened, stat, rewritableInPlace);
    } catch (IOException | RuntimeException e) {
      read.problem("cannot be read (" + e.getMessage() + ")");
      if (opened != null) {
        close(opened);
      }
      readers.remove(key);
    }
  }

  /** Notes what the file looked like when this pass began, for the next pass to compare. */
  private static void remember(Opened o, FileStat stat, boolean rewritableInPlace) {
    FileStat before = o.stat;
    o.modifiedMs = stat.modifiedMs();
    if (before != null && before.size() == stat.size()) {
      return; // same bytes as checked before this pass
    }
    o.stat = stat;
    if (!rewritableInPlace) {
      return;
    }
    long size = stat.size();
    try (SeekableByteSource in = o.file.open()) {
      o.head = checksum(in, 0, Math.min(size, FINGERPRINT_BYTES));
      o.tail = checksum(in, Math.max(0, size - FINGERPRINT_BYTES), size);
    } catch (IOException e) {
      o.head = -1;
      o.tail = -1;
    }
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
