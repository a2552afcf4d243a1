package org.visualdl.plugin.histogram.internal;

import org.visualdl.api.compute.ComputeRequest;
import org.visualdl.api.compute.ComputeService;
import org.visualdl.api.compute.ComputeStatus;
import org.visualdl.api.frontend.RouteException;

/**
 * Asks the compute service for a result and waits a short while for it. Histogram computations
 * take milliseconds, so a route answers with the result in the common case and with "running"
 * (the page asks again) only when the executor is busy.
 */
final class ComputeWait {
  private ComputeWait() {}

  /** The status once done, failed, or when {@code waitMs} has passed. */
  static ComputeStatus await(ComputeService compute, ComputeRequest request, long waitMs) {
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    long pause = 5;
    while (true) {
      ComputeStatus s = compute.request(request);
      if (s.state() == ComputeStatus.State.DONE) {
        return s;
      }
      if (s.state() == ComputeStatus.State.FAILED) {
        throw new RouteException(
            RouteException.Status.UNAVAILABLE, request.computation() + " failed: " + s.error());
      }
      if (System.nanoTime() >= deadline) {
        return s;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return s;
      }
      pause = Math.min(50, pause * 2);
    }
  }
}
