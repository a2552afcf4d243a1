package org.visualdl.itests.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.visualdl.proto.Shape;
import org.visualdl.sdk.LogWriter;

/**
 * Writes test logs with the public Java SDK, as a training program would. Runs in the test JVM
 * only (from {@code @Configuration} methods): the SDK is on the test class path, not a bundle of
 * the runtime under test, so this class is kept apart from the code that runs in the framework.
 */
final class SdkLogs {
  private SdkLogs() {}

  /** Logs every series of {@link ScalarData}, one writer per run folder, and closes them. */
  static Path writeScalarData(Path logdir) {
    try {
      for (String run : ScalarData.tagsByRun().keySet()) {
        try (LogWriter log = LogWriter.open(logdir.resolve(run).normalize())) {
          for (ScalarData.Series s : ScalarData.ALL) {
            if (!s.run().equals(run)) {
              continue;
            }
            for (long step : s.steps()) {
              log.addScalar(s.tag(), step, s.value(step));
            }
          }
          log.flush();
        }
      }
      return logdir;
    } catch (IOException e) {
      throw new UncheckedIOException("writing test logs into " + logdir + " failed", e);
    }
  }

  /**
   * Logs the kind {@code tally} of PluginKindIT: run {@code run}, tag {@code clicks} as samples
   * (counts 0, 10, ... 40 at steps 0-4, then one of payload version 2 at step 5) and tag
   * {@code scans} as blobs (counts 0, 100, ... 400, header "scan N").
   */
  static Path writeTallies(Path logdir) {
    try (LogWriter w = LogWriter.open(logdir.resolve("run"))) {
      for (long step = 0; step < 5; step++) {
        w.addPluginData("tally", 1, Shape.SHAPE_SAMPLES, "clicks", step, count(step * 10),
            new byte[0]);
        w.addPluginData("tally", 1, Shape.SHAPE_BLOBS, "scans", step, count(step * 100),
            ("scan " + step).getBytes(StandardCharsets.UTF_8));
      }
      w.addPluginData("tally", 2, Shape.SHAPE_SAMPLES, "clicks", 5, new byte[] {1}, new byte[0]);
      return logdir;
    } catch (IOException e) {
      throw new UncheckedIOException("writing tally logs into " + logdir + " failed", e);
    }
  }

  private static byte[] count(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }
}
