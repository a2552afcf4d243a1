package org.visualdl.maintainer.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visualdl.api.StoreProblem;

/**
 * The problems the maintainer found, one entry per (path, cause) with a count and the first and
 * last time. A problem found again in the scan right after the one that found it (an unreadable
 * folder, on every poll) is the same occurrence: only its last time moves. It counts again when it
 * comes back after a scan without it. Each entry is logged once, when first found, so nothing
 * floods the log, and repeats never push other entries out. At most {@code limit} distinct entries
 * are kept, the earliest; later distinct ones are only counted.
 */
final class ProblemLog {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemLog.class);

  /** A problem as found: the file, folder or run it is about, and what was wrong. */
  record Problem(String path, String cause) {}

  private record Key(String path, String cause) {}

  private static final class Entry {
    long count;
    final long firstMs;
    long lastMs;

    Entry(long now) {
      firstMs = now;
      lastMs = now;
    }
  }

  private final int limit;
  private final LongSupplier clock;
  private final Map<Key, Entry> entries = new LinkedHashMap<>();
  private long notListed;
  private Set<Key> thisScan = new HashSet<>();
  private Set<Key> lastScan = new HashSet<>();

  ProblemLog(int limit, LongSupplier clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Records a problem; returns true when it is new (not seen before). */
  synchronized boolean report(String path, String cause) {
    Key key = new Key(path == null ? "" : path, cause);
    Entry e = entries.get(key);
    long now = clock.getAsLong();
    boolean ongoing = !thisScan.add(key) || lastScan.contains(key);
    if (e != null) {
      if (!ongoing) {
        e.count++;
      }
      e.lastMs = now;
      return false;
    }
    if (ongoing && entries.size() >= limit) {
      return false;
    }
    if (entries.size() >= limit) {
      if (notListed++ == 0) {
        LOG.warn("{} distinct problems listed; further ones are counted in /api/health only",
            limit);
      }
      return false;
    }
    e = new Entry(now);
    e.count = 1;
    entries.put(key, e);
    LOG.warn(key.path().isEmpty() ? "{}{}" : "{}: {}", key.path(), key.cause());
    return true;
  }

  /** Ends a scan: problems found in it and again in the next are one occurrence. */
  synchronized void scanDone() {
    lastScan = thisScan;
    thisScan = new HashSet<>();
  }

  /** Whether a problem with that path and cause is listed. */
  synchronized boolean has(String path, String cause) {
    return entries.containsKey(new Key(path, cause));
  }

  synchronized List<StoreProblem> list() {
    List<StoreProblem> out = new ArrayList<>(entries.size());
    entries.forEach((k, e) -> out.add(new StoreProblem(k.path(), k.cause(), e.count, e.firstMs,
        e.lastMs)));
    return out;
  }

  /** Distinct problems found after the list was full. */
  synchronized long notListed() {
    return notListed;
  }
}
