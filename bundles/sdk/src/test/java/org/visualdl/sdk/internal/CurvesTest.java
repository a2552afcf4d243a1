package org.visualdl.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.PrCurve;
import org.visualdl.proto.RocCurve;

class CurvesTest {
  @Test
  void smallExampleByHand() throws Exception {
    boolean[] labels = {true, false, true, false, true};
    double[] predictions = {0.9, 0.8, 0.5, 0.2, 0.0};
    PrCurve pr = PrCurve.parseFrom(Curves.prCurve(labels, predictions, 3));
    // thresholds 0, 0.5, 1: at or above 0 all five, at or above 0.5 {0.9, 0.8, 0.5}, at 1 none
    assertEquals(java.util.List.of(0.0, 0.5, 1.0), pr.getThresholdsList());
    assertEquals(java.util.List.of(3.0, 2.0, 0.0), pr.getTpList());
    assertEquals(java.util.List.of(2.0, 1.0, 0.0), pr.getFpList());
    assertEquals(java.util.List.of(0.0, 1.0, 2.0), pr.getTnList());
    assertEquals(java.util.List.of(0.0, 1.0, 3.0), pr.getFnList());
    assertEquals(java.util.List.of(0.6, 2.0 / 3.0, 1.0), pr.getPrecisionList());
    assertEquals(java.util.List.of(1.0, 2.0 / 3.0, 0.0), pr.getRecallList());
    RocCurve roc = RocCurve.parseFrom(Curves.rocCurve(labels, predictions, 3));
    assertEquals(pr.getTpList(), roc.getTpList());
    assertEquals(java.util.List.of(1.0, 2.0 / 3.0, 0.0), roc.getTprList());
    assertEquals(java.util.List.of(1.0, 0.5, 0.0), roc.getFprList());
  }

  @Test
  void thresholdsAreEvenlySpacedAndExact() {
    Curves.Counts c = Curves.counts(new boolean[] {true}, new double[] {0.3}, 11);
    for (int i = 0; i < 11; i++) {
      assertEquals((double) i / 10.0, c.thresholds()[i]);
    }
    // 0.3 is at or above 3/10 (0.3 exactly): counted up to threshold index 3
    assertEquals(1.0, c.tp()[3]);
    assertEquals(0.0, c.tp()[4]);
  }

  @Test
  void countsAreConsistentAndRecallNeverRises() {
    Random r = new Random(12);
    for (int round = 0; round < 50; round++) {
      int n = 1 + r.nextInt(500);
      boolean[] labels = new boolean[n];
      double[] predictions = new double[n];
      int positives = 0;
      for (int i = 0; i < n; i++) {
        labels[i] = r.nextBoolean();
        positives += labels[i] ? 1 : 0;
        // some outside [0, 1] and some exactly on thresholds
        predictions[i] = r.nextInt(4) == 0 ? r.nextInt(11) / 10.0 : r.nextDouble() * 1.2 - 0.1;
      }
      int thresholds = 2 + r.nextInt(200);
      PrCurve pr = parsePr(Curves.prCurve(labels, predictions, thresholds));
      RocCurve roc = parseRoc(Curves.rocCurve(labels, predictions, thresholds));
      assertEquals(thresholds, pr.getThresholdsCount());
      for (int i = 0; i < thresholds; i++) {
        double t = pr.getThresholds(i);
        long tp = 0;
        long fp = 0;
        for (int j = 0; j < n; j++) {
          if (predictions[j] >= t) {
            tp += labels[j] ? 1 : 0;
            fp += labels[j] ? 0 : 1;
          }
        }
        assertEquals(tp, pr.getTp(i), "tp at " + t);
        assertEquals(fp, pr.getFp(i), "fp at " + t);
        assertEquals(positives, pr.getTp(i) + pr.getFn(i));
        assertEquals(n - positives, pr.getFp(i) + pr.getTn(i));
        if (i > 0) {
          assertTrue(pr.getRecall(i) <= pr.getRecall(i - 1), "recall rose at " + t);
          assertTrue(roc.getTpr(i) <= roc.getTpr(i - 1));
          assertTrue(roc.getFpr(i) <= roc.getFpr(i - 1));
          assertTrue(pr.getThresholds(i) > pr.getThresholds(i - 1));
        }
        assertTrue(pr.getPrecision(i) >= 0 && pr.getPrecision(i) <= 1);
      }
      assertEquals(0.0, pr.getThresholds(0));
      assertEquals(1.0, pr.getThresholds(thresholds - 1));
      assertEquals(pr.getRecallList(), roc.getTprList());
    }
  }

  @Test
  void emptyDenominators() throws Exception {
    // no positives: recall and tpr 0; nothing at or above 1: precision 1; no negatives: fpr 0
    PrCurve pr = PrCurve.parseFrom(Curves.prCurve(new boolean[] {false}, new double[] {0.5}, 2));
    assertEquals(java.util.List.of(0.0, 0.0), pr.getRecallList());
    assertEquals(java.util.List.of(0.0, 1.0), pr.getPrecisionList());
    RocCurve roc = RocCurve.parseFrom(Curves.rocCurve(new boolean[] {true}, new double[] {0.5}, 2));
    assertEquals(java.util.List.of(0.0, 0.0), roc.getFprList());
    assertEquals(java.util.List.of(1.0, 0.0), roc.getTprList());
  }

  @Test
  void badArguments() {
    assertMessage("no predictions", () -> Curves.prCurve(null, new double[] {1}, 10));
    assertMessage("no predictions", () -> Curves.prCurve(new boolean[0], new double[0], 10));
    assertMessage("2 labels but 1 predictions",
        () -> Curves.rocCurve(new boolean[2], new double[] {1}, 10));
    assertMessage("numThresholds must be 2 to 10000, was 1",
        () -> Curves.prCurve(new boolean[1], new double[] {1}, 1));
    assertMessage("was 10001", () -> Curves.prCurve(new boolean[1], new double[] {1}, 10001));
    assertMessage("was -3", () -> Curves.prCurve(new boolean[1], new double[] {1}, -3));
    assertMessage("prediction 1 is NaN",
        () -> Curves.prCurve(new boolean[2], new double[] {1, Double.NaN}, 10));
    assertMessage("prediction 0 is infinite",
        () -> Curves.rocCurve(new boolean[1], new double[] {Double.POSITIVE_INFINITY}, 10));
  }

  static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  private static PrCurve parsePr(byte[] b) {
    try {
      return PrCurve.parseFrom(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static RocCurve parseRoc(byte[] b) {
    try {
      return RocCurve.parseFrom(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void bytesDependOnlyOnInput() {
    boolean[] l = {true, false};
    double[] p = {0.7, 0.1};
    assertArrayEquals(Curves.prCurve(l, p, 10), Curves.prCurve(l.clone(), p.clone(), 10));
  }
}
