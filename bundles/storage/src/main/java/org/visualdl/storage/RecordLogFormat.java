package org.visualdl.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.visualdl.api.Kind;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFileReader;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.ReadStatus;
import org.visualdl.api.format.RecordSink;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Embedding;
import org.visualdl.proto.Entry;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Image;
import org.visualdl.proto.PluginData;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Shape;
import org.visualdl.proto.Tablet;

/**
 * VisualDL's own record files ({@code *.vdl}) as a {@link LogFormat}, so the maintainer reads
 * them through the same contract as every other format. Histograms and texts become samples whose
 * payload is the entry's message; images and embeddings become blobs (header: the message without
 * its bulk); plugin data becomes samples or blobs as its tablet's {@code shape} says. Blobs are
 * located by the offset of their frame and read again on demand.
 */
@Component(service = LogFormat.class)
public final class RecordLogFormat implements LogFormat {
  private static final Kind HISTOGRAM = new Kind(BuiltinKind.HISTOGRAM.kindName());
  private static final Kind IMAGE = new Kind(BuiltinKind.IMAGE.kindName());
  private static final Kind EMBEDDING = new Kind(BuiltinKind.EMBEDDING.kindName());
  private static final Kind TEXT = new Kind(BuiltinKind.TEXT.kindName());

  @Override
  public String name() {
    return "visualdl";
  }

  @Override
  public boolean recognizes(LogFile file) {
    return RecordFiles.isRecordFileName(file.name());
  }

  @Override
  public LogFileReader open(LogFile file) {
    return new Reader(new RecordFileReader(file));
  }

  /**
   * Reads a blob again: for an image or an embedding the entry's message (its kind's payload),
   * for plugin data the data bytes.
   */
  @Override
  public byte[] readBlob(LogFile file, long locator) throws IOException {
    Entry e = RecordFileReader.readRecordAt(file, locator).getEntry();
    return switch (e.getValueCase()) {
      case IMAGE -> e.getImage().toByteArray();
      case EMBEDDING -> e.getEmbedding().toByteArray();
      case PLUGIN_DATA -> e.getPluginData().getData().toByteArray();
      default -> throw new IOException(file.uri() + ": the record at offset " + locator
          + " holds no blob but " + e.getValueCase() + "; the file changed since it was read");
    };
  }

  /** The kind a tablet declares, or null for one this version does not know. */
  static Kind kindOf(Tablet t) {
    return switch (t.getKind()) {
      case KIND_SCALAR -> Kind.SCALAR;
      case KIND_HISTOGRAM -> HISTOGRAM;
      case KIND_IMAGE -> IMAGE;
      case KIND_EMBEDDING -> EMBEDDING;
      case KIND_TEXT -> TEXT;
      case KIND_PLUGIN -> t.hasPlugin() && Kind.isValid(t.getPlugin().getName())
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
        problems.add(reader.file().name() + ": scalar points for the non-scalar tag '"
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
        problems.add(reader.file().name() + ": record of tag '" + t.getTag() + "' at step "
            + r.getStep() + " " + problem);
      }
    }

    private String deliver(Tablet t, Kind kind, Record r, long offset) {
      Entry e = r.getEntry();
      String tag = t.getTag();
      long step = r.getStep();
      long wall = r.getWallTimeMs();
      switch (t.getKind()) {
        case KIND_SCALAR -> {
          if (e.getValueCase() != Entry.ValueCase.NUMBER) {
            return "is not a number";
          }
          sink.scalars(tag, new long[] {step}, new double[] {e.getNumber()}, new long[] {wall}, 1);
        }
        case KIND_HISTOGRAM -> {
          if (!e.hasHistogram()) {
            return "holds no histogram";
          }
          Histogram h = e.getHistogram();
          if (h.getEdgesCount() != h.getCountsCount() + 1) {
            return "has " + h.getEdgesCount() + " edges for " + h.getCountsCount() + " buckets";
          }
          sink.sample(tag, kind, step, wall, BuiltinKind.HISTOGRAM.payloadVersion(),
              h.toByteArray());
        }
        case KIND_TEXT -> {
          if (!e.hasText()) {
            return "holds no text";
          }
          sink.sample(tag, kind, step, wall, BuiltinKind.TEXT.payloadVersion(),
              e.getText().toByteArray());
        }
        case KIND_IMAGE -> {
          if (!e.hasImage()) {
            return "holds no image";
          }
          Image img = e.getImage();
          byte[] header = img.toBuilder().clearEncoded().build().toByteArray();
          sink.blob(tag, kind, step, wall, 0, BuiltinKind.IMAGE.payloadVersion(), header,
              img.getEncoded().size(), offset);
        }
        case KIND_EMBEDDING -> {
          if (!e.hasEmbedding()) {
            return "holds no embedding";
          }
          Embedding em = e.getEmbedding();
          if ((long) em.getRows() * em.getDims() != em.getValuesCount()) {
            return "declares " + em.getRows() + " x " + em.getDims() + " but holds "
                + em.getValuesCount() + " values";
          }
          byte[] header =
              Embedding.newBuilder().setRows(em.getRows()).setDims(em.getDims()).build().toByteArray();
          sink.blob(tag, kind, step, wall, 0, BuiltinKind.EMBEDDING.payloadVersion(), header,
              4L * em.getRows() * em.getDims(), offset);
        }
        default -> {
          if (!e.hasPluginData()) {
            return "holds no plugin data";
          }
          PluginData p = e.getPluginData();
          if (t.getShape() == Shape.SHAPE_SAMPLES) {
            sink.sample(tag, kind, step, wall, p.getDataVersion(), p.getData().toByteArray());
          } else {
            sink.blob(tag, kind, step, wall, 0, p.getDataVersion(), p.getHeader().toByteArray(),
                p.getData().size(), offset);
          }
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
