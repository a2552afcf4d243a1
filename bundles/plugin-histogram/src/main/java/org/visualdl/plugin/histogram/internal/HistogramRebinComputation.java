package org.visualdl.plugin.histogram.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.Computation;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;

/**
 * {@value #NAME}: every kept histogram of one tablet re-binned into {@code buckets} equal-width
 * buckets between its minimum and maximum. Input: one histogram tablet; parameter
 * {@code buckets} (2..1000). Result: a {@code List<SeriesEntry>} in step order.
 */
@Component(service = Computation.class)
public final class HistogramRebinComputation implements Computation {
  static final String NAME = "histogram-rebin";

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static HistogramRebinComputation over(LogStore store) {
    HistogramRebinComputation c = new HistogramRebinComputation();
    c.store = store;
    return c;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Object compute(ComputeRequest request, ComputeProgress progress) {
    int buckets = Integer.parseInt(request.params().getOrDefault("buckets", "30"));
    if (buckets < HistogramPlugin.MIN_BUCKETS || buckets > HistogramPlugin.MAX_BUCKETS) {
      throw new IllegalArgumentException("buckets must be between "
          + HistogramPlugin.MIN_BUCKETS + " and " + HistogramPlugin.MAX_BUCKETS);
    }
    return HistogramComputations.rebin(
        HistogramComputations.input(store, request), buckets, progress);
  }
}
