package org.visualdl.api.format;

import org.osgi.annotation.versioning.ProviderType;
import org.visualdl.api.HistogramSample;
import org.visualdl.api.Kind;

/**
 * Receives what a {@link LogFileReader} reads. Tags need no declaration before data; declaring
 * them with {@link #tablet} adds display names and descriptions. Wall times are milliseconds since
 * the epoch. The maintainer applies the duplicate-step rule (the latest wall time wins).
 */
@ProviderType
public interface RecordSink {

  /** Declares a tag of a kind, with optional display name, description and owning plugin. */
  void tablet(String tag, Kind kind, String displayName, String description, String pluginName);

  /**
   * Scalar points of a tag: {@code count} entries of the arrays, in the order they were written.
   * Readers may reuse the arrays after the call returns, so a sink copies what it keeps.
   */
  void scalars(String tag, long[] steps, double[] values, long[] wallTimesMs, int count);

  /** One histogram of a tag. */
  void histogram(String tag, HistogramSample sample);

  /**
   * One image of a tag, whose bytes stay on disk.
   *
   * @param locator handed back to {@link LogFormat#readImage} to read the bytes again
   */
  void image(String tag, long step, long wallTimeMs, String mediaType, int width, int height,
      int channels, long byteSize, long locator);

  /**
   * One embedding of a tag, which stays on disk.
   *
   * @param locator handed back to {@link LogFormat#readEmbedding}
   */
  void embedding(String tag, long step, long wallTimeMs, int rows, int dims, long locator);

  /** One text of a tag. */
  void text(String tag, long step, long wallTimeMs, String markdown);

  /**
   * Data of a plugin-defined kind, kept on disk. The tag's kind is the plugin's name (lower-case
   * letters, digits, '-' and '_'); a format stores data of plugins nobody renders yet this way.
   *
   * @param locator handed back to {@link LogFormat#readPluginData}
   */
  void pluginData(String tag, String plugin, int dataVersion, long step, long wallTimeMs,
      long byteSize, long locator);
}
