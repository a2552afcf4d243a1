package org.visualdl.maintainer.internal;

import java.util.Map;
import org.visualdl.api.LogDirectoryStatus;
import org.visualdl.api.storage.FileStat;
import org.visualdl.api.storage.StorageBackend;

/**
 * One served log directory while the maintainer runs: the backend that holds it, its latest
 * listing (every file by its path below the root, the files no format reads too, so that formats
 * find their side files), whether listing it works, and when it is listed next.
 *
 * <p>A listing that fails leaves the latest listing and everything loaded as they are; the next
 * try waits one poll interval, then twice as long after each failure, up to {@value #MAX_BACKOFF_MS}
 * ms. The scan thread changes it; queries and the status read it.
 */
final class ServedDirectory {
  static final long MAX_BACKOFF_MS = 60_000;

  /** The directory as configured. */
  final LogDirectory spec;
  private final long pollIntervalMs;
  /** The directory as served: the spec, or its folder and file when it is a file. */
  private volatile LogDirectory resolved;
  private volatile StorageBackend backend;
  private volatile Map<String, FileStat> latest = Map.of();
  private volatile LogDirectoryStatus status;
  private int failures;
  private long nextDueMs;

  ServedDirectory(LogDirectory spec, long pollIntervalMs) {
    this.spec = spec;
    this.pollIntervalMs = pollIntervalMs;
    this.status = new LogDirectoryStatus(spec.toString(), LogDirectoryStatus.OK, "", 0, 0,
        Map.of());
  }

  /** The directory as served, or null until the first scan learnt whether it is a file. */
  LogDirectory resolved() {
    return resolved;
  }

  void resolve(LogDirectory served) {
    resolved = served;
  }

  StorageBackend backend() {
    return backend;
  }

  void backend(StorageBackend b) {
    backend = b;
  }

  /** The latest listing: every file below the root by its path relative to it. */
  Map<String, FileStat> latest() {
    return latest;
  }

  void latest(Map<String, FileStat> files) {
    latest = Map.copyOf(files);
  }

  /** Whether a poll (not a forced scan) should list it at {@code nowMs}. */
  synchronized boolean due(long nowMs) {
    return nowMs >= nextDueMs;
  }

  /** Whether listing it fails now. */
  boolean unreachable() {
    return status.unreachable();
  }

  /** The listing worked: "ok" (again), and the next poll one interval later. */
  synchronized void listed(long nowMs) {
    failures = 0;
    nextDueMs = nowMs + pollIntervalMs;
    if (!LogDirectoryStatus.OK.equals(status.state()) || status.sinceMs() == 0) {
      status = new LogDirectoryStatus(spec.toString(), LogDirectoryStatus.OK, "", nowMs, 0,
          Map.of());
    }
  }

  /**
   * The listing failed: "unreachable", the next try after the backoff.
   *
   * @return whether this is news (it was ok, or fails for another reason now), to report once
   */
  synchronized boolean failed(String error, long nowMs) {
    failures++;
    long delay = pollIntervalMs << Math.min(failures - 1, 20);
    delay = Math.min(Math.max(delay, pollIntervalMs), Math.max(MAX_BACKOFF_MS, pollIntervalMs));
    nextDueMs = nowMs + delay;
    boolean news = !status.unreachable() || !status.error().equals(error);
    long since = news ? nowMs : status.sinceMs();
    status = new LogDirectoryStatus(spec.toString(), LogDirectoryStatus.UNREACHABLE, error, since,
        nextDueMs, Map.of());
    return news;
  }

  /** Lists it at the next poll (a backend came). */
  synchronized void retrySoon() {
    nextDueMs = 0;
  }

  /** The state for the health report, with the backend's current counters. */
  LogDirectoryStatus status() {
    LogDirectoryStatus s = status;
    StorageBackend b = backend;
    Map<String, Long> counters = Map.of();
    if (b != null) {
      try {
        counters = b.counters();
      } catch (RuntimeException e) {
        counters = Map.of();
      }
    }
    return new LogDirectoryStatus(s.location(), s.state(), s.error(), s.sinceMs(),
        s.nextRetryMs(), counters);
  }

  @Override
  public String toString() {
    return spec.toString();
  }
}
