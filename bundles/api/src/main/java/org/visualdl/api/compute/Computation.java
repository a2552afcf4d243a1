package org.visualdl.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named computation. Register an implementation as an OSGi service; {@link ComputeService}
 * runs it on its executor. Implementations must be thread-safe (several requests may run at once)
 * and should check {@link ComputeProgress#cancelled()} in long loops.
 */
@ConsumerType
public interface Computation {

  /** The name requests use, unique among registered computations. */
  String name();

  /**
   * Computes the result of a request.
   *
   * @return the result, handed to whoever asks (keep it immutable)
   * @throws Exception any failure, reported as a FAILED status with the exception's message
   */
  Object compute(ComputeRequest request, ComputeProgress progress) throws Exception;
}
