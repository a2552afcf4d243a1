package org.visualdl.api.compute;

/**
 * Where a computation stands.
 *
 * @param state queued, running, done or failed
 * @param progress from 0 to 1
 * @param result the result when done, the latest intermediate result while running, else null
 * @param error what went wrong when failed, else null
 */
public record ComputeStatus(State state, double progress, Object result, String error) {
  /** States of a computation. */
  public enum State {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
  }
}
