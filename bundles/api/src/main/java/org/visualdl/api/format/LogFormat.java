package org.visualdl.api.format;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A log file format. Register an implementation as an OSGi service (for example with
 * {@code @Component(service = LogFormat.class)}). A format reads only through the {@link LogFile}
 * it is given, so the same format reads local folders, HDFS and S3.
 *
 * <pre>{@code
 * public boolean recognizes(LogFile file) { return file.name().contains("tfevents"); }
 * public LogFileReader open(LogFile file) { return new EventFileReader(file); }
 * }</pre>
 */
@ConsumerType
public interface LogFormat {

  /** A short name for messages, for example {@code "tensorboard"}. */
  String name();

  /**
   * Whether files like this one are of this format, judged by its name and listing alone
   * (cheap, no reads: it is asked for every file of every log directory on every scan).
   */
  boolean recognizes(LogFile file);

  /**
   * Opens a reader that reads the file from its start, then again each time it grows. Opening
   * should not read yet: the first {@link LogFileReader#readAvailable} does.
   */
  LogFileReader open(LogFile file) throws IOException;

  /**
   * Reads the payload of a blob again, in its kind's payload schema (for our own and foreign
   * formats alike: the format translates).
   *
   * @param file the file the blob was read from
   * @param locator what the reader passed to {@link RecordSink#blob}
   * @throws IOException when the file can no longer be read or holds no blob there
   */
  byte[] readBlob(LogFile file, long locator) throws IOException;
}
