package org.visualdl.plugin.prcurve.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.VisualizationPlugin;
import org.visualdl.plugin.curves.internal.CurveCounts;
import org.visualdl.plugin.curves.internal.CurveEntries;
import org.visualdl.proto.BuiltinKind;
import org.visualdl.proto.PrCurve;

/**
 * Precision-recall curves by step, as written: one value per threshold in every array. Curves are
 * shown as stored (a foreign writer's rates are not recomputed); only what a payload leaves out is
 * filled in, so that every entry's arrays have one length.
 */
@Component(service = VisualizationPlugin.class)
public final class PrCurvePlugin implements VisualizationPlugin {
  static final Kind KIND = new Kind(BuiltinKind.PR_CURVE.kindName());

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static PrCurvePlugin over(LogStore store) {
    PrCurvePlugin p = new PrCurvePlugin();
    p.store = store;
    return p;
  }

  @Override
  public String name() {
    return "pr-curve";
  }

  @Override
  public String title() {
    return "PR Curves";
  }

  @Override
  public int order() {
    return 60;
  }

  @Override
  public Map<String, List<String>> tags() {
    return store.tagsByRun(KIND);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new CurveEntries<>(
                () -> store,
                KIND,
                BuiltinKind.PR_CURVE.payloadVersion(),
                (step, wallTime, payload) -> entry(step, wallTime, PrCurve.parseFrom(payload)))
            .route("The kept PR curves of a tag in step order, one value per threshold in each array."));
  }

  /** One kept curve; {@code wallTime} in milliseconds since the epoch; arrays of one length. */
  public record Entry(
      long step, long wallTime, double[] thresholds, double[] precision, double[] recall,
      double[] tp, double[] fp, double[] tn, double[] fn) {}

  /** The curve as an entry, or null when its arrays disagree in length. */
  static Entry entry(long step, long wallTime, PrCurve c) {
    CurveCounts k = CurveCounts.of(
        c.getThresholdsList(), c.getTpList(), c.getFpList(), c.getTnList(), c.getFnList());
    double[] precision = k.rateOr(c.getPrecisionList(), k.tp(), k.fp(), 1);
    double[] recall = k.rateOr(c.getRecallList(), k.tp(), k.fn(), 0);
    if (!k.agree(precision, recall)) {
      return null;
    }
    return new Entry(
        step, wallTime, k.thresholds(), precision, recall, k.tp(), k.fp(), k.tn(), k.fn());
  }
}
