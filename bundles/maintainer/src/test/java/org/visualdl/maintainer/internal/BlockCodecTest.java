package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.visualdl.api.ScalarPoints;
import org.visualdl.api.ScalarQuery;

/**
 * Property tests: adversarial sequences of values, steps and wall times come back bit for bit,
 * through the codec alone and through a column (blocks, chunks, parking, out-of-order merges).
 * Seeded random generation, so a failure names its seed and repeats.
 */
class BlockCodecTest {
  private static final long[] SPECIAL_BITS = {
    0x7ff8000000000000L, // the canonical NaN
    0x7ff0000000000001L, // signalling NaN, smallest payload
    0x7ff4000000000000L, // signalling NaN
    0xfff8000000000123L, // negative quiet NaN with a payload
    0x7fffffffffffffffL, // NaN, every payload bit
    0xffffffffffffffffL,
    0x7ff8000020000000L, // a NaN a float can carry exactly
    0x7ff0000000000000L, // +infinity
    0xfff0000000000000L, // -infinity
    0x0000000000000000L, // +0.0
    0x8000000000000000L, // -0.0
    0x0000000000000001L, // smallest subnormal
    0x800fffffffffffffL, // largest negative subnormal
    0x7fefffffffffffffL, // largest double
    0xffefffffffffffffL, // most negative double
    0x36a0000000000000L, // the smallest float subnormal as a double
    0x3810000000000000L, // the smallest normal float as a double
  };

  /** Named value generators; each takes the point index and a shared random source. */
  private static List<Named> generators(Random rnd) {
    List<Named> g = new ArrayList<>();
    g.add(new Named("special bits", i -> Double.longBitsToDouble(SPECIAL_BITS[rnd.nextInt(SPECIAL_BITS.length)])));
    g.add(new Named("random bits", i -> Double.longBitsToDouble(rnd.nextLong())));
    g.add(new Named("random float bits", i -> Float.intBitsToFloat(rnd.nextInt())));
    g.add(new Named("alternating extremes", i -> i % 2 == 0 ? Double.MAX_VALUE : -Double.MAX_VALUE));
    g.add(new Named("alternating float extremes", i -> i % 2 == 0 ? Float.MAX_VALUE : -Float.MIN_VALUE));
    g.add(new Named("constant", i -> 0.1));
    g.add(new Named("constant runs", i -> (i / 37) % 3 == 0 ? Double.NaN : (i / 37) * 1.5));
    g.add(new Named("float random walk", new IntToDoubleFunction() {
      float level = rnd.nextFloat();

      @Override
      public double applyAsDouble(int i) {
        return level += (float) (rnd.nextGaussian() * 0.01);
      }
    }));
    g.add(new Named("double random walk", new IntToDoubleFunction() {
      double level = rnd.nextDouble();

      @Override
      public double applyAsDouble(int i) {
        return level += rnd.nextGaussian() * 0.01;
      }
    }));
    g.add(new Named("mixed", i -> switch (rnd.nextInt(6)) {
      case 0 -> Double.longBitsToDouble(SPECIAL_BITS[rnd.nextInt(SPECIAL_BITS.length)]);
      case 1 -> Double.longBitsToDouble(rnd.nextLong());
      case 2 -> (float) rnd.nextGaussian();
      case 3 -> Double.MIN_VALUE * rnd.nextInt(5);
      case 4 -> -0.0;
      default -> rnd.nextGaussian();
    }));
    return g;
  }

  private record Named(String name, IntToDoubleFunction f) {}

  private static long[] steps(Random rnd, int n, int kind) {
    long[] s = new long[n];
    long x = kind == 3 ? Long.MIN_VALUE + 1 : rnd.nextInt(1000);
    for (int i = 0; i < n; i++) {
      s[i] = x;
      x += switch (kind) {
        case 0 -> 1;
        case 1 -> 1 + rnd.nextInt(3);
        case 2 -> 1 + (rnd.nextInt(50) == 0 ? (1L << 40) : 0);
        default -> 1 + (rnd.nextLong() >>> 3) / n;
      };
    }
    return s;
  }

  private static long[] walls(Random rnd, int n, int kind) {
    long[] w = new long[n];
    long x = 1_700_000_000_000L;
    for (int i = 0; i < n; i++) {
      w[i] = switch (kind) {
        case 0 -> x += rnd.nextInt(3);
        case 1 -> x += 1000 + rnd.nextInt(40) - 20;
        case 2 -> rnd.nextLong();
        default -> i % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      };
    }
    return w;
  }

