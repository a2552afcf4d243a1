package org.visualdl.maintainer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.visualdl.api.EmbeddingMatrix;
import org.visualdl.api.EmbeddingSample;
import org.visualdl.api.HistogramSample;
import org.visualdl.api.ImageSample;
import org.visualdl.api.Kind;
import org.visualdl.api.PluginDataSample;
import org.visualdl.api.StoreChange;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.TextSample;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.storage.RecordFiles;

/**
 * One run in memory: its files, each read incrementally by the reader of its format, and its
 * tablets of every kind.
 */
final class RunState {
  private final String name;
  private final Path folder;
  private final SampleLimits limits;
  private final Map<Path, Opened> readers = new ConcurrentHashMap<>();
  private final Map<String, TabletInfo> tablets = new ConcurrentHashMap<>();
  private final Map<String, ScalarColumn> scalars = new ConcurrentHashMap<>();
  private final Map<String, Reservoir<HistogramSample>> histograms = new ConcurrentHashMap<>();
  private final Map<String, Reservoir<DiskRef<ImageSample>>> images = new ConcurrentHashMap<>();
  private final Map<String, Reservoir<DiskRef<EmbeddingSample>>> embeddings =
      new ConcurrentHashMap<>();
  private final Map<String, Reservoir<TextSample>> texts = new ConcurrentHashMap<>();
  private final Map<String, Reservoir<DiskRef<PluginDataSample>>> plugin =
      new ConcurrentHashMap<>();
  private final Set<Path> notRecordFiles = ConcurrentHashMap.newKeySet();
  private volatile long loadedBytes;
  private volatile long lastWriteMs;

  // Collected while reading, on the loader thread only.
  private final List<String> passProblems = new ArrayList<>();
  private final Map<String, TabletInfo> passData = new HashMap<>();
  private final List<StoreChange> passChanges = new ArrayList<>();
  private Path passFile;
  private LogFormat passFormat;

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

  Map<String, TabletInfo> tablets() {
    return tablets;
  }

  ScalarColumn scalars(String tag) {
    return scalars.get(tag);
  }

  Reservoir<HistogramSample> histograms(String tag) {
    return histograms.get(tag);
  }

  Reservoir<DiskRef<ImageSample>> images(String tag) {
    return images.get(tag);
  }

  Reservoir<DiskRef<EmbeddingSample>> embeddings(String tag) {
    return embeddings.get(tag);
  }

  Reservoir<TextSample> texts(String tag) {
    return texts.get(tag);
  }

  Reservoir<DiskRef<PluginDataSample>> pluginSamples(String tag, Kind kind) {
    return plugin.get(key(tag, kind));
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
    for (Map<String, ? extends Reservoir<?>> m : List.of(histograms, images, embeddings, texts, plugin)) {
      for (Reservoir<?> r : m.values()) {
        b += r.bytes();
      }
    }
    return b;
  }

  /** The latest wall time read in this run, kept up to date as data arrives. */
  long lastWriteMs() {
    return lastWriteMs;
  }

  private void wrote(long wallMs) {
    if (wallMs > lastWriteMs) {
      lastWriteMs = wallMs;
    }
  }

  long dataVersion(String tag, Kind kind) {
    if (kind.equals(Kind.SCALAR)) {
      ScalarColumn c = scalars.get(tag);
      return c == null ? 0 : c.version();
    }
    Reservoir<?> r =
        kind.equals(Kind.HISTOGRAM) ? histograms.get(tag)
            : kind.equals(Kind.IMAGE) ? images.get(tag)
            : kind.equals(Kind.EMBEDDING) ? embeddings.get(tag)
            : kind.equals(Kind.TEXT) ? texts.get(tag)
            : plugin.get(key(tag, kind));
    return r == null ? 0 : r.version();
  }

  /** The result of reading what is new. */
  record Pass(List<String> problems, List<StoreChange> changes, long bytesRead) {}

