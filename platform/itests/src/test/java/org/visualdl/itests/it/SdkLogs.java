package org.visualdl.itests.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
}
