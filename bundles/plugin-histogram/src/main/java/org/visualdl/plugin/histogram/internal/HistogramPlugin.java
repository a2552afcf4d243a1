package org.visualdl.plugin.histogram.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.ComputeService;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.compute.TabletRef;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;
import org.visualdl.plugin.histogram.internal.HistogramComputations.DistributionEntry;
import org.visualdl.plugin.histogram.internal.HistogramComputations.SeriesEntry;

/**
 * Histograms: the stored buckets of every kept step, re-binned on request, and their percentiles
 * over steps. Re-binning and percentiles run as computations in the maintainer's compute service,
 * which caches them until the tablet receives new data.
 */
@Component(service = VisualizationPlugin.class)
public final class HistogramPlugin implements VisualizationPlugin {
  static final int MIN_BUCKETS = 2;
  static final int MAX_BUCKETS = 1000;
  /** How long a route waits for a computation before answering "running". */
  static final long WAIT_MS = 2000;

  @Reference private LogStore store;
  @Reference private ComputeService compute;
  private long waitMs = WAIT_MS;

  /** For tests outside OSGi. */
  static HistogramPlugin over(LogStore store, ComputeService compute, long waitMs) {
    HistogramPlugin p = new HistogramPlugin();
    p.store = store;
    p.compute = compute;
    p.waitMs = waitMs;
    return p;
  }

  @Override
  public String name() {
    return "histogram";
  }

  @Override
  public String title() {
    return "Histograms";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(HistogramSample.KIND);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route(
            "series",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.optional("buckets", ParamType.INT)),
            this::series,
            "Buckets of every kept step of a histogram tag, as stored or re-binned to 'buckets'."),
        new Route(
            "distribution",
            List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
            this::distribution,
            "Percentiles 0, 7, 16, 31, 50, 69, 84, 93, 100 of every kept step of a histogram tag."));
  }

  /**
   * The answer of the series route.
   *
   * @param status {@code done}, or {@code queued}/{@code running} when the re-binning did not
   *     finish within the wait (entries are then empty: ask again)
   */
  public record Series(
      String run, String tag, String status, double progress, List<SeriesEntry> entries) {}

  /** The answer of the distribution route; {@code status} as in {@link Series}. */
  public record Distribution(
      String run,
      String tag,
      String status,
      double progress,
      double[] percentiles,
      List<DistributionEntry> entries) {}

  private Series series(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    Integer buckets = request.optional("buckets").map(v -> request.intValue("buckets", 0)).orElse(null);
    if (buckets != null && (buckets < MIN_BUCKETS || buckets > MAX_BUCKETS)) {
      throw RouteException.badRequest(
          "buckets must be between " + MIN_BUCKETS + " and " + MAX_BUCKETS + ", was " + buckets);
    }
    List<HistogramSample> samples = samplesOf(run, tag);
    if (buckets == null) {
      List<SeriesEntry> entries = new ArrayList<>(samples.size());
      for (HistogramSample h : samples) {
        entries.add(new SeriesEntry(h.step(), h.wallTimeMs(), Rebinning.asStored(h)));
      }
      return new Series(run, tag, "done", 1, entries);
    }
    ComputeStatus s = ComputeWait.await(compute, new ComputeRequest(
        HistogramRebinComputation.NAME,
        Map.of("buckets", Integer.toString(buckets)),
        List.of(new TabletRef(run, tag, HistogramSample.KIND))), waitMs);
    return new Series(run, tag, state(s), s.progress(), entriesOf(s));
  }

  private Distribution distribution(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    samplesOf(run, tag);
    ComputeStatus s = ComputeWait.await(compute, new ComputeRequest(
        HistogramDistributionComputation.NAME,
        Map.of(),
        List.of(new TabletRef(run, tag, HistogramSample.KIND))), waitMs);
    return new Distribution(
        run, tag, state(s), s.progress(), Percentiles.STANDARD.clone(), entriesOf(s));
  }

  /** The kept histograms, or a 404 that says whether the run or the tag is missing. */
  private List<HistogramSample> samplesOf(String run, String tag) {
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    return HistogramSample.kept(store, run, tag)
        .orElseThrow(() -> RouteException.noSuchTag(run, tag));
  }

  private static String state(ComputeStatus s) {
    return s.state().name().toLowerCase(java.util.Locale.ROOT);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> entriesOf(ComputeStatus s) {
    return s.state() == ComputeStatus.State.DONE ? (List<T>) s.result() : List.of();
  }
}