  @Test
  void everyBlockLengthRoundTripsBitForBit() {
    for (long seed = 1; seed <= 60; seed++) {
      Random rnd = new Random(seed);
      for (Named g : generators(rnd)) {
        int n = 1 + rnd.nextInt(ScalarChunk.BLOCK);
        long[] s = steps(rnd, n, rnd.nextInt(4));
        long[] w = walls(rnd, n, rnd.nextInt(4));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = g.f().applyAsDouble(i);
        }
        BitBuffer bits = new BitBuffer();
        bits.write(rnd.nextLong(), rnd.nextInt(65)); // blocks start anywhere in a word
        long at = bits.length();
        long baseStep = rnd.nextBoolean() ? s[0] : rnd.nextLong();
        long baseWall = rnd.nextBoolean() ? w[0] : rnd.nextLong();
        BlockCodec.encode(bits, s, v, w, 0, n, baseStep, baseWall, new long[ScalarChunk.BLOCK]);
        long[] s2 = new long[n + 3];
        double[] v2 = new double[n + 3];
        long[] w2 = new long[n + 3];
        BlockCodec.Reader r = new BlockCodec.Reader();
        r.decode(bits.words(), at, n, baseStep, baseWall, s2, v2, w2, 3);
        String what = g.name() + ", seed " + seed + ", n " + n;
        for (int i = 0; i < n; i++) {
          assertEquals(s[i], s2[i + 3], what);
          assertEquals(w[i], w2[i + 3], what);
          assertBitsEqual(v[i], v2[i + 3], what + ", point " + i);
        }
        double[] v3 = new double[n];
        r.decodeValues(bits.words(), at, n, v3, 0);
        for (int i = 0; i < n; i++) {
          assertBitsEqual(v[i], v3[i], what + ", values only, point " + i);
        }
        assertEquals(s[0], r.firstStep(bits.words(), at, baseStep), what);
        long[] stepWall = new long[2];
        for (int j = 0; j < n; j++) {
          r.stepAndWall(bits.words(), at, n, j, baseStep, baseWall, stepWall);
          assertEquals(s[j], stepWall[0], what + ", step of point " + j);
          assertEquals(w[j], stepWall[1], what + ", wall time of point " + j);
        }
      }
    }
  }

  @Test
  void columnsOfAdversarialSequencesRoundTripBitForBit() {
    for (long seed = 1; seed <= 6; seed++) {
      Random rnd = new Random(seed);
      for (Named g : generators(rnd)) {
        int n = 1 + rnd.nextInt(3 * ScalarChunk.CHUNK);
        long[] s = steps(rnd, n, rnd.nextInt(3));
        long[] w = walls(rnd, n, rnd.nextInt(4));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = g.f().applyAsDouble(i);
        }
        ScalarColumn c = new ScalarColumn();
        // Batches of random size with commits between them: blocks get parked and reopened.
        int i = 0;
        while (i < n) {
          int k = Math.min(n - i, 1 + rnd.nextInt(300));
          c.appendAll(java.util.Arrays.copyOfRange(s, i, i + k),
              java.util.Arrays.copyOfRange(v, i, i + k), java.util.Arrays.copyOfRange(w, i, i + k), k);
          i += k;
          if (rnd.nextInt(3) == 0) {
            c.commit();
          }
        }
        c.commit();
        String what = g.name() + ", seed " + seed + ", n " + n;
        ScalarPoints p = c.query(ScalarQuery.everyPoint());
        assertEquals(n, p.size(), what);
        for (int j = 0; j < n; j++) {
          assertEquals(s[j], p.steps()[j], what);
          assertEquals(w[j], p.wallTimesMs()[j], what);
          assertBitsEqual(v[j], p.values()[j], what + ", point " + j);
        }
        // A range in the middle, every point.
        int a = rnd.nextInt(n);
        int b = a + rnd.nextInt(n - a);
        ScalarPoints range = c.query(new ScalarQuery(s[a], s[b], Integer.MAX_VALUE));
        assertEquals(b - a + 1, range.size(), what);
        for (int j = a; j <= b; j++) {
          assertBitsEqual(v[j], range.values()[j - a], what + ", range point " + j);
        }
        assertEquals(s[n - 1], c.lastStep(), what);
        assertBitsEqual(v[n - 1], c.latest().value(), what);
      }
    }
  }

  @Test
  void outOfOrderMergesKeepEveryBitAndTheNewestValuePerStep() {
    Random rnd = new Random(99);
    ScalarColumn c = new ScalarColumn();
    java.util.TreeMap<Long, double[]> expected = new java.util.TreeMap<>(); // step -> {value, wall}
    long wall = 0;
    for (int round = 0; round < 40; round++) {
      int k = 1 + rnd.nextInt(2000);
      for (int i = 0; i < k; i++) {
        long step = rnd.nextInt(30_000);
        double v = Double.longBitsToDouble(rnd.nextBoolean() ? rnd.nextLong()
            : SPECIAL_BITS[rnd.nextInt(SPECIAL_BITS.length)]);
        c.append(step, v, ++wall);
        expected.put(step, new double[] {v});
      }
      c.commit();
    }
    ScalarPoints p = c.query(ScalarQuery.everyPoint());
    assertEquals(expected.size(), p.size());
    int j = 0;
    for (var e : expected.entrySet()) {
      assertEquals((long) e.getKey(), p.steps()[j]);
      assertBitsEqual(e.getValue()[0], p.values()[j], "step " + e.getKey());
      j++;
    }
  }

  private static void assertBitsEqual(double expected, double actual, String what) {
    assertEquals(Long.toHexString(Double.doubleToRawLongBits(expected)),
        Long.toHexString(Double.doubleToRawLongBits(actual)), what);
  }
}
