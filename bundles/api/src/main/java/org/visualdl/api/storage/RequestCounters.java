package org.visualdl.api.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The requests a {@link StorageBackend} made of its store since it started, under the names
 * {@link StorageBackend#counters()} reports. Thread-safe and cheap to bump; what one request is
 * depends on the store (its README says: an S3 {@code ListObjectsV2} page, an HDFS
 * {@code getListing} RPC, ...).
 *
 * <pre>{@code
 * final RequestCounters counters = new RequestCounters();
 * public Map<String, Long> counters() { return counters.snapshot(); }
 * ... counters.list.increment(); ... counters.bytesRead.add(n); ...
 * }</pre>
 */
public final class RequestCounters {
  /** Listing requests (pages or RPCs). */
  public final LongAdder list = new LongAdder();
  /** Requests for one file's size and time. */
  public final LongAdder stat = new LongAdder();
  /** Read requests (ranged GETs, stream opens and positional reads). */
  public final LongAdder get = new LongAdder();
  /** Write requests (objects put, files created or opened for append). */
  public final LongAdder put = new LongAdder();
  /** Delete requests. */
  public final LongAdder delete = new LongAdder();
  public final LongAdder bytesRead = new LongAdder();
  public final LongAdder bytesWritten = new LongAdder();
  /** Requests that failed (a "no such file" answer is an answer, not a failure). */
  public final LongAdder errors = new LongAdder();

  /** The counts now, by name, in a fixed order. */
  public Map<String, Long> snapshot() {
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
