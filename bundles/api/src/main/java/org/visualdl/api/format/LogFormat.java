package org.visualdl.api.format;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A log file format. Register an implementation as an OSGi service (for example with
 * {@code @Component(service = LogFormat.class)}).
 *
 * <pre>{@code
 * public boolean recognizes(Path file) { return file.getFileName().toString().contains("tfevents"); }
 * public LogFileReader open(Path file) { return new EventFileReader(file); }
 * }</pre>
 */
@ConsumerType
public interface LogFormat {

  /** A short name for messages, for example {@code "tensorboard"}. */
  String name();

  /**
   * Whether files like this one are of this format, judged by the path alone (cheap: it is asked
   * for every file of every log directory on every scan).
   */
  boolean recognizes(Path file);

  /** Opens a reader that reads the file from its start, then again each time it grows. */
  LogFileReader open(Path file) throws IOException;

  /**
   * Reads the payload of a blob again, in its kind's payload schema (for our own and foreign
   * formats alike: the format translates).
   *
   * @param locator what the reader passed to {@link RecordSink#blob}
   * @throws IOException when the file can no longer be read or holds no blob there
   */
  byte[] readBlob(Path file, long locator) throws IOException;
}
