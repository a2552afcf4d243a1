package org.visualdl.plugin.histogram.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.Computation;
import org.visualdl.api.compute.ComputeProgress;
import org.visualdl.api.compute.ComputeRequest;

/**
 * {@value #NAME}: the percentiles 0, 7, 16, 31, 50, 69, 84, 93 and 100 of every kept histogram of
 * one tablet (TensorBoard's distributions), interpolated within the stored buckets. Input: one
 * histogram tablet. Result: a {@code List<DistributionEntry>} in step order, without steps that
 * hold no values.
 */
@Component(service = Computation.class)
public final class HistogramDistributionComputation implements Computation {
  static final String NAME = "histogram-distribution";

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static HistogramDistributionComputation over(LogStore store) {
    HistogramDistributionComputation c = new HistogramDistributionComputation();
    c.store = store;
    return c;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Object compute(ComputeRequest request, ComputeProgress progress) {
    return HistogramComputations.distribution(HistogramComputations.input(store, request));
  }
}
