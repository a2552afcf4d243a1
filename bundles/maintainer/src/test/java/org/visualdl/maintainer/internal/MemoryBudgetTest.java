package org.visualdl.maintainer.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visualdl.api.StoreStatus;
import org.visualdl.sdk.LogWriter;

class MemoryBudgetTest {
  @TempDir Path logs;
  private final InformationMaintainer maintainer = new InformationMaintainer();

  @AfterEach
  void stop() {
    maintainer.stop();
  }

  @Test
  void theFirstPassStopsAtTheBudgetInsteadOfReadingEveryRun() throws Exception {
    int runs = 10;
    int steps = 20_000;
    java.util.Random rnd = new java.util.Random(3);
    for (int r = 0; r < runs; r++) {
      try (LogWriter w = LogWriter.open(logs.resolve("run-" + r))) {
        float level = 0;
        for (int step = 0; step < steps; step++) {
          level += (float) rnd.nextGaussian();
          w.addScalar("loss", step, level);
        }
      }
    }
    // About three runs' worth of compressed points.
    maintainer.configureLimits(SampleLimits.DEFAULTS, 150_000);
    maintainer.configure(LogDirectory.parse(logs.toString()), new org.visualdl.storage.RecordLogFormat());
    maintainer.scan();
    StoreStatus s = maintainer.status();
    assertTrue(s.scalarPoints() > 0, "points loaded: " + s.scalarPoints());
    assertTrue(s.scalarPoints() < (long) runs * steps / 2, "points loaded: " + s.scalarPoints());
    assertTrue(s.problems().stream().anyMatch(p -> p.contains("memory budget")), s.problems().toString());
  }
}
