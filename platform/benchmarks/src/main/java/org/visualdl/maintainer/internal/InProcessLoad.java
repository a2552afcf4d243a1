package org.visualdl.maintainer.internal;

import java.nio.file.Path;
import java.util.List;
import org.visualdl.api.ScalarQuery;
import org.visualdl.api.format.LogFormat;

/**
 * Loads a log directory into the maintainer in this JVM, as the server does, with one log
 * format, and counts the scalar points it then holds: the load half of TensorBoardLoadBenchmark.
 */
public final class InProcessLoad {
  private InProcessLoad() {}

  /** Loads {@code logdir} and returns the number of points of the given runs and tags. */
  public static long load(Path logdir, LogFormat format, List<String> runs, List<String> tags) {
    InformationMaintainer m = new InformationMaintainer();
    try {
      m.configure(List.of(new LogDirectory("", logdir.toAbsolutePath())), format);
      m.scan();
      long points = 0;
      for (String run : runs) {
        for (String tag : tags) {
          points += m.scalars(run, tag, ScalarQuery.everyPoint()).orElseThrow(
              () -> new IllegalStateException("no " + run + "/" + tag + " in the maintainer"))
              .size();
        }
      }
      return points;
    } finally {
      m.stop();
    }
  }
}
