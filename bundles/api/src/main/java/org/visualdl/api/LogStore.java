package org.visualdl.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the Information Maintainer knows about the served log directories, read from memory.
 * Registered as an OSGi service; plugins {@code @Reference} it.
 *
 * <p>Duplicate steps: when a step of a tablet was written more than once (a resumed run), the
 * value with the latest wall time wins; on equal wall times, the one read last. This holds for
 * every kind.
 *
 * <p>Heavy kinds (histograms, images, embeddings, texts, plugin data) keep a bounded sample per
 * tablet, spread over the steps, that always holds the newest; their large bytes stay on disk and
 * are read on demand.
 */
@ProviderType
public interface LogStore {

  /** Every run, sorted by name. */
  List<RunInfo> runs();

  /** Every tablet of the given kind in every run, sorted by run, then tag. */
  List<TabletInfo> tablets(Kind kind);

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
   * The points of a scalar tablet within the query's range, or empty when the run or tag does not
   * exist.
   */
  Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query);

  /** The last point of a scalar tablet (the largest step), or empty. */
  Optional<ScalarPoint> latestScalar(String run, String tag);

  /** The kept histograms of a tablet in step order, or empty when it does not exist. */
  Optional<List<HistogramSample>> histograms(String run, String tag);

  /** The kept images of a tablet in step order, or empty when it does not exist. */
  Optional<List<ImageSample>> images(String run, String tag);

  /**
   * The encoded bytes of the kept image at a step, read from disk.
   *
   * @return empty when there is no kept image at that step
   * @throws java.io.UncheckedIOException when the file can no longer be read
   */
  Optional<byte[]> imageBytes(String run, String tag, long step);

  /** The kept embeddings of a tablet in step order, or empty when it does not exist. */
  Optional<List<EmbeddingSample>> embeddings(String run, String tag);

  /**
   * The kept embedding at a step, read from disk.
   *
   * @throws java.io.UncheckedIOException when the file can no longer be read
   */
  Optional<EmbeddingMatrix> embedding(String run, String tag, long step);

  /** The kept texts of a tablet in step order, or empty when it does not exist. */
  Optional<List<TextSample>> texts(String run, String tag);

  /** The kept plugin data of a tablet of a plugin-defined kind, in step order. */
  Optional<List<PluginDataSample>> pluginSamples(String run, String tag, Kind kind);

  /**
   * The bytes of the kept plugin data at a step, read from disk.
   *
   * @throws java.io.UncheckedIOException when the file can no longer be read
   */
  Optional<byte[]> pluginData(String run, String tag, Kind kind, long step);

  /**
   * A number that changes whenever the tablet receives data; 0 when it does not exist. Use it to
   * tell whether a result computed from the tablet is still current.
   */
  long dataVersion(String run, String tag, Kind kind);

  /** A summary of the store for health checks. */
  StoreStatus status();
}
