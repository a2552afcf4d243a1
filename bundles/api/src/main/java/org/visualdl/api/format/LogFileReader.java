package org.visualdl.api.format;

import java.io.Closeable;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads one file of a log format from where it stopped: the maintainer calls
 * {@link #readAvailable} again whenever the file may have grown. One thread at a time calls it.
 *
 * <p>A cut-off last record is not an error: leave it for the next call. Damage (a bad checksum,
 * a record that does not decode) is skipped and reported in {@link ReadStatus#problems()}; the
 * rest of the file still loads. Never allocate by a length field that was not checked against
 * the bytes present and a sane bound.
 */
@ConsumerType
public interface LogFileReader extends Closeable {

  /**
   * Delivers everything complete between where the last call stopped and the end of the file.
   *
   * @throws IOException when the file cannot be read at all (deleted, permission denied)
   */
  ReadStatus readAvailable(RecordSink sink) throws IOException;
}
