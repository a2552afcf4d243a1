package org.visualdl.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import org.visualdl.maintainer.internal.StandaloneMaintainer;
import org.visualdl.storage.RecordLogFormat;

/**
 * Loads a log directory into the maintainer on this thread, as one loader thread of the server
 * does, and prints wall and thread CPU seconds and points: {@code DIR [REPEAT]}. Run it in a
 * fresh JVM with a build's maintainer jar first on the class path to compare builds.
 */
public final class InProcessLoad {
  private InProcessLoad() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    var cpu = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < repeat; i++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      try (StandaloneMaintainer m = StandaloneMaintainer.load(dir, new RecordLogFormat())) {
        long t1 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        long points = m.store().status().scalarPoints();
        System.out.printf(Locale.ROOT, "RESULT %d %.3f %.3f %.1f%n", points, (t1 - t0) / 1e9,
            (c1 - c0) / 1e9, points / ((c1 - c0) / 1e9) / 1e6);
      }
    }
  }
}
