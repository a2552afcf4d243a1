package org.visualdl.maintainer.internal;

import java.nio.file.Path;
import org.visualdl.api.LogStore;
import org.visualdl.api.format.LogFormat;
import org.visualdl.api.storage.StorageBackend;
import org.visualdl.api.storage.StorageResolver;

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

  /**
   * Reads everything {@code logdir} holds now with the given formats (one pass, this thread),
   * through the storage backends on the class path.
   */
  public static StandaloneMaintainer load(Path logdir, LogFormat... formats) {
    return load(logdir.toAbsolutePath().toString(), formats);
  }

  /**
   * Reads everything the log directories hold now ({@code --logdir} syntax: {@code /path},
   * {@code s3://bucket/prefix}, {@code name:hdfs://nn:8020/path}, comma-separated), through the
   * storage backends on the class path ({@code META-INF/services}).
   */
  public static StandaloneMaintainer load(String logdirs, LogFormat... formats) {
    return load(logdirs, StorageResolver.fromServiceLoader(), formats);
  }

  /** Reads everything the log directories hold now, through the given storage backends. */
  public static StandaloneMaintainer load(String logdirs, StorageResolver storage,
      LogFormat... formats) {
    StandaloneMaintainer m = new StandaloneMaintainer();
    m.maintainer.configureBackends(storage.backends().toArray(StorageBackend[]::new));
    m.maintainer.configure(LogDirectory.parse(logdirs), formats);
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
