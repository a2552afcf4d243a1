package org.visualdl.plugin.histogram.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.Sample;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.Histogram;

/**
 * One histogram of a tablet at a step, decoded from its {@code Histogram} payload. Bucket
 * {@code i} spans {@code [edges[i], edges[i+1])} and holds {@code counts[i]} values.
 */
record HistogramSample(
    long step,
    long wallTimeMs,
    double[] edges,
    double[] counts,
    double min,
    double max,
    double num,
    double sum,
    double sumSquares) {

  static final Kind KIND = new Kind(BuiltinKind.HISTOGRAM.kindName());

  /**
   * The kept histograms of a tablet in step order, decoded; payloads of a newer version than this
   * plugin reads, or that do not decode, are left out. Empty when there is no such tablet.
   */
  static Optional<List<HistogramSample>> kept(LogStore store, String run, String tag) {
    return store.samples(run, tag, KIND).map(samples -> {
      List<HistogramSample> out = new ArrayList<>(samples.size());
      for (Sample s : samples) {
        HistogramSample h = decode(s);
        if (h != null) {
          out.add(h);
        }
      }
      return out;
    });
  }

  /** The histogram of a sample, or null when its payload is newer than this plugin or broken. */
  static HistogramSample decode(Sample s) {
    if (s.payloadVersion() > BuiltinKind.HISTOGRAM.payloadVersion()) {
      return null;
    }
    Histogram h;
    try {
      h = Histogram.parseFrom(s.payload());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
    double[] edges = new double[h.getEdgesCount()];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = h.getEdges(i);
    }
    double[] counts = new double[h.getCountsCount()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = h.getCounts(i);
    }
    if (edges.length != counts.length + 1) {
      return null;
    }
    return new HistogramSample(s.step(), s.wallTimeMs(), edges, counts, h.getMin(), h.getMax(),
        h.getNum(), h.getSum(), h.getSumSquares());
  }
}
