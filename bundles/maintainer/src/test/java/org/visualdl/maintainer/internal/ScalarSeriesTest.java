package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;

class ScalarSeriesTest {

  @Test
  void pointsComeBackInStepOrder() {
    ScalarSeries s = new ScalarSeries();
    s.append(2, 2.0, 10);
    s.append(0, 0.0, 11);
    s.append(1, 1.0, 12);
    s.commit();
    ScalarPoints p = s.query(ScalarQuery.everyPoint());
    assertArrayEquals(new long[] {0, 1, 2}, p.steps());
    assertArrayEquals(new double[] {0.0, 1.0, 2.0}, p.values());
    assertArrayEquals(new long[] {11, 12, 10}, p.wallTimesMs());
  }

  @Test
  void duplicateStepKeepsTheValueWithTheLatestWallTime() {
    ScalarSeries s = new ScalarSeries();
    // The first run wrote steps 0..3; a resumed run wrote steps 2..3 again later.
    for (int step = 0; step < 4; step++) {
      s.append(step, 100 + step, 1000 + step);
    }
    s.append(2, 200, 5000);
    s.append(3, 300, 5001);
    // A stale point read after the new ones (an older file read late) does not win.
    s.append(3, -1, 999);
    s.commit();
    ScalarPoints p = s.query(ScalarQuery.everyPoint());
    assertArrayEquals(new long[] {0, 1, 2, 3}, p.steps());
    assertArrayEquals(new double[] {100, 101, 200, 300}, p.values());
  }

  @Test
  void equalWallTimesKeepThePointReadLast() {
    ScalarSeries s = new ScalarSeries();
    s.append(5, 1.0, 7);
    s.append(5, 2.0, 7);
    s.commit();
    assertArrayEquals(new double[] {2.0}, s.query(ScalarQuery.everyPoint()).values());
  }

  @Test
  void rangeQueryIncludesBothEnds() {
    ScalarSeries s = new ScalarSeries();
    for (int step = 0; step < 100; step++) {
      s.append(step, step, step);
    }
    s.commit();
    ScalarPoints p = s.query(new ScalarQuery(10, 20, 1000));
    assertEquals(11, p.size());
    assertEquals(10, p.steps()[0]);
    assertEquals(20, p.steps()[10]);
    assertEquals(11, p.total());
    assertFalse(p.downsampled());
  }

  @Test
  void downsampledViewKeepsEverySpike() {
    ScalarSeries s = new ScalarSeries();
    int n = 1_000_000;
    for (int step = 0; step < n; step++) {
      double v = Math.sin(step / 1000.0);
      if (step == 123_457) {
        v = 50;
      }
      if (step == 876_543) {
        v = -50;
      }
      s.append(step, v, step);
    }
    s.commit();
    ScalarPoints p = s.query(new ScalarQuery(0, n, 2000));
    assertTrue(p.downsampled());
    assertEquals(n, p.total());
    assertTrue(p.size() <= 2000, "size " + p.size());
    boolean high = false;
    boolean low = false;
    for (int i = 0; i < p.size(); i++) {
      high |= p.steps()[i] == 123_457 && p.values()[i] == 50;
      low |= p.steps()[i] == 876_543 && p.values()[i] == -50;
      if (i > 0) {
        assertTrue(p.steps()[i] > p.steps()[i - 1], "steps ascend");
      }
    }
    assertTrue(high && low, "both spikes kept");
  }

  @Test
  void nanIsKeptInADownsampledView() {
    ScalarSeries s = new ScalarSeries();
    for (int step = 0; step < 10_000; step++) {
      s.append(step, step == 5000 ? Double.NaN : 1.0, step);
    }
    s.commit();
    ScalarPoints p = s.query(new ScalarQuery(0, 10_000, 100));
    boolean nan = false;
    for (double v : p.values()) {
      nan |= Double.isNaN(v);
    }
    assertTrue(nan);
  }

  @Test
  void uncommittedPointsAreNotVisible() {
    ScalarSeries s = new ScalarSeries();
    s.append(0, 1, 1);
    assertEquals(0, s.query(ScalarQuery.everyPoint()).size());
    s.commit();
    assertEquals(1, s.query(ScalarQuery.everyPoint()).size());
  }
}
