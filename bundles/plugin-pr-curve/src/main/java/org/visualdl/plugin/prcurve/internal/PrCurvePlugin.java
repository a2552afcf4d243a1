package org.visualdl.plugin.prcurve.internal;

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
        new Route(
            "entries",
            List.of(Param.required("run", ParamType.STRING), Param.required("tag", ParamType.STRING)),
            this::entries,
            "The kept PR curves of a tag in step order, one value per threshold in each array."));
  }

  /** One kept curve; {@code wallTime} in milliseconds since the epoch; arrays of one length. */
  public record Entry(
      long step, long wallTime, double[] thresholds, double[] precision, double[] recall,
      double[] tp, double[] fp, double[] tn, double[] fn) {}

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
      if (s.payloadVersion() > BuiltinKind.PR_CURVE.payloadVersion()) {
        continue; // a schema from a newer SDK: left out, not misread
      }
      try {
        Entry e = entry(s.step(), s.wallTimeMs(), PrCurve.parseFrom(s.payload()));
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
  static Entry entry(long step, long wallTime, PrCurve c) {
    double[] tp = array(c.getTpList());
    double[] fp = array(c.getFpList());
    double[] tn = array(c.getTnList());
    double[] fn = array(c.getFnList());
    int n = tp.length;
    double[] thresholds = c.getThresholdsCount() > 0 ? array(c.getThresholdsList()) : evenly(n);
    double[] precision = array(c.getPrecisionList());
    if (precision.length == 0 && n > 0) {
      precision = new double[n];
      for (int i = 0; i < n; i++) {
        precision[i] = tp[i] + fp[i] == 0 ? 1 : tp[i] / (tp[i] + fp[i]);
      }
    }
    double[] recall = array(c.getRecallList());
    if (recall.length == 0 && n > 0) {
      recall = new double[n];
      for (int i = 0; i < n; i++) {
        recall[i] = tp[i] + fn[i] == 0 ? 0 : tp[i] / (tp[i] + fn[i]);
      }
    }
    for (double[] a : List.of(thresholds, precision, recall, fp, tn, fn)) {
      if (a.length != n) {
        return null;
      }
    }
    return new Entry(step, wallTime, thresholds, precision, recall, tp, fp, tn, fn);
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
