package org.visualdl.storage.s3.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link S3Backend} asked of S3 since it started, for
 * {@link org.visualdl.api.storage.StorageBackend#counters()}. Thread-safe and cheap to bump.
 */
final class S3Counters {

  /** {@code ListObjectsV2} requests: one per page of up to {@code pageSize} keys. */
  final LongAdder list = new LongAdder();
  /** {@code HeadObject} requests. */
  final LongAdder stat = new LongAdder();
  /** Ranged {@code GetObject} requests. */
  final LongAdder get = new LongAdder();
  /** {@code PutObject} requests (one per segment). */
  final LongAdder put = new LongAdder();
  /** {@code DeleteObject} requests. */
  final LongAdder delete = new LongAdder();
  final LongAdder bytesRead = new LongAdder();
  final LongAdder bytesWritten = new LongAdder();
  /**
   * Requests that failed: an error answer or no answer. A 404 for a key is not counted: it is
   * the answer to "is this a plain object?" before a file's segments are listed.
   */
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
