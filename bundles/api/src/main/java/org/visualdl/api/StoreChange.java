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
    /**
     * A run is no longer served: its folder or all its log files went away. Followed by
     * {@link #RUN_ADDED} of the same run in the same list when the run was read again from
     * scratch because a file of it was replaced, cut or deleted: drop what you hold of it.
     */
    RUN_REMOVED,
    /** A tablet appeared in a run. */
    TABLET_ADDED,
    /** A tablet received new data. */
    DATA
  }
}
