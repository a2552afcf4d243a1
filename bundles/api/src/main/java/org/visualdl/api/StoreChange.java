package org.visualdl.api;

/**
 * Something new in the store, delivered to {@link StoreListener}s.
 *
 * @param type what happened
 * @param run the run concerned
 * @param tag the tag concerned, or empty for run events
 * @param kind the tablet's kind, or null for run events
 * @param lastStep for {@link Type#DATA}, the largest step now known for the tablet
 */
public record StoreChange(Type type, String run, String tag, Kind kind, long lastStep) {
  /** Kinds of change. */
  public enum Type {
    /** A run appeared. */
    RUN_ADDED,
    /** A run's folder went away; the run is no longer served. */
    RUN_REMOVED,
    /** A tablet appeared in a run. */
    TABLET_ADDED,
    /** A tablet received new data. */
    DATA
  }
}
