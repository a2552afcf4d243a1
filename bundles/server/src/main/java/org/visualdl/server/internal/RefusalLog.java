package org.visualdl.server.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One short log line per minute at most about refused requests (malformed queries, foreign
 * {@code Host} headers), so that a flood of bad requests cannot flood the log: the first is
 * logged, the rest of the minute are counted and their number is given with the next line.
 */
final class RefusalLog {
  static final long INTERVAL_MS = 60_000;

  private final Logger log;
  private final AtomicLong nextLogAt = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  RefusalLog(Logger log) {
    this.log = log;
  }

  /** Logs {@code what} unless a line was logged less than a minute ago. */
  void refused(int status, String what) {
    long now = System.currentTimeMillis();
    long next = nextLogAt.get();
    if (now >= next && nextLogAt.compareAndSet(next, now + INTERVAL_MS)) {
      long more = suppressed.getAndSet(0);
      String line = what.length() > 200 ? what.substring(0, 200) + "..." : what;
      log.warn("Refused a request ({}): {}{}", status, line.replaceAll("\\p{Cntrl}", "?"),
          more > 0 ? " (and " + more + " more refused in the last minute)" : "");
    } else {
      suppressed.incrementAndGet();
    }
  }
}
