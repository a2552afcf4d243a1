package org.visualdl.api.compute;

import org.osgi.annotation.versioning.ProviderType;

/** What a running computation reports, and how it learns it should stop. */
@ProviderType
public interface ComputeProgress {

  /**
   * Reports progress.
   *
   * @param fraction done so far, from 0 to 1
   * @param partialResult an intermediate result requests may see while the work runs, or null
   */
  void update(double fraction, Object partialResult);

  /** Whether nobody waits for the result any more; the computation should return soon. */
  boolean cancelled();
}
