package org.visualdl.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the Information Maintainer knows about the served log directories, read from memory.
 * Registered as an OSGi service; plugins {@code @Reference} it.
 *
 * <p>Whatever its kind, a tablet's data has one of three shapes, as in TensorBoard's
 * DataProvider, and this interface speaks only these:
 *
 * <ol>
 *   <li><b>scalar series</b> (kind {@link Kind#SCALAR}): every point kept in columns with block
 *       summaries; {@link #scalars} answers ranges, downsampled so that every spike stays.
 *   <li><b>samples</b>: small payloads kept in memory, a bounded reservoir per tablet that always
 *       holds the newest ({@link #samples}).
 *   <li><b>blob sequences</b>: large payloads whose bytes stay on disk; {@link #blobs} lists them
 *       and {@link #blob} reads one again.
 * </ol>
 *
 * <p>Duplicate steps: when a step of a tablet was written more than once (a resumed run), the
 * record with the latest wall time wins; on equal wall times, the one read last. This holds for
 * every shape.
 */
@ProviderType
public interface LogStore {

  /** Every run, sorted by name. */
  List<RunInfo> runs();

  /** Every tablet of the given kind in every run, sorted by run, then tag. */
  List<TabletInfo> tablets(Kind kind);

  /** Every tablet of one run, of every kind, sorted by kind, then tag; empty for no such run. */
  List<TabletInfo> tablets(String run);

  /**
   * The tags of one kind by run, both sorted: what {@code GET /api/plugins/{name}/tags} answers
   * for a plugin that shows that kind.
   */
  default Map<String, List<String>> tagsByRun(Kind kind) {
    Map<String, List<String>> byRun = new TreeMap<>();
    for (TabletInfo t : tablets(kind)) {
      byRun.computeIfAbsent(t.run(), r -> new ArrayList<>()).add(t.tag());
    }
    return byRun;
  }

  /** The tablet of that run, tag and kind, if it exists. */
  Optional<TabletInfo> tablet(String run, String tag, Kind kind);

  /**
   * The points of a scalar series within the query's range, or empty when the run or tag does not
   * exist.
   */
  Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query);

  /** The last point of a scalar series (the largest step), or empty. */
  Optional<ScalarPoint> latestScalar(String run, String tag);

  /**
   * The kept samples of a samples tablet in step order, or empty when there is no such tablet (or
   * it holds blobs).
   */
  Optional<List<Sample>> samples(String run, String tag, Kind kind);

  /**
   * The kept blobs of a blob-sequence tablet in step order, then index, or empty when there is no
   * such tablet (or it holds samples).
   */
  Optional<List<BlobRef>> blobs(String run, String tag, Kind kind);

  /**
   * The payload of one kept blob, read again from disk through the format that wrote it, in the
   * kind's payload schema.
   *
   * @return empty when no blob is kept at that step and index
   * @throws java.io.UncheckedIOException when the file can no longer be read
   */
  Optional<byte[]> blob(String run, String tag, Kind kind, long step, int index);

  /**
   * A number that changes whenever the tablet receives data; 0 when it does not exist. Use it to
   * tell whether a result computed from the tablet is still current.
   */
  long dataVersion(String run, String tag, Kind kind);

  /** A summary of the store for health checks. */
  StoreStatus status();
}
