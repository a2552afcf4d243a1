package org.visualdl.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.proto.Histogram;
import org.visualdl.proto.Record;
import org.visualdl.proto.ScalarBlock;
import org.visualdl.proto.Tablet;
import org.visualdl.storage.FrameSink;
import org.visualdl.storage.ReadResult;
import org.visualdl.storage.RunReader;
import org.visualdl.storage.ScalarBlocks;

/** A reader tails a run while a writer writes it, rotating files: every point arrives once. */
class TailingTest {
  @TempDir Path dir;

  @Test
  void aReaderTailingALiveRunSeesEveryPointOnceAndInOrder() throws Exception {
    Path run = dir.resolve("run");
    int points = 300_000;
    List<Long> steps = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    int[] histograms = new int[1];
    FrameSink sink = new FrameSink() {
      @Override
      public void scalars(Tablet tablet, ScalarBlock block) {
        ScalarBlocks.decode(block, (s, v, w) -> {
          steps.add(s);
          values.add(v);
        });
      }

      @Override
      public void record(Tablet tablet, Record record, long frameOffset) {
        Histogram h = record.getEntry().getHistogram();
        assertEquals(10, h.getCountsCount());
        histograms[0]++;
      }
    };
    AtomicBoolean done = new AtomicBoolean();
    Thread writerThread = new Thread(() -> {
      try (LogWriter log = LogWriter.builder(run).flushInterval(Duration.ofMillis(10))
          .rotateBytes(200_000).histogramBuckets(10).open()) {
        for (int i = 0; i < points; i++) {
          log.addScalar("loss", i, i * 0.5);
          if (i % 30_000 == 0) {
            log.addHistogram("w", i, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
            Thread.sleep(5);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        done.set(true);
      }
    });
    writerThread.start();
    int passes = 0;
    try (RunReader reader = new RunReader(run.getParent().resolve("run"))) {
      while (!done.get()) {
        if (java.nio.file.Files.isDirectory(run)) {
          ReadResult r = reader.readAvailable(sink);
          assertEquals(0, r.corruptFrames(), r.problems().toString());
          passes++;
        }
        Thread.sleep(3);
      }
      writerThread.join();
      ReadResult last = reader.readAvailable(sink);
      assertEquals(0, last.corruptFrames());
      assertTrue(reader.files().size() > 1, "the writer rotated");
    }
    assertTrue(passes > 1);
    assertEquals(points, steps.size());
    for (int i = 0; i < points; i++) {
      assertEquals(i, steps.get(i));
      assertEquals(i * 0.5, values.get(i));
    }
    assertEquals(10, histograms[0]);
  }
}
