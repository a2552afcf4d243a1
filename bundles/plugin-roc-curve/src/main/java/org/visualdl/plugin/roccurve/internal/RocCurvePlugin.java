package org.visualdl.plugin.roccurve.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.visualdl.api.Kind;
import org.visualdl.api.LogStore;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.Param;
import org.visualdl.api.frontend.ParamType;
import org.visualdl.api.frontend.Route;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.api.frontend.RouteRequest;
import org.visualdl.api.frontend.VisualizationPlugin;
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
        new Route(
            "entries",
            List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
            this::entries,
            "The kept ROC curves of a tag in step order, one value per threshold in each array, with AUC."));
  }

  /**
   * One kept curve; {@code wallTime} in milliseconds since the epoch; arrays of one length;
   * {@code auc} the area under the curve (see {@link #auc}).
   */
  public record Entry(
      long step, long wallTime, double[] thresholds, double[] tpr, double[] fpr, double[] tp,
      double[] fp, double[] tn, double[] fn, double auc) {}

  private List<Entry> entries(RouteRequest request) {
    String run = request.string("run");
    String tag = request.string("tag");
    if (store.runs().stream().noneMatch(r -> r.name().equals(run))) {
      throw RouteException.noSuchRun(run);
    }
    List<Sample> samples =
        store.samples(run, tag, KIND).orElseThrow(() -> RouteException.noSuchTag(run, tag));
    List<Entry> entries = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      if (s.payloadVersion() > BuiltinKind.ROC_CURVE.payloadVersion()) {
        continue; // a schema from a newer SDK: left out, not misread
      }
      try {
        Entry e = entry(s.step(), s.wallTimeMs(), RocCurve.parseFrom(s.payload()));
        if (e != null) {
          entries.add(e);
        }
      } catch (InvalidProtocolBufferException e) {
        // a damaged payload: left out
      }
    }
    return entries;
  }

  /** The curve as an entry, or null when its arrays disagree in length. */
  static Entry entry(long step, long wallTime, RocCurve c) {
    double[] tp = array(c.getTpList());
    double[] fp = array(c.getFpList());
    double[] tn = array(c.getTnList());
    double[] fn = array(c.getFnList());
    int n = tp.length;
    double[] thresholds = c.getThresholdsCount() > 0 ? array(c.getThresholdsList()) : evenly(n);
    double[] tpr = array(c.getTprList());
    if (tpr.length == 0 && n > 0) {
      tpr = new double[n];
      for (int i = 0; i < n; i++) {
        tpr[i] = tp[i] + fn[i] == 0 ? 0 : tp[i] / (tp[i] + fn[i]);
      }
    }
    double[] fpr = array(c.getFprList());
    if (fpr.length == 0 && n > 0) {
      fpr = new double[n];
      for (int i = 0; i < n; i++) {
        fpr[i] = fp[i] + tn[i] == 0 ? 0 : fp[i] / (fp[i] + tn[i]);
      }
    }
    for (double[] a : List.of(thresholds, tpr, fpr, fp, tn, fn)) {
      if (a.length != n) {
        return null;
      }
    }
    return new Entry(step, wallTime, thresholds, tpr, fpr, tp, fp, tn, fn, auc(fpr, tpr));
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

  private static double[] array(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }

  /** n thresholds evenly spaced in [0, 1], as VisualDL 2.x implies when it stores none. */
  static double[] evenly(int n) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = n == 1 ? 0 : (double) i / (n - 1);
    }
    return t;
  }
}
