package org.visualdl.api;

import java.util.Map;
import java.util.Objects;

/**
 * How one served log directory is reached: whether its latest listing succeeded, and the
 * requests its storage backend made.
 *
 * @param location the log directory as served ({@code /path}, {@code hdfs://nn:8020/logs},
 *     {@code s3://bucket/prefix}, with {@code name:} in front when named)
 * @param state {@code "ok"} when its latest listing succeeded (or none was made yet),
 *     {@code "unreachable"} while listing it fails; what was loaded from it stays served
 * @param error while unreachable, one line saying what is wrong and what to do; otherwise
 *     {@code ""}
 * @param sinceMs when the directory entered this state, milliseconds since the epoch (0 before
 *     its first listing)
 * @param nextRetryMs while unreachable, when the next listing is tried (the interval doubles
 *     with each failure, up to a minute); otherwise 0
 * @param counters the directory's storage backend's request and byte counts (for example
 *     {@code list}, {@code get}, {@code bytesRead}), shared by every directory on that backend
 */
public record LogDirectoryStatus(
    String location,
    String state,
    String error,
    long sinceMs,
    long nextRetryMs,
    Map<String, Long> counters) {

  /** The state of a directory whose latest listing succeeded. */
  public static final String OK = "ok";

  /** The state of a directory that cannot be listed now. */
  public static final String UNREACHABLE = "unreachable";

  public LogDirectoryStatus {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(state, "state");
    error = error == null ? "" : error;
    counters = counters == null ? Map.of() : Map.copyOf(counters);
  }

  /** Whether listing the directory fails now. */
  public boolean unreachable() {
    return UNREACHABLE.equals(state);
  }
}
