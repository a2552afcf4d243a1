package org.visualdl.plugin.roccurve.internal;

import java.util.ArrayList;
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
import org.visualdl.proto.RocCurve;

/**
 * ROC curves by step, as written: one value per threshold in every array, and the area under each
 * curve. Curves are shown as stored (VisualDL 2.x's writer computes a wrong tpr; it is not
 * recomputed); only what a payload leaves out is filled in, so that every entry's arrays have one
 * length.
 */
@Component(service = VisualizationPlugin.class)
public final class RocCurvePlugin implements VisualizationPlugin {
  static final Kind KIND = new Kind(BuiltinKind.ROC_CURVE.kindName());

  @Reference private LogStore store;

  /** For tests outside OSGi. */
  static RocCurvePlugin over(LogStore store) {
    RocCurvePlugin p = new RocCurvePlugin();
    p.store = store;
    return p;
  }

  @Override
  public String name() {
    return "roc-curve";
  }

  @Override
  public String title() {
    return "ROC Curves";
  }

  @Override
  public int order() {
    return 65;
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
                BuiltinKind.ROC_CURVE.payloadVersion(),
                (step, wallTime, payload) -> entry(step, wallTime, RocCurve.parseFrom(payload)))
            .route("The kept ROC curves of a tag in step order, one value per threshold in each array, with AUC."));
  }

  /**
   * One kept curve; {@code wallTime} in milliseconds since the epoch; arrays of one length;
   * {@code auc} the area under the curve (see {@link #auc}).
   */
  public record Entry(
      long step, long wallTime, double[] thresholds, double[] tpr, double[] fpr, double[] tp,
      double[] fp, double[] tn, double[] fn, double auc) {}

  /** The curve as an entry, or null when its arrays disagree in length. */
  static Entry entry(long step, long wallTime, RocCurve c) {
    CurveCounts k = CurveCounts.of(
        c.getThresholdsList(), c.getTpList(), c.getFpList(), c.getTnList(), c.getFnList());
    double[] tpr = k.rateOr(c.getTprList(), k.tp(), k.fn(), 0);
    double[] fpr = k.rateOr(c.getFprList(), k.fp(), k.tn(), 0);
    if (!k.agree(tpr, fpr)) {
      return null;
    }
    return new Entry(
        step, wallTime, k.thresholds(), tpr, fpr, k.tp(), k.fp(), k.tn(), k.fn(), auc(fpr, tpr));
  }

  /**
   * The area under the curve by the trapezoid rule over its points sorted by ascending fpr (then
   * tpr), points with NaN left out; no corner points are added. NaN without two points.
   */
  static double auc(double[] fpr, double[] tpr) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < fpr.length; i++) {
      if (!Double.isNaN(fpr[i]) && !Double.isNaN(tpr[i])) {
        points.add(new double[] {fpr[i], tpr[i]});
      }
    }
    if (points.size() < 2) {
      return Double.NaN;
    }
    points.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      double[] p = points.get(i - 1);
      double[] q = points.get(i);
      area += (q[0] - p[0]) * (p[1] + q[1]) / 2;
    }
    return area;
  }
}
