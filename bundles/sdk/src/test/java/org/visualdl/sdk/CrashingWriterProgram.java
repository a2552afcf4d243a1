package org.visualdl.sdk;

import java.nio.file.Path;

/**
 * Run by {@link CrashTest} in a child JVM: writes, flushes, prints how far it flushed, keeps
 * writing without end until it is killed.
 */
public final class CrashingWriterProgram {
  public static void main(String[] args) throws Exception {
    LogWriter log = LogWriter.open(Path.of(args[0]));
    long step = 0;
    for (int round = 0; ; round++) {
      for (int i = 0; i < 20_000; i++, step++) {
        log.addScalar("loss", step, step * 0.25, 1_700_000_000_000L + step);
        log.addScalar("acc", step, -step, 1_700_000_000_000L + step);
      }
      log.addText("note", step, "round " + round);
      log.flush();
      // Everything below this step is in the file.
      System.out.println("FLUSHED " + step);
      System.out.flush();
    }
  }
}
