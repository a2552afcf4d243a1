package org.visualdl.itests.remote;

import java.net.URI;
import org.visualdl.sdk.LogWriter;

/**
 * A training program in a JVM of its own that logs a scalar to an HDFS run through
 * {@code LogWriter.open(URI)} until it is killed. After each {@code flush()} it prints
 * {@code flushed <step>}: every step up to that one is on HDFS (hflushed).
 *
 * <p>Arguments: the run URI, the tag. Run by {@code HdfsEndToEndIT} with the class path a user
 * has: this class, the distribution's {@code lib/*} and {@code lib/storage/*}.
 */
public final class HdfsKilledWriter {
  private HdfsKilledWriter() {}

  static double value(long step) {
    return Math.cos(step / 13.0) * 100 + step;
  }

  public static void main(String[] args) throws Exception {
    URI run = URI.create(args[0]);
    String tag = args[1];
    LogWriter log = LogWriter.open(run);
    for (long step = 0; ; step++) {
      log.addScalar(tag, step, value(step));
      if (step % 20 == 19) {
        log.flush();
        System.out.println("flushed " + step);
        System.out.flush();
        Thread.sleep(50);
      }
    }
  }
}
