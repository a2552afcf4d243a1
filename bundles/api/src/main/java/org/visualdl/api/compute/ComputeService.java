package org.visualdl.api.compute;

import org.osgi.annotation.versioning.ProviderType;

/** Runs registered {@link Computation}s on a bounded executor and caches their results. */
@ProviderType
public interface ComputeService {

  /**
   * Returns the current status of the request's result, starting the work when there is no
   * current result. Never blocks on the computation itself.
   */
  ComputeStatus request(ComputeRequest request);
}
