package org.visualdl.api.format;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;
import org.visualdl.api.EmbeddingMatrix;

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
   * Reads the encoded bytes of an image again.
   *
   * @param locator what the reader passed to {@link RecordSink#image}
   */
  byte[] readImage(Path file, long locator) throws IOException;

  /** Reads an embedding again; {@code locator} is what the reader passed to {@link RecordSink#embedding}. */
  EmbeddingMatrix readEmbedding(Path file, long locator) throws IOException;

  /**
   * Reads plugin data again; {@code locator} is what the reader passed to
   * {@link RecordSink#pluginData}. The bytes are the format's own encoding of that plugin's data
   * (for example a serialized TensorBoard {@code Summary.Value}); each format bundle's README
   * says which, so a plugin that claims the data knows how to decode it.
   */
  byte[] readPluginData(Path file, long locator) throws IOException;
}
