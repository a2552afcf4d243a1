package org.visualdl.maintainer.internal;

import java.nio.file.Path;
import java.util.List;
import org.visualdl.api.LogStore;
import org.visualdl.api.format.LogFormat;

/**
 * The maintainer without OSGi and without threads, for benchmarks and tools that load a log
 * directory in their own JVM exactly as the server does. Not exported: plain class-path use only.
 *
 * <pre>
 * try (StandaloneMaintainer m = StandaloneMaintainer.load(Path.of("runs"), new RecordLogFormat())) {
 *   ScalarPoints p = m.store().scalars("run-000", "tag-00", ScalarQuery.everyPoint()).orElseThrow();
 * }
 * </pre>
 */
public final class StandaloneMaintainer implements AutoCloseable {
  private final InformationMaintainer maintainer = new InformationMaintainer();

  private StandaloneMaintainer() {}

  /** Reads everything {@code logdir} holds now with the given formats (one pass, this thread). */
  public static StandaloneMaintainer load(Path logdir, LogFormat... formats) {
    StandaloneMaintainer m = new StandaloneMaintainer();
    m.maintainer.configure(List.of(new LogDirectory("", logdir.toAbsolutePath())), formats);
    m.maintainer.scan();
    return m;
  }

  /** Reads what was added since the last pass. */
  public void scan() {
    maintainer.scan();
  }

  /** What the server would answer. */
  public LogStore store() {
    return maintainer;
  }

  @Override
  public void close() {
    maintainer.stop();
  }
}
