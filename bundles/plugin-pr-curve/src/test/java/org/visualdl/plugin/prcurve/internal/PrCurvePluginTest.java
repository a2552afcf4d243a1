package org.visualdl.plugin.prcurve.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.visualdl.api.Sample;
import org.visualdl.api.frontend.RouteException;
import org.visualdl.proto.PrCurve;
import org.visualdl.plugin.testing.InMemoryLogStore;
import org.visualdl.plugin.testing.Requests;

/** The entries route over an in-memory store; against real logs see the distribution's tests. */
class PrCurvePluginTest {
  static final String RUN = "r";
  static final String TAG = "pr/cat";
  // 4 positives, 6 negatives; thresholds 0, 0.5, 1.
  static final PrCurve FULL = PrCurve.newBuilder()
      .addAllThresholds(List.of(0.0, 0.5, 1.0))
      .addAllTp(List.of(4.0, 3.0, 0.0)).addAllFp(List.of(6.0, 1.0, 0.0))
      .addAllTn(List.of(0.0, 5.0, 6.0)).addAllFn(List.of(0.0, 1.0, 4.0))
      .addAllPrecision(List.of(0.4, 0.75, 1.0)).addAllRecall(List.of(1.0, 0.75, 0.0))
      .build();

  static PrCurvePlugin plugin() {
    PrCurve countsOnly = FULL.toBuilder().clearThresholds().clearPrecision().clearRecall().build();
    PrCurve ragged = FULL.toBuilder().addTp(1).build();
    return PrCurvePlugin.over(new InMemoryLogStore()
        .run("empty")
        .sample(RUN, TAG, PrCurvePlugin.KIND, new Sample(1, 11, 1, FULL.toByteArray()))
        .sample(RUN, TAG, PrCurvePlugin.KIND, new Sample(2, 12, 1, countsOnly.toByteArray()))
        .sample(RUN, TAG, PrCurvePlugin.KIND, new Sample(3, 13, 1, ragged.toByteArray()))
        .sample(RUN, TAG, PrCurvePlugin.KIND, new Sample(4, 14, 2, FULL.toByteArray()))
        .sample(RUN, TAG, PrCurvePlugin.KIND, new Sample(5, 15, 1, new byte[] {(byte) 0xff})));
  }

  @SuppressWarnings("unchecked")
  static List<PrCurvePlugin.Entry> entries(String run, String tag) {
    return (List<PrCurvePlugin.Entry>) Requests.call(plugin(), "entries", "run", run, "tag", tag);
  }

  @Test
  void curvesComeBackAsStoredSkippingRaggedNewerAndDamagedOnes() {
    List<PrCurvePlugin.Entry> entries = entries(RUN, TAG);
    assertEquals(List.of(1L, 2L), entries.stream().map(PrCurvePlugin.Entry::step).toList());
    PrCurvePlugin.Entry e = entries.get(0);
    assertEquals(11, e.wallTime());
    assertArrayEquals(new double[] {0, 0.5, 1}, e.thresholds());
    assertArrayEquals(new double[] {0.4, 0.75, 1}, e.precision());
    assertArrayEquals(new double[] {1, 0.75, 0}, e.recall());
    assertArrayEquals(new double[] {4, 3, 0}, e.tp());
    assertArrayEquals(new double[] {6, 1, 0}, e.fp());
    assertArrayEquals(new double[] {0, 5, 6}, e.tn());
    assertArrayEquals(new double[] {0, 1, 4}, e.fn());
  }

  @Test
  void whatAPayloadLeavesOutIsFilledInFromItsCounts() {
    PrCurvePlugin.Entry e = entries(RUN, TAG).get(1);
    assertArrayEquals(FULL.getThresholdsList().stream().mapToDouble(d -> d).toArray(),
        e.thresholds());
    assertArrayEquals(new double[] {0.4, 0.75, 1}, e.precision(), 1e-12);
    assertArrayEquals(new double[] {1, 0.75, 0}, e.recall(), 1e-12);
  }

  @Test
  void unknownRunOrTagIs404() {
    RouteException noRun = assertThrows(RouteException.class, () -> entries("nope", TAG));
    assertEquals(RouteException.Status.NOT_FOUND, noRun.status());
    RouteException noTag = assertThrows(RouteException.class, () -> entries("empty", TAG));
    assertEquals(RouteException.Status.NOT_FOUND, noTag.status());
  }
}
