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
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.MetadataRow;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.FrameSink;
import org.visualdl.storage.ReadResult;
import org.visualdl.storage.RecordFileReader;
import org.visualdl.storage.RecordFiles;

/** One run in memory: its files, read incrementally, and its tablets of every kind. */
final class RunState {
  private final String name;
  private final Path folder;
  private final SampleLimits limits;
  private final Map<Path, RecordFileReader> readers = new ConcurrentHashMap<>();
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

  // Collected while reading, on the loader thread only.
  private final List<String> passProblems = new ArrayList<>();
  private final Map<String, TabletInfo> passData = new HashMap<>();
  private final List<StoreChange> passChanges = new ArrayList<>();
  private Path passFile;

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

  long lastWriteMs() {
    long max = 0;
    for (ScalarColumn s : scalars.values()) {
      max = Math.max(max, s.lastWallMs());
    }
    return max;
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

  /** Reads whatever is new in the given files of this run, in writing order. */
  Pass readNew(List<Path> files) {
    passProblems.clear();
    passData.clear();
    passChanges.clear();
    long before = loadedBytes;
    List<Path> ordered = new ArrayList<>(files);
    ordered.sort(RecordFiles.READING_ORDER);
    for (Path file : ordered) {
      if (notRecordFiles.contains(file)) {
        continue;
      }
      RecordFileReader reader = readers.computeIfAbsent(file, RecordFileReader::new);
      passFile = file;
      try {
        ReadResult result = reader.readAvailable(sink);
        loadedBytes += result.bytesConsumed();
        if (!reader.sawHeader() && result.bytesConsumed() > 0 && result.frames() == 0) {
          notRecordFiles.add(file);
          passProblems.add(folder.relativize(file) + ": not a VisualDL record file, ignored");
        } else {
          passProblems.addAll(result.problems());
        }
      } catch (IOException e) {
        passProblems.add(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
        try {
          reader.close();
        } catch (IOException ignored) {
          // the reader only read
        }
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
      try {
        readers.get(p).close();
      } catch (IOException e) {
        // closing a reader of a deleted file cannot lose data
      }
      notRecordFiles.remove(p);
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

  private TabletInfo declare(Tablet t) {
    Kind kind = kindOf(t);
    if (kind == null) {
      return null;
    }
    String key = key(t.getTag(), kind);
    TabletInfo info = tablets.get(key);
    if (info == null) {
      info =
          new TabletInfo(
              name,
              t.getTag(),
              kind,
              t.getDisplayName(),
              t.getDescription(),
              t.hasPlugin() ? t.getPlugin().getName() : "");
      tablets.put(key, info);
      passChanges.add(new StoreChange(StoreChange.Type.TABLET_ADDED, name, t.getTag(), kind, 0));
    }
    return info;
  }

  private final FrameSink sink =
      new FrameSink() {
        @Override
        public void tablet(Tablet t) {
          declare(t);
        }

        @Override
        public void scalars(Tablet t, ScalarBlock block) {
          TabletInfo info = declare(t);
          if (info == null || !info.kind().equals(Kind.SCALAR)) {
            passProblems.add(passFile.getFileName() + ": scalar points for the non-scalar tag '"
                + t.getTag() + "' skipped");
            return;
          }
          scalars.computeIfAbsent(t.getTag(), k -> new ScalarColumn()).appendBlock(block);
          passData.put(key(t.getTag(), Kind.SCALAR), info);
        }

        @Override
        public void record(Tablet t, Record r, long frameOffset) {
          TabletInfo info = declare(t);
          if (info == null) {
            return;
          }
          String problem = keep(info, r, frameOffset);
          if (problem != null) {
            passProblems.add(passFile.getFileName() + ": record of tag '" + t.getTag()
                + "' at step " + r.getStep() + " " + problem);
          } else {
            passData.put(key(info.tag(), info.kind()), info);
          }
        }
      };

  private String keep(TabletInfo info, Record r, long frameOffset) {
    Entry e = r.getEntry();
    String tag = info.tag();
    long step = r.getStep();
    long wall = r.getWallTimeMs();
    long seed = (name + "\u0000" + tag).hashCode();
    Kind kind = info.kind();
    if (kind.equals(Kind.SCALAR)) {
      if (e.getValueCase() != Entry.ValueCase.NUMBER) {
        return "is not a number";
      }
      ScalarColumn c = scalars.computeIfAbsent(tag, k -> new ScalarColumn());
      c.append(step, e.getNumber(), wall);
    } else if (kind.equals(Kind.HISTOGRAM)) {
      if (!e.hasHistogram()) {
        return "holds no histogram";
      }
      Histogram h = e.getHistogram();
      if (h.getEdgesCount() != h.getCountsCount() + 1) {
        return "has " + h.getEdgesCount() + " edges for " + h.getCountsCount() + " buckets";
      }
      HistogramSample sample =
          new HistogramSample(step, wall, toArray(h.getEdgesList()), toArray(h.getCountsList()),
              h.getMin(), h.getMax(), h.getNum(), h.getSum(), h.getSumSquares());
      histograms
          .computeIfAbsent(tag, k -> new Reservoir<>(limits.histograms(), seed,
              HistogramSample::step, HistogramSample::wallTimeMs,
              x -> 16L * x.edges().length + 64))
          .add(sample);
    } else if (kind.equals(Kind.IMAGE)) {
      if (!e.hasImage()) {
        return "holds no image";
      }
      Image img = e.getImage();
      ImageSample meta =
          new ImageSample(step, wall, img.getMediaType(), img.getWidth(), img.getHeight(),
              img.getChannels(), img.getEncoded().size());
      images
          .computeIfAbsent(tag, k -> diskReservoir(limits.images(), seed))
          .add(new DiskRef<>(meta, step, wall, passFile, frameOffset, meta.byteSize()));
    } else if (kind.equals(Kind.EMBEDDING)) {
      if (!e.hasEmbedding()) {
        return "holds no embedding";
      }
      Embedding em = e.getEmbedding();
      if ((long) em.getRows() * em.getDims() != em.getValuesCount()) {
        return "declares " + em.getRows() + " x " + em.getDims() + " but holds "
            + em.getValuesCount() + " values";
      }
      EmbeddingSample meta = new EmbeddingSample(step, wall, em.getRows(), em.getDims());
      embeddings
          .computeIfAbsent(tag, k -> diskReservoir(limits.embeddings(), seed))
          .add(new DiskRef<>(meta, step, wall, passFile, frameOffset, 4L * em.getValuesCount()));
    } else if (kind.equals(Kind.TEXT)) {
      if (!e.hasText()) {
        return "holds no text";
      }
      TextSample t = new TextSample(step, wall, e.getText().getMarkdown());
      texts
          .computeIfAbsent(tag, k -> new Reservoir<>(limits.texts(), seed, TextSample::step,
              TextSample::wallTimeMs, x -> 2L * x.markdown().length() + 48))
          .add(t);
    } else {
      if (!e.hasPluginData()) {
        return "holds no plugin data";
      }
      PluginData p = e.getPluginData();
      PluginDataSample meta =
          new PluginDataSample(step, wall, p.getPluginName(), p.getDataVersion(), p.getData().size());
      plugin
          .computeIfAbsent(key(tag, kind), k -> diskReservoir(limits.pluginData(), seed))
          .add(new DiskRef<>(meta, step, wall, passFile, frameOffset, meta.byteSize()));
    }
    return null;
  }

  private static <M> Reservoir<DiskRef<M>> diskReservoir(int capacity, long seed) {
    return new Reservoir<>(capacity, seed, DiskRef::step, DiskRef::wallMs, x -> 96);
  }

  private static double[] toArray(List<Double> list) {
    double[] a = new double[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }

  /** Reads a kept record again from its file. */
  static Record read(DiskRef<?> ref) {
    try {
      return RecordFileReader.readRecordAt(ref.file(), ref.frameOffset());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the record at step " + ref.step() + " again from " + ref.file(), e);
    }
  }

  static EmbeddingMatrix embeddingOf(Record r) {
    Embedding em = r.getEntry().getEmbedding();
    float[] values = new float[em.getValuesCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = em.getValues(i);
    }
    List<List<String>> rows = new ArrayList<>();
    for (MetadataRow row : em.getMetadataRowsList()) {
      rows.add(List.copyOf(row.getCellsList()));
    }
    return new EmbeddingMatrix(
        r.getStep(), em.getRows(), em.getDims(), values, List.copyOf(em.getLabelsList()),
        List.copyOf(em.getMetadataHeaderList()), rows);
  }

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
