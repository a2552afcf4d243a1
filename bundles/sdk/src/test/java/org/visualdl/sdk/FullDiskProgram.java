package org.visualdl.sdk;

import java.io.IOException;
import java.nio.file.Path;

/** Run by {@link LogWriterFailureTest} in a child JVM whose file size is limited. */
public final class FullDiskProgram {
  public static void main(String[] args) throws Exception {
    LogWriter log = LogWriter.open(Path.of(args[0]));
    try {
      for (int i = 0; i < 10_000_000; i++) {
        log.addScalar("loss", i, Math.random());
        if (i % 10_000 == 0) {
          log.flush();
        }
      }
      System.out.println("NO FAILURE");
    } catch (IOException | RuntimeException e) {
      System.out.println("FAILED " + e + " / cause " + e.getCause());
    }
    try {
      log.close();
      System.out.println("CLOSED");
    } catch (IOException e) {
      System.out.println("CLOSE FAILED " + e.getMessage());
    }
  }
}
