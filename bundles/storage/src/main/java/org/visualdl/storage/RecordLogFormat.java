package org.visualdl.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.EmbeddingMatrix;
import org.visualdl.api.HistogramSample;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.MetadataRow;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;

/**
 * VisualDL's own record files ({@code *.vdl}) as a {@link LogFormat}, so the maintainer reads
 * them through the same contract as every other format. Images, embeddings and plugin data are
 * located by the offset of their frame and read again on demand.
 */
@Component(service = LogFormat.class)
public final class RecordLogFormat implements LogFormat {

  @Override
  public String name() {
    return "visualdl";
  }

  @Override
  public boolean recognizes(Path file) {
    return RecordFiles.isRecordFile(file);
  }

  @Override
  public LogFileReader open(Path file) {
    return new Reader(new RecordFileReader(file));
  }

  @Override
  public byte[] readImage(Path file, long locator) throws IOException {
    Entry e = RecordFileReader.readRecordAt(file, locator).getEntry();
    if (!e.hasImage()) {
      throw new IOException(file + ": the record at offset " + locator + " holds no image");
    }
    return e.getImage().getEncoded().toByteArray();
  }

  @Override
  public EmbeddingMatrix readEmbedding(Path file, long locator) throws IOException {
    Record r = RecordFileReader.readRecordAt(file, locator);
    if (!r.getEntry().hasEmbedding()) {
      throw new IOException(file + ": the record at offset " + locator + " holds no embedding");
    }
    Embedding em = r.getEntry().getEmbedding();
    float[] values = new float[em.getValuesCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = em.getValues(i);
    }
    List<List<String>> rows = new ArrayList<>();
    for (MetadataRow row : em.getMetadataRowsList()) {
      rows.add(List.copyOf(row.getCellsList()));
    }
    return new EmbeddingMatrix(r.getStep(), em.getRows(), em.getDims(), values,
        List.copyOf(em.getLabelsList()), List.copyOf(em.getMetadataHeaderList()), rows);
  }

  @Override
  public byte[] readPluginData(Path file, long locator) throws IOException {
    Entry e = RecordFileReader.readRecordAt(file, locator).getEntry();
    if (!e.hasPluginData()) {
      throw new IOException(file + ": the record at offset " + locator + " holds no plugin data");
    }
    return e.getPluginData().getData().toByteArray();
  }

  /** The kind a tablet declares, or null for one this version does not know. */
  static Kind kindOf(Tablet t) {
    return switch (t.getKind()) {
      case KIND_SCALAR -> Kind.SCALAR;
      case KIND_HISTOGRAM -> Kind.HISTOGRAM;
      case KIND_IMAGE -> Kind.IMAGE;
      case KIND_EMBEDDING -> Kind.EMBEDDING;
      case KIND_TEXT -> Kind.TEXT;
      case KIND_PLUGIN -> t.hasPlugin() && t.getPlugin().getName().matches("[a-z0-9_-]{1,64}")
          ? new Kind(t.getPlugin().getName())
          : null;
      default -> null;
    };
  }

  /** Translates the frames of one file into the sink's calls. */
  private static final class Reader implements LogFileReader, FrameSink {
    private final RecordFileReader reader;
    private RecordSink sink;
    private final List<String> problems = new ArrayList<>();
    // Decoding room for one block, held only while a pass reads: a server keeps a reader per
    // file for tailing, and thousands of idle readers must not keep their blocks' worth.
    private long[] steps;
    private double[] values;
    private long[] walls;

    Reader(RecordFileReader reader) {
      this.reader = reader;
    }

    @Override
    public ReadStatus readAvailable(RecordSink target) throws IOException {
      this.sink = target;
      problems.clear();
      ReadResult r;
      try {
        r = reader.readAvailable(this);
      } finally {
        steps = null;
        values = null;
        walls = null;
      }
      List<String> all = new ArrayList<>(r.problems());
      all.addAll(problems);
      return new ReadStatus(r.bytesConsumed(), reader.notARecordFile(), r.incompleteTail(), all);
    }

