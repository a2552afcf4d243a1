package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.visualdl.api.Kind;
import org.visualdl.api.TabletInfo;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.FrameSink;
import org.visualdl.storage.ReadResult;
import org.visualdl.storage.RecordFileReader;
import org.visualdl.storage.RecordFiles;

/** One run in memory: its files, read incrementally, and its tablets. */
final class RunState {
  private final String name;
  private final Path folder;
  private final Map<Path, RecordFileReader> readers = new ConcurrentHashMap<>();
  private final Map<String, TabletInfo> tablets = new ConcurrentHashMap<>();
  private final Map<String, ScalarSeries> scalars = new ConcurrentHashMap<>();

  RunState(String name, Path folder) {
    this.name = name;
    this.folder = folder;
  }

  String name() {
    return name;
  }

  Path folder() {
    return folder;
  }

  int fileCount() {
    return readers.size();
  }

  Map<String, TabletInfo> tablets() {
    return tablets;
  }

  ScalarSeries scalars(String tag) {
    return scalars.get(tag);
  }

  long scalarPoints() {
    long n = 0;
    for (ScalarSeries s : scalars.values()) {
      n += s.size();
    }
    return n;
  }

  long lastWriteMs() {
    long max = 0;
    for (ScalarSeries s : scalars.values()) {
      max = Math.max(max, s.lastWallMs());
    }
    return max;
  }

  /**
   * Reads whatever is new in the given files of this run, in reading order.
   *
   * @return problems found, one line each
   */
  List<String> readNew(List<Path> files) {
    List<String> problems = new ArrayList<>();
    List<Path> ordered = new ArrayList<>(files);
    ordered.sort(RecordFiles.READING_ORDER);
    for (Path file : ordered) {
      RecordFileReader reader = readers.computeIfAbsent(file, RecordFileReader::new);
      try {
        ReadResult result = reader.readAvailable(sink);
        problems.addAll(result.problems());
        if (result.bytesConsumed() > 0 && !reader.sawHeader() && result.frames() == 0) {
          problems.add(folder.relativize(file) + ": not a VisualDL record file, ignored");
        }
      } catch (IOException e) {
        problems.add(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
      }
    }
    for (ScalarSeries s : scalars.values()) {
      s.commit();
    }
    return problems;
  }

  /** Forgets files that no longer exist. */
  void forgetMissing(java.util.Set<Path> present) {
    readers.keySet().removeIf(p -> {
      if (present.contains(p)) {
        return false;
      }
      try {
        readers.get(p).close();
      } catch (IOException e) {
        // closing a reader of a deleted file cannot lose data
      }
      return true;
    });
  }

  void close() {
    for (RecordFileReader r : readers.values()) {
      try {
        r.close();
      } catch (IOException e) {
        // nothing to do: the reader only read
      }
    }
  }

  private final FrameSink sink =
      new FrameSink() {
        @Override
        public void tablet(Tablet t) {
          Kind kind = kindOf(t);
          if (kind == null) {
            return;
          }
          String key = key(t.getTag(), kind);
          tablets.computeIfAbsent(
              key,
              k ->
                  new TabletInfo(
                      name,
                      t.getTag(),
                      kind,
                      t.getDisplayName(),
                      t.getDescription(),
                      t.hasPlugin() ? t.getPlugin().getName() : ""));
          if (kind.equals(Kind.SCALAR)) {
            scalars.computeIfAbsent(t.getTag(), k -> new ScalarSeries());
          }
        }

        @Override
        public void scalars(Tablet t, ScalarBlock block) {
          ScalarSeries series = scalars.computeIfAbsent(t.getTag(), k -> new ScalarSeries());
          series.appendBlock(block);
        }

        @Override
        public void record(Tablet t, Record record, long frameOffset) {
          // Heavy kinds (histograms, images, embeddings, text) are kept by a later stage of the
          // maintainer; their tablets are already listed.
        }
      };

  static String key(String tag, Kind kind) {
    return kind.id() + "\u0000" + tag;
  }

  static Kind kindOf(Tablet t) {
    return switch (t.getKind()) {
      case KIND_SCALAR -> Kind.SCALAR;
      case KIND_HISTOGRAM -> Kind.HISTOGRAM;
      case KIND_IMAGE -> Kind.IMAGE;
      case KIND_EMBEDDING -> Kind.EMBEDDING;
      case KIND_TEXT -> Kind.TEXT;
      case KIND_PLUGIN -> t.hasPlugin() && isKindName(t.getPlugin().getName())
          ? new Kind(t.getPlugin().getName())
          : null;
      default -> null;
    };
  }

  private static boolean isKindName(String s) {
    return s.matches("[a-z0-9_-]{1,64}");
  }
}
