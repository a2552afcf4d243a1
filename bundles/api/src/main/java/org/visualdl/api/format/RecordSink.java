package org.visualdl.api.format;

import org.osgi.annotation.versioning.ProviderType;
import org.visualdl.api.Kind;

/**
 * Receives what a {@link LogFileReader} reads, in the three shapes of the data model (see
 * {@link org.visualdl.api.LogStore}). Tags need no declaration before data; declaring them with
 * {@link #tablet} adds display names and descriptions. Wall times are milliseconds since the epoch.
 * The maintainer applies the duplicate-step rule (the latest wall time wins).
 *
 * <p>A format translates foreign data into the payload schema of the kind it belongs to (the
 * built-in kinds' schemas are in the {@code org.visualdl.proto} bundle); data of a kind it does
 * not know it passes on under that kind's name with its own encoding, for a plugin to claim.
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

  /**
   * One small payload of a samples tablet, kept in memory.
   *
   * @param payload encoded in the kind's payload schema; the sink keeps the array, so do not reuse it
   */
  void sample(String tag, Kind kind, long step, long wallTimeMs, int payloadVersion, byte[] payload);

  /**
   * One blob of a blob-sequence tablet, whose bytes stay on disk.
   *
   * @param index the blob's position among the blobs of its step, from 0
   * @param header a small part of the payload to keep in memory (see
   *     {@link org.visualdl.api.BlobRef#header}); the sink keeps the array
   * @param byteSize about how many bytes {@link LogFormat#readBlob} will return
   * @param locator handed back to {@link LogFormat#readBlob} to read the payload again
   */
  void blob(String tag, Kind kind, long step, long wallTimeMs, int index, int payloadVersion,
      byte[] header, long byteSize, long locator);
}
