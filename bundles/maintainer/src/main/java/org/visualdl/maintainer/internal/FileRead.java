package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.visualdl.api.BlobRef;
import org.visualdl.api.Kind;
import org.visualdl.api.Sample;
import org.visualdl.api.StoreChange;
import org.visualdl.api.TabletInfo;
import org.visualdl.api.format.LogFile;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.format.RecordSink;
import org.visualdl.api.storage.FileStat;

/**
 * One pass over one file of a run: where the file's format reader delivers what it reads. It
 * knows which file and format the blobs come from, and collects the problems, the new tablets and
 * the tablets that received data, for the run to report when the pass is over.
 */
final class FileRead implements RecordSink {
  private final RunState run;
  private final LogFile file;
  private final LogFormat format;
  private final FileStat stat;
  final List<String> problems = new ArrayList<>();
  final List<StoreChange> tabletsAdded = new ArrayList<>();
  final Map<TabletKey, TabletInfo> touched = new LinkedHashMap<>();

  FileRead(RunState run, LogFile file, LogFormat format, FileStat stat) {
    this.run = run;
    this.file = file;
    this.format = format;
    this.stat = stat;
  }

  @Override
  public void tablet(String tag, Kind kind, String displayName, String description,
      String pluginName) {
    run.declare(new TabletKey(kind, tag), displayName, description, pluginName, this);
  }

  @Override
  public void scalars(String tag, long[] steps, double[] values, long[] walls, int count) {
    TabletKey key = new TabletKey(Kind.SCALAR, tag);
    TabletInfo info = run.declare(key, "", "", "", this);
    run.scalarColumn(tag).appendAll(steps, values, walls, count);
    long max = 0;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, walls[i]);
    }
    touched(key, info, max);
  }

  @Override
  public void sample(String tag, Kind kind, long step, long wall, int payloadVersion,
      byte[] payload) {
    RecordTablet t = tablet(tag, kind, RecordShape.SAMPLES, step);
    if (t != null) {
      t.add(new Sample(step, wall, payloadVersion, payload));
      touched(new TabletKey(kind, tag), null, wall);
    }
  }

  @Override
  public void blob(String tag, Kind kind, long step, long wall, int index, int payloadVersion,
      byte[] header, long byteSize, long locator) {
    RecordTablet t = tablet(tag, kind, RecordShape.BLOBS, step);
    if (t != null) {
      BlobRef ref = new BlobRef(step, wall, index, payloadVersion, header, byteSize);
      t.add(new KeptBlob(ref, format, file, locator, stat));
      touched(new TabletKey(kind, tag), null, wall);
    }
  }

  /** The tablet's kept records, or null (and a problem) when the record cannot go there. */
  private RecordTablet tablet(String tag, Kind kind, RecordShape shape, long step) {
    if (kind.equals(Kind.SCALAR)) {
      problem("a " + shape.describe() + " record of the scalar tag '" + tag + "' at step " + step
          + " skipped; scalars travel as scalar points");
      return null;
    }
    TabletKey key = new TabletKey(kind, tag);
    run.declare(key, "", "", "", this);
    RecordTablet t = run.recordTablet(key, shape);
    if (t.shape() != shape) {
      problem("tag '" + tag + "' of kind '" + kind + "' holds " + t.shape().describe()
          + "; a record of " + shape.describe() + " at step " + step + " skipped (write each"
          + " tag of a kind in one shape)");
      return null;
    }
    return t;
  }

  private void touched(TabletKey key, TabletInfo info, long wallMs) {
    touched.computeIfAbsent(key, k -> info != null ? info : run.tablets().get(k));
    run.wrote(wallMs);
  }

  /** A problem with this file (the run reports it with the file's path). */
  void problem(String message) {
    problems.add(message);
  }
}
