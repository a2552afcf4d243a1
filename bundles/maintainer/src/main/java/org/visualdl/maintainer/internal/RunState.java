package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final Set<Path> notRecordFiles = ConcurrentHashMap.newKeySet();
  private volatile long loadedBytes;
  private volatile long lastWriteMs;

  /** A file's format and the reader open on it. */
  private record Opened(LogFormat format, LogFileReader reader) {}

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
      return c == null ? 0 : c.version();
    }
    RecordTablet r = records.get(key);
    return r == null ? 0 : r.version();
  }

  private long lastStep(TabletKey key) {
    if (key.kind().equals(Kind.SCALAR)) {
      ScalarColumn c = scalars.get(key.tag());
      return c == null ? Long.MIN_VALUE : c.lastStep();
    }
    RecordTablet r = records.get(key);
    return r == null ? Long.MIN_VALUE : r.lastStep();
  }

  /** The result of reading what is new. */
  record Pass(List<String> problems, List<StoreChange> changes, long bytesRead) {}

  /** Reads whatever is new in the given files of this run (each with its format), in order. */
  Pass readNew(Map<Path, LogFormat> files) {
    List<String> problems = new ArrayList<>();
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
      FileRead read = new FileRead(this, file, format);
      readFile(read, file, format);
      problems.addAll(read.problems);
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
    return new Pass(List.copyOf(problems), List.copyOf(changes), loadedBytes - before);
  }

  private void readFile(FileRead read, Path file, LogFormat format) {
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
        read.problems.add(folder.relativize(file) + ": not a " + format.name()
            + " log file after all, ignored");
      }
    } catch (IOException | RuntimeException e) {
      read.problem("cannot be read (" + e.getMessage() + ")");
      if (opened != null) {
        close(opened);
      }
      readers.remove(file);
    }
  }

  private static void close(Opened o) {
    try {
      o.reader().close();
    } catch (IOException e) {
      // the reader only read
    }
  }

  /** Forgets readers of files that no longer exist; their data stays served. */
  void forgetMissing(Set<Path> present) {
    readers.keySet().removeIf(p -> {
      if (present.contains(p)) {
        return false;
      }
      close(readers.get(p));
      notRecordFiles.remove(p);
      return true;
    });
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
