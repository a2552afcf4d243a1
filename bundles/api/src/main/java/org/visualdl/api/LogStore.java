package org.visualdl.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the Information Maintainer knows about the served log directories, read from memory.
 * Registered as an OSGi service; plugins {@code @Reference} it.
 *
 * <p>Duplicate steps: when a step of a series was written more than once (a resumed run), the
 * value with the latest wall time wins; on equal wall times, the one read last.
 */
@ProviderType
public interface LogStore {

  /** Every run, sorted by name. */
  List<RunInfo> runs();

  /** Every tablet of the given kind in every run, sorted by run, then tag. */
  List<TabletInfo> tablets(Kind kind);

  /** The tablet of that run, tag and kind, if it exists. */
  Optional<TabletInfo> tablet(String run, String tag, Kind kind);

  /**
   * The points of a scalar tablet within the query's range, or empty when the run or tag does not
   * exist.
   */
  Optional<ScalarPoints> scalars(String run, String tag, ScalarQuery query);

  /** A summary of the store for health checks. */
  StoreStatus status();
}
