package org.visualdl.plugin.scalar.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;

/** Scalar curves: one series per run and tag, every point kept, downsampled views on request. */
@Component(service = VisualizationPlugin.class)
public final class ScalarPlugin implements VisualizationPlugin {
  /** The most points one request may ask for. */
  static final int MAX_POINTS = 1_000_000;

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static ScalarPlugin over(LogStore store) {
    ScalarPlugin p = new ScalarPlugin();
    p.store = store;
    return p;
  }

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public String title() {
    return "Scalars";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(Kind.SCALAR);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route(
            "series",
            List.of(
                Param.required("run", ParamType.STRING),
                Param.required("tag", ParamType.STRING),
                Param.optional("start", ParamType.LONG),
                Param.optional("end", ParamType.LONG),
                Param.optional("points", ParamType.INT)),
            this::series,
            "Points of one run's scalar tag in step order, downsampled to at most 'points'."));
  }

  /** The answer of the series route. */
  public record Series(
      String run,
      String tag,
      long[] steps,
      double[] values,
      long[] wallTimes,
      long total,
      boolean downsampled) {}

  private Series series(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    long start = request.longValue("start", Long.MIN_VALUE);
    long end = request.longValue("end", Long.MAX_VALUE);
    int points = request.intValue("points", ScalarQuery.DEFAULT_POINTS);
    if (start > end) {
      throw RouteException.badRequest("start " + start + " is after end " + end);
    }
    if (points < 2 || points > MAX_POINTS) {
      throw RouteException.badRequest(
          "points must be between 2 and " + MAX_POINTS + ", was " + points);
    }
    ScalarPoints p =
        store
            .scalars(run, tag, new ScalarQuery(start, end, points))
            .orElseThrow(
                () -> store.runs().stream().noneMatch(r -> r.name().equals(run))
                    ? RouteException.noSuchRun(run)
                    : RouteException.noSuchTag(run, tag));
    return new Series(run, tag, p.steps(), p.values(), p.wallTimesMs(), p.total(), p.downsampled());
  }
}
