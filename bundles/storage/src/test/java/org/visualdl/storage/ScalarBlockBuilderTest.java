package org.visualdl.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.visualdl.proto.Frame;
import org.visualdl.proto.ScalarBlock;

class ScalarBlockBuilderTest {

  @Test
  void directEncodingIsByteForByteWhatProtobufWrites() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 500; round++) {
      ScalarBlockBuilder b = new ScalarBlockBuilder(4);
      int n = 1 + random.nextInt(300);
      long step = random.nextBoolean() ? 0 : random.nextLong() >> random.nextInt(64);
      long wall = random.nextBoolean() ? 0 : 1_700_000_000_000L;
      boolean regular = random.nextBoolean();
      boolean doubles = random.nextBoolean();
      for (int i = 0; i < n; i++) {
        double v = doubles ? random.nextGaussian() : (float) random.nextGaussian();
        if (random.nextInt(20) == 0) {
          v = new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}[
              random.nextInt(4)];
        }
        b.add(step, v, wall);
        step += regular ? 3 : random.nextInt(5) - 1;
        wall += random.nextInt(3) == 0 ? random.nextInt(1000) : 0;
      }
      int id = random.nextInt(3);
      int[] len = new int[1];
      byte[] direct = b.encodeFrame(id, 0, n, new byte[8], len);
      byte[] expected = Frame.newBuilder().setScalars(b.build(id)).build().toByteArray();
      assertArrayEquals(expected, Arrays.copyOf(direct, len[0]), "round " + round);

      ScalarBlock decoded = Frame.parseFrom(Arrays.copyOf(direct, len[0])).getScalars();
      assertNull(ScalarBlocks.validate(decoded));
      long[] steps = new long[n];
      double[] values = new double[n];
      long[] walls = new long[n];
      assertEquals(n, ScalarBlocks.decodeInto(decoded, steps, values, walls, 0));
      for (int i = 0; i < n; i++) {
        assertEquals(b.step(i), steps[i]);
        assertEquals(b.value(i), values[i], 0.0);
        assertEquals(b.wallTimeMs(i), walls[i]);
      }
    }
  }

  @Test
  void sliceEncodesOnlyThosePoints() throws Exception {
    ScalarBlockBuilder b = new ScalarBlockBuilder(16);
    for (int i = 0; i < 100; i++) {
      b.add(i, i * 0.5, 1000 + i);
    }
    int[] len = new int[1];
    byte[] bytes = b.encodeFrame(7, 40, 60, new byte[0], len);
    ScalarBlock block = Frame.parseFrom(Arrays.copyOf(bytes, len[0])).getScalars();
    assertEquals(20, block.getCount());
    assertEquals(40, block.getFirstStep());
    assertEquals(1040, block.getFirstWallTimeMs());
    assertEquals(7, block.getTabletId());
  }

  @Test
  void specialValuesComeBackAsWritten() {
    ScalarBlockBuilder b = new ScalarBlockBuilder(16);
    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.1,
        Double.MAX_VALUE, Double.MIN_VALUE};
    for (int i = 0; i < special.length; i++) {
      b.add(i, special[i], 5);
    }
    double[] back = new double[special.length];
    ScalarBlocks.decodeInto(b.build(1), null, back, null, 0);
    for (int i = 0; i < special.length; i++) {
      assertEquals(Double.doubleToLongBits(special[i]), Double.doubleToLongBits(back[i]), "i=" + i);
    }
  }
}