  /** Reads whatever is new in the given files of this run (each with its format), in order. */
  Pass readNew(Map<Path, LogFormat> files) {
    passProblems.clear();
    passData.clear();
    passChanges.clear();
    long before = loadedBytes;
    List<Path> ordered = new ArrayList<>(files.keySet());
    ordered.sort(RecordFiles.READING_ORDER);
    for (Path file : ordered) {
      if (notRecordFiles.contains(file)) {
        continue;
      }
      LogFormat format = files.get(file);
      Opened opened = readers.get(file);
      if (opened != null && opened.format() != format) {
        close(opened);
        readers.remove(file);
        opened = null;
      }
      passFile = file;
      passFormat = format;
      try {
        if (opened == null) {
          opened = new Opened(format, format.open(file));
          readers.put(file, opened);
        }
        ReadStatus result = opened.reader().readAvailable(sink);
        loadedBytes += result.bytesRead();
        passProblems.addAll(result.problems());
        if (result.notThisFormat()) {
          notRecordFiles.add(file);
          passProblems.add(folder.relativize(file) + ": not a " + format.name()
              + " log file after all, ignored");
        }
      } catch (IOException | RuntimeException e) {
        passProblems.add(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
        if (opened != null) {
          close(opened);
        }
        readers.remove(file);
      }
    }
    for (ScalarColumn s : scalars.values()) {
      s.commit();
    }
    for (TabletInfo t : passData.values()) {
      passChanges.add(
          new StoreChange(StoreChange.Type.DATA, name, t.tag(), t.kind(), lastStep(t)));
    }
    return new Pass(List.copyOf(passProblems), List.copyOf(passChanges), loadedBytes - before);
  }

  private static void close(Opened o) {
    try {
      o.reader().close();
    } catch (IOException e) {
      // the reader only read
    }
  }

  private long lastStep(TabletInfo t) {
    if (t.kind().equals(Kind.SCALAR)) {
      ScalarColumn c = scalars.get(t.tag());
      return c == null ? Long.MIN_VALUE : c.lastStep();
    }
    Reservoir<?> r =
        t.kind().equals(Kind.HISTOGRAM) ? histograms.get(t.tag())
            : t.kind().equals(Kind.IMAGE) ? images.get(t.tag())
            : t.kind().equals(Kind.EMBEDDING) ? embeddings.get(t.tag())
            : t.kind().equals(Kind.TEXT) ? texts.get(t.tag())
            : plugin.get(key(t.tag(), t.kind()));
    return r == null ? Long.MIN_VALUE : r.lastStep();
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

  private TabletInfo declare(String tag, Kind kind, String displayName, String description,
      String pluginName) {
    String key = key(tag, kind);
    TabletInfo info = tablets.get(key);
    if (info == null) {
      info = new TabletInfo(name, tag, kind, displayName, description, pluginName);
      tablets.put(key, info);
      passChanges.add(new StoreChange(StoreChange.Type.TABLET_ADDED, name, tag, kind, 0));
    }
    return info;
  }

  private TabletInfo declare(String tag, Kind kind) {
    TabletInfo info = tablets.get(key(tag, kind));
    return info != null ? info : declare(tag, kind, "", "", "");
  }

  private long seed(String tag) {
    return (name + "\u0000" + tag).hashCode();
  }

  private void touched(TabletInfo info, long wallMs) {
    passData.put(key(info.tag(), info.kind()), info);
    wrote(wallMs);
  }

  /** Where every format's reader delivers what it reads. */
  private final RecordSink sink =
      new RecordSink() {
        @Override
        public void tablet(String tag, Kind kind, String displayName, String description,
            String pluginName) {
          declare(tag, kind, displayName, description, pluginName);
        }

        @Override
        public void scalars(String tag, long[] steps, double[] values, long[] walls, int count) {
          TabletInfo info = declare(tag, Kind.SCALAR);
          scalars.computeIfAbsent(tag, k -> new ScalarColumn()).appendAll(steps, values, walls, count);
          long max = 0;
          for (int i = 0; i < count; i++) {
            max = Math.max(max, walls[i]);
          }
          touched(info, max);
        }

        @Override
        public void histogram(String tag, HistogramSample sample) {
          TabletInfo info = declare(tag, Kind.HISTOGRAM);
          histograms
              .computeIfAbsent(tag, k -> new Reservoir<>(limits.histograms(), seed(tag),
                  HistogramSample::step, HistogramSample::wallTimeMs,
                  x -> 16L * x.edges().length + 64))
              .add(sample);
          touched(info, sample.wallTimeMs());
        }

        @Override
        public void image(String tag, long step, long wall, String mediaType, int width,
            int height, int channels, long byteSize, long locator) {
          TabletInfo info = declare(tag, Kind.IMAGE);
          ImageSample meta = new ImageSample(step, wall, mediaType, width, height, channels, byteSize);
          images
              .computeIfAbsent(tag, k -> diskReservoir(limits.images(), seed(tag)))
              .add(new DiskRef<>(meta, step, wall, passFormat, passFile, locator, byteSize));
          touched(info, wall);
        }

        @Override
        public void embedding(String tag, long step, long wall, int rows, int dims, long locator) {
          TabletInfo info = declare(tag, Kind.EMBEDDING);
          EmbeddingSample meta = new EmbeddingSample(step, wall, rows, dims);
          embeddings
              .computeIfAbsent(tag, k -> diskReservoir(limits.embeddings(), seed(tag)))
              .add(new DiskRef<>(meta, step, wall, passFormat, passFile, locator, 4L * rows * dims));
          touched(info, wall);
        }

        @Override
        public void text(String tag, long step, long wall, String markdown) {
          TabletInfo info = declare(tag, Kind.TEXT);
          texts
              .computeIfAbsent(tag, k -> new Reservoir<>(limits.texts(), seed(tag), TextSample::step,
                  TextSample::wallTimeMs, x -> 2L * x.markdown().length() + 48))
              .add(new TextSample(step, wall, markdown));
          touched(info, wall);
        }

        @Override
        public void pluginData(String tag, String plugin, int dataVersion, long step, long wall,
            long byteSize, long locator) {
          if (!isKindName(plugin)) {
            passProblems.add(passFile.getFileName() + ": plugin name '" + plugin + "' of tag '"
                + tag + "' is not a valid kind; skipped");
            return;
          }
          Kind kind = new Kind(plugin);
          TabletInfo info = tablets.get(key(tag, kind));
          if (info == null) {
            info = declare(tag, kind, "", "", plugin);
          }
          PluginDataSample meta = new PluginDataSample(step, wall, plugin, dataVersion, byteSize);
          RunState.this.plugin
              .computeIfAbsent(key(tag, kind), k -> diskReservoir(limits.pluginData(), seed(tag)))
              .add(new DiskRef<>(meta, step, wall, passFormat, passFile, locator, byteSize));
          touched(info, wall);
        }
      };

  private static <M> Reservoir<DiskRef<M>> diskReservoir(int capacity, long seed) {
    return new Reservoir<>(capacity, seed, DiskRef::step, DiskRef::wallMs, x -> 112);
  }

  /** Reads the bytes of a kept image again through its format. */
  static byte[] imageBytes(DiskRef<?> ref) {
    try {
      return ref.format().readImage(ref.file(), ref.locator());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the image at step " + ref.step() + " again from " + ref.file(), e);
    }
  }

  static EmbeddingMatrix embedding(DiskRef<?> ref) {
    try {
      return ref.format().readEmbedding(ref.file(), ref.locator());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the embedding at step " + ref.step() + " again from " + ref.file(), e);
    }
  }

  static byte[] pluginData(DiskRef<?> ref) {
    try {
      return ref.format().readPluginData(ref.file(), ref.locator());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the plugin data at step " + ref.step() + " again from " + ref.file(), e);
    }
  }

  static String key(String tag, Kind kind) {
    return kind.id() + "\u0000" + tag;
  }

  private static boolean isKindName(String s) {
    return s.matches("[a-z0-9_-]{1,64}");
  }
}
