package org.visualdl.storage.hdfs.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link HdfsBackend} asked of HDFS since it started, for
 * {@link org.visualdl.api.storage.StorageBackend#counters()}. Thread-safe and cheap to bump.
 */
final class HdfsCounters {

  /** {@code getListing} RPCs to the NameNode: one per page of one folder. */
  final LongAdder list = new LongAdder();
  /** {@code getFileInfo} RPCs ({@code getFileStatus}, {@code exists}). */
  final LongAdder stat = new LongAdder();
  /** Stream opens ({@code getBlockLocations}) and positional reads from DataNodes. */
  final LongAdder get = new LongAdder();
  /** Files created or opened for append. */
  final LongAdder put = new LongAdder();
  /** Files deleted. */
  final LongAdder delete = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  /** Calls that failed (any exception from Hadoop's client). */
  final LongAdder errors = new LongAdder();

  Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("list", list.sum());
    m.put("stat", stat.sum());
    m.put("get", get.sum());
    m.put("put", put.sum());
    m.put("delete", delete.sum());
    m.put("bytesRead", bytesRead.sum());
    m.put("bytesWritten", bytesWritten.sum());
    m.put("errors", errors.sum());
    return Collections.unmodifiableMap(m);
  }
}
