package org.visualdl.plugin.roccurve.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.proto.RocCurve;
import org.visualdl.plugin.testing.InMemoryLogStore;
import org.visualdl.plugin.testing.Requests;

/** The entries route over an in-memory store; against real logs see the distribution's tests. */
class RocCurvePluginTest {
  static final String RUN = "r";
  static final String TAG = "roc/cat";
  // 4 positives, 6 negatives; thresholds 0, 0.5, 1.
  static final RocCurve FULL = RocCurve.newBuilder()
      .addAllThresholds(List.of(0.0, 0.5, 1.0))
      .addAllTp(List.of(4.0, 3.0, 0.0)).addAllFp(List.of(6.0, 1.0, 0.0))
      .addAllTn(List.of(0.0, 5.0, 6.0)).addAllFn(List.of(0.0, 1.0, 4.0))
      .addAllTpr(List.of(1.0, 0.75, 0.0)).addAllFpr(List.of(1.0, 1.0 / 6, 0.0))
      .build();

  static RocCurvePlugin plugin() {
    RocCurve countsOnly = FULL.toBuilder().clearThresholds().clearTpr().clearFpr().build();
    RocCurve ragged = FULL.toBuilder().addFpr(1).build();
    return RocCurvePlugin.over(new InMemoryLogStore()
        .run("empty")
        .sample(RUN, TAG, RocCurvePlugin.KIND, new Sample(1, 11, 1, FULL.toByteArray()))
        .sample(RUN, TAG, RocCurvePlugin.KIND, new Sample(2, 12, 1, countsOnly.toByteArray()))
        .sample(RUN, TAG, RocCurvePlugin.KIND, new Sample(3, 13, 1, ragged.toByteArray()))
        .sample(RUN, TAG, RocCurvePlugin.KIND, new Sample(4, 14, 2, FULL.toByteArray())));
  }

  @SuppressWarnings("unchecked")
  static List<RocCurvePlugin.Entry> entries(String run, String tag) {
    return (List<RocCurvePlugin.Entry>) Requests.call(plugin(), "entries", "run", run, "tag", tag);
  }

  @Test
  void curvesComeBackAsStoredWithTheirArea() {
    List<RocCurvePlugin.Entry> entries = entries(RUN, TAG);
    assertEquals(List.of(1L, 2L), entries.stream().map(RocCurvePlugin.Entry::step).toList());
    RocCurvePlugin.Entry e = entries.get(0);
    assertArrayEquals(new double[] {0, 0.5, 1}, e.thresholds());
    assertArrayEquals(new double[] {1, 0.75, 0}, e.tpr());
    assertArrayEquals(new double[] {1, 1.0 / 6, 0}, e.fpr());
    assertArrayEquals(new double[] {0, 1, 4}, e.fn());
    // (0,0)-(1/6,0.75)-(1,1): 1/6*0.75/2 + 5/6*1.75/2
    assertEquals(1.0 / 6 * 0.375 + 5.0 / 6 * 0.875, e.auc(), 1e-12);
  }

  @Test
  void ratesLeftOutAreComputedFromTheCounts() {
    RocCurvePlugin.Entry e = entries(RUN, TAG).get(1);
    assertArrayEquals(new double[] {1, 0.75, 0}, e.tpr(), 1e-12);
    assertArrayEquals(new double[] {1, 1.0 / 6, 0}, e.fpr(), 1e-12);
    assertArrayEquals(new double[] {0, 0.5, 1}, e.thresholds(), 1e-12);
  }

  @Test
  void aucOfThePerfectAndTheDiagonalCurve() {
    assertEquals(1, RocCurvePlugin.auc(new double[] {1, 0, 0}, new double[] {1, 1, 0}), 1e-12);
    assertEquals(0.5, RocCurvePlugin.auc(new double[] {1, 0.5, 0}, new double[] {1, 0.5, 0}), 1e-12);
    assertTrue(Double.isNaN(RocCurvePlugin.auc(new double[] {0.5}, new double[] {0.5})));
  }

  @Test
  void unknownRunOrTagIs404() {
    RouteException noRun = assertThrows(RouteException.class, () -> entries("nope", TAG));
    assertEquals("no run named 'nope'", noRun.getMessage());
    RouteException noTag = assertThrows(RouteException.class, () -> entries("empty", TAG));
    assertEquals(RouteException.Status.NOT_FOUND, noTag.status());
  }
}
