package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;

class ScalarColumnTest {

  @Test
  void pointsComeBackInStepOrder() {
    ScalarColumn s = new ScalarColumn();
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
    ScalarColumn s = new ScalarColumn();
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
    ScalarColumn s = new ScalarColumn();
    s.append(5, 1.0, 7);
    s.append(5, 2.0, 7);
    s.commit();
    assertArrayEquals(new double[] {2.0}, s.query(ScalarQuery.everyPoint()).values());
  }

  @Test
  void rangeQueryIncludesBothEnds() {
    ScalarColumn s = new ScalarColumn();
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
    ScalarColumn s = new ScalarColumn();
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
    ScalarColumn s = new ScalarColumn();
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
  void outOfOrderPointsWaitForCommit() {
    ScalarColumn s = new ScalarColumn();
    s.append(5, 1, 1);
    assertEquals(1, s.query(ScalarQuery.everyPoint()).size());
    s.append(3, 1, 2);
    assertEquals(1, s.query(ScalarQuery.everyPoint()).size());
    s.commit();
    assertArrayEquals(new long[] {3, 5}, s.query(ScalarQuery.everyPoint()).steps());
  }

  @Test
  void manyChunksWithARestartInTheMiddleKeepEveryStepOnce() {
    ScalarColumn s = new ScalarColumn();
    int n = 3 * ScalarColumn.CHUNK + 123;
    for (int step = 0; step < n; step++) {
      s.append(step, step, 1000);
    }
    s.commit();
    // A resumed run rewrites the last 5000 steps later with new values.
    for (int step = n - 5000; step < n + 10; step++) {
      s.append(step, -step, 2000);
    }
    s.commit();
    ScalarPoints p = s.query(ScalarQuery.everyPoint());
    assertEquals(n + 10, p.size());
    for (int i = 0; i < p.size(); i++) {
      assertEquals(i, p.steps()[i]);
      assertEquals(i < n - 5000 ? i : -i, p.values()[i], 0.0, "step " + i);
    }
  }

  @Test
  void valuesThatAreNotFloatsKeepFullPrecisionAndHugeStepsWork() {
    ScalarColumn s = new ScalarColumn();
    s.append(0, 0.1, 0);
    s.append(1L << 40, Math.PI, Long.MAX_VALUE / 2);
    s.append((1L << 40) + 1, Double.NEGATIVE_INFINITY, 5);
    s.commit();
    ScalarPoints p = s.query(ScalarQuery.everyPoint());
    assertArrayEquals(new long[] {0, 1L << 40, (1L << 40) + 1}, p.steps());
    assertArrayEquals(new double[] {0.1, Math.PI, Double.NEGATIVE_INFINITY}, p.values());
    assertArrayEquals(new long[] {0, Long.MAX_VALUE / 2, 5}, p.wallTimesMs());
  }

  @Test
  void downsampledViewMatchesABruteForceScanOfEveryBucket() {
    ScalarColumn s = new ScalarColumn();
    java.util.Random rnd = new java.util.Random(42);
    int n = 200_003;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
      s.append(i, v[i], i);
    }
    s.commit();
    long start = 1234;
    long end = 180_000;
    int maxPoints = 1000;
    ScalarPoints p = s.query(new ScalarQuery(start, end, maxPoints));
    int buckets = maxPoints / 2;
    long total = end - start + 1;
    java.util.Set<Long> expected = new java.util.TreeSet<>();
    for (int b = 0; b < buckets; b++) {
      long from = start + total * b / buckets;
      long to = start + total * (b + 1) / buckets;
      long min = from;
      long max = from;
      for (long i = from; i < to; i++) {
        if (v[(int) i] < v[(int) min]) {
          min = i;
        }
        if (v[(int) i] > v[(int) max]) {
          max = i;
        }
      }
      expected.add(min);
      expected.add(max);
    }
    java.util.Set<Long> got = new java.util.TreeSet<>();
    for (long step : p.steps()) {
      got.add(step);
    }
    assertEquals(expected, got);
  }

  /** The accounted bytes per point of a column of n points of a random walk, like R's series. */
  private static double bytesPerPointOfRandomWalk(boolean float32) {
    java.util.Random rnd = new java.util.Random(1);
    ScalarColumn s = new ScalarColumn();
    float levelF = rnd.nextFloat();
    double levelD = levelF;
    long wall = 1_700_000_000_000L;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      levelF += (float) (rnd.nextGaussian() * 0.01);
      levelD += rnd.nextGaussian() * 0.01;
      wall += rnd.nextInt(7) == 0 ? 1 : 0;
      s.append(i, float32 ? levelF : levelD, wall);
      if (i % 10_000 == 0) {
        s.commit();
      }
    }
    s.commit();
    return (double) s.bytes() / n;
  }

  @Test
  void aFloat32RandomWalkCostsAtMostThreeAndAHalfBytesPerPoint() {
    double perPoint = bytesPerPointOfRandomWalk(true);
    assertTrue(perPoint <= 3.5, "bytes per point " + perPoint);
  }

  @Test
  void aDoubleRandomWalkCostsAtMostSevenAndAHalfBytesPerPoint() {
    double perPoint = bytesPerPointOfRandomWalk(false);
    assertTrue(perPoint <= 7.5, "bytes per point " + perPoint);
  }

  @Test
  void aCommittedColumnHoldsNoSlack() {
    ScalarColumn s = new ScalarColumn();
    for (int i = 0; i < 10_000; i++) {
      s.append(i, 1.0f, 1_700_000_000_000L);
    }
    long before = s.bytes();
    s.commit();
    // Constant values, regular steps and wall times: under a byte per point, summaries included.
    assertTrue(s.bytes() < before, s.bytes() + " bytes after commit, " + before + " before");
    assertTrue(s.bytes() < 10_000, s.bytes() + " bytes");
  }

  @Test
  void irregularStepsStayReadable() {
    ScalarColumn s = new ScalarColumn();
    int n = 1_000_000;
    long step = 0;
    for (int i = 0; i < n; i++) {
      step += 1 + (i % 3);
      s.append(step, (float) Math.cos(i), 1_700_000_000_000L + i);
    }
    s.commit();
    double perPoint = (double) s.bytes() / n;
    assertTrue(perPoint <= 6, "bytes per point " + perPoint);
    ScalarPoints p = s.query(new ScalarQuery(0, Long.MAX_VALUE, Integer.MAX_VALUE));
    long expected = 0;
    for (int i = 0; i < n; i++) {
      expected += 1 + (i % 3);
      assertEquals(expected, p.steps()[i]);
    }
  }
}
