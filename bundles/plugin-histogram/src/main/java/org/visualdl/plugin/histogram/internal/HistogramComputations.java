package org.visualdl.plugin.histogram.internal;

import java.util.ArrayList;
import java.util.List;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.TabletRef;

/** What the histogram computations share: reading their one input tablet, and their results. */
public final class HistogramComputations {
  private HistogramComputations() {}

  /** One step of the series route: {@code buckets} are {@code [left, right, count]}. */
  public record SeriesEntry(long step, long wallTime, double[][] buckets) {}

  /** One step of the distribution route: the value at each of the percentiles. */
  public record DistributionEntry(long step, long wallTime, double[] values) {}

  static List<HistogramSample> input(LogStore store, ComputeRequest request) {
    if (request.inputs().size() != 1 || !request.inputs().get(0).kind().equals(HistogramSample.KIND)) {
      throw new IllegalArgumentException(
          request.computation() + " takes exactly one histogram tablet as input");
    }
    TabletRef in = request.inputs().get(0);
    return HistogramSample.kept(store, in.run(), in.tag())
        .orElseThrow(
            () -> new IllegalArgumentException(
                "run '" + in.run() + "' has no histogram tag '" + in.tag() + "'"));
  }

  static List<SeriesEntry> rebin(List<HistogramSample> samples, int buckets, ComputeProgress progress) {
    List<SeriesEntry> out = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      if (progress != null && (i & 63) == 0) {
        if (progress.cancelled()) {
          break;
        }
        progress.update((double) i / samples.size(), null);
      }
      HistogramSample h = samples.get(i);
      out.add(new SeriesEntry(h.step(), h.wallTimeMs(), Rebinning.rebin(h, buckets)));
    }
    return List.copyOf(out);
  }

  static List<DistributionEntry> distribution(List<HistogramSample> samples) {
    List<DistributionEntry> out = new ArrayList<>(samples.size());
    for (HistogramSample h : samples) {
      double[] values = Percentiles.of(h, Percentiles.STANDARD);
      if (values != null) {
        out.add(new DistributionEntry(h.step(), h.wallTimeMs(), values));
      }
    }
    return List.copyOf(out);
  }
}
