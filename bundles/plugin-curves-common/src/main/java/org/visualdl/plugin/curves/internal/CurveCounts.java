package org.visualdl.plugin.curves.internal;

import java.util.List;

/**
 * The per-threshold counts of a stored curve, with its thresholds (evenly spaced in [0, 1] when
 * the payload stores none, as VisualDL 2.x implies). Rates a payload leaves out are computed from
 * the counts with {@link #rateOr}; {@link #agree} says whether every array has one length.
 *
 * <pre>{@code
 * CurveCounts k = CurveCounts.of(c.getThresholdsList(), c.getTpList(), c.getFpList(),
 *     c.getTnList(), c.getFnList());
 * double[] recall = k.rateOr(c.getRecallList(), k.tp(), k.fn(), 0);
 * }</pre>
 */
public record CurveCounts(
    double[] thresholds, double[] tp, double[] fp, double[] tn, double[] fn) {

  /** The counts as stored; thresholds evenly spaced when none are stored. */
  public static CurveCounts of(
      List<Double> thresholds, List<Double> tp, List<Double> fp, List<Double> tn, List<Double> fn) {
    double[] tpa = array(tp);
    double[] fpa = array(fp);
    double[] tna = array(tn);
    double[] fna = array(fn);
    int n = tpa.length;
    return new CurveCounts(
        thresholds.isEmpty() ? evenly(n) : array(thresholds), tpa, fpa, tna, fna);
  }

  /** The number of thresholds, by the true-positive counts. */
  public int size() {
    return tp.length;
  }

  /**
   * The stored rate, or when none is stored {@code x / (x + y)} per threshold
   * ({@code whenZero} where both are 0).
   */
  public double[] rateOr(List<Double> stored, double[] x, double[] y, double whenZero) {
    double[] rate = array(stored);
    int n = size();
    if (rate.length == 0 && n > 0) {
      rate = new double[n];
      for (int i = 0; i < n; i++) {
        rate[i] = x[i] + y[i] == 0 ? whenZero : x[i] / (x[i] + y[i]);
      }
    }
    return rate;
  }

  /** Whether the thresholds, the other counts and the given rates all have {@link #size()} values. */
  public boolean agree(double[] rate1, double[] rate2) {
    int n = size();
    for (double[] a : List.of(thresholds, rate1, rate2, fp, tn, fn)) {
      if (a.length != n) {
        return false;
      }
    }
    return true;
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
