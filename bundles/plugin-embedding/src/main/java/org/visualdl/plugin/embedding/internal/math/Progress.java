package org.visualdl.plugin.embedding.internal.math;

import java.util.concurrent.CancellationException;

/** Where a long computation reports progress and learns that it should stop. */
public interface Progress {
  /** Reports nothing and never cancels. */
  Progress NONE =
      new Progress() {
        @Override
        public void report(double fraction, double[] partialPoints) {}

        @Override
        public boolean cancelled() {
          return false;
        }
      };

  /**
   * @param fraction done so far, 0 to 1
   * @param partialPoints an intermediate layout (row-major), or null
   */
  void report(double fraction, double[] partialPoints);

  boolean cancelled();

  /** Throws when the caller stopped waiting. */
  default void checkCancelled() {
    if (cancelled()) {
      throw new CancellationException("cancelled");
    }
  }

  /** This progress mapped onto the range [from, to] of a larger one; partial points pass through. */
  default Progress range(double from, double to) {
    Progress outer = this;
    return new Progress() {
      @Override
      public void report(double fraction, double[] partialPoints) {
        outer.report(from + (to - from) * fraction, partialPoints);
      }

      @Override
      public boolean cancelled() {
        return outer.cancelled();
      }
    };
  }

  /** This progress without intermediate layouts (for a preparation step). */
  default Progress withoutPoints() {
    Progress outer = this;
    return new Progress() {
      @Override
      public void report(double fraction, double[] partialPoints) {
        outer.report(fraction, null);
      }

      @Override
      public boolean cancelled() {
        return outer.cancelled();
      }
    };
  }
}