    @Override
    public void tablet(Tablet t) {
      Kind kind = kindOf(t);
      if (kind != null) {
        sink.tablet(t.getTag(), kind, t.getDisplayName(), t.getDescription(),
            t.hasPlugin() ? t.getPlugin().getName() : "");
      }
    }

    @Override
    public void scalars(Tablet t, ScalarBlock block) {
      if (!Kind.SCALAR.equals(kindOf(t))) {
        problems.add(reader.file().getFileName() + ": scalar points for the non-scalar tag '"
            + t.getTag() + "' skipped");
        return;
      }
      int n = block.getCount();
      if (steps == null || n > steps.length) {
        steps = new long[n];
        values = new double[n];
        walls = new long[n];
      }
      ScalarBlocks.decodeInto(block, steps, values, walls, 0);
      sink.scalars(t.getTag(), steps, values, walls, n);
    }

    @Override
    public void record(Tablet t, Record r, long frameOffset) {
      Kind kind = kindOf(t);
      if (kind == null) {
        return;
      }
      String problem = deliver(t, kind, r, frameOffset);
      if (problem != null) {
        problems.add(reader.file().getFileName() + ": record of tag '" + t.getTag() + "' at step "
            + r.getStep() + " " + problem);
      }
    }

    private String deliver(Tablet t, Kind kind, Record r, long offset) {
      Entry e = r.getEntry();
      String tag = t.getTag();
      long step = r.getStep();
      long wall = r.getWallTimeMs();
      if (kind.equals(Kind.SCALAR)) {
        if (e.getValueCase() != Entry.ValueCase.NUMBER) {
          return "is not a number";
        }
        sink.scalars(tag, new long[] {step}, new double[] {e.getNumber()}, new long[] {wall}, 1);
      } else if (kind.equals(Kind.HISTOGRAM)) {
        if (!e.hasHistogram()) {
          return "holds no histogram";
        }
        Histogram h = e.getHistogram();
        if (h.getEdgesCount() != h.getCountsCount() + 1) {
          return "has " + h.getEdgesCount() + " edges for " + h.getCountsCount() + " buckets";
        }
        double[] edges = new double[h.getEdgesCount()];
        for (int i = 0; i < edges.length; i++) {
          edges[i] = h.getEdges(i);
        }
        double[] counts = new double[h.getCountsCount()];
        for (int i = 0; i < counts.length; i++) {
          counts[i] = h.getCounts(i);
        }
        sink.histogram(tag, new HistogramSample(step, wall, edges, counts, h.getMin(), h.getMax(),
            h.getNum(), h.getSum(), h.getSumSquares()));
      } else if (kind.equals(Kind.IMAGE)) {
        if (!e.hasImage()) {
          return "holds no image";
        }
        Image img = e.getImage();
        sink.image(tag, step, wall, img.getMediaType(), img.getWidth(), img.getHeight(),
            img.getChannels(), img.getEncoded().size(), offset);
      } else if (kind.equals(Kind.EMBEDDING)) {
        if (!e.hasEmbedding()) {
          return "holds no embedding";
        }
        Embedding em = e.getEmbedding();
        if ((long) em.getRows() * em.getDims() != em.getValuesCount()) {
          return "declares " + em.getRows() + " x " + em.getDims() + " but holds "
              + em.getValuesCount() + " values";
        }
        sink.embedding(tag, step, wall, em.getRows(), em.getDims(), offset);
      } else if (kind.equals(Kind.TEXT)) {
        if (!e.hasText()) {
          return "holds no text";
        }
        sink.text(tag, step, wall, e.getText().getMarkdown());
      } else {
        if (!e.hasPluginData()) {
          return "holds no plugin data";
        }
        PluginData p = e.getPluginData();
        sink.pluginData(tag, kind.id(), p.getDataVersion(), step, wall, p.getData().size(), offset);
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
