package org.visualdl.api.storage;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one listing of a log directory found ({@link StorageBackend#listing}): its files, and what
 * got in the way without stopping the listing.
 *
 * @param files every file found below the root, at any depth
 * @param problems what could not be listed or was left out on purpose (a symbolic link leading
 *     outside the root, a folder that cannot be read), one line each
 * @param unlisted folders below the root, as paths relative to it ({@code ""} for the root), whose
 *     contents are unknown this time: what a reader knows of files below them is kept as it is,
 *     not dropped
 */
public record Listing(List<FileStat> files, List<Problem> problems, Set<String> unlisted) {

  /** Something the listing could not do, at a path (absolute, for messages). */
  public record Problem(String path, String cause) {
    public Problem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(cause, "cause");
    }
  }

  public Listing {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
    unlisted = Set.copyOf(unlisted);
  }

  /** A listing that found these files and nothing in the way. */
  public static Listing of(List<FileStat> files) {
    return new Listing(files, List.of(), Set.of());
  }

  /** Whether the folder (relative to the root) is unlisted, or lies below one that is. */
  public boolean unknown(String folder) {
    for (String u : unlisted) {
      if (u.isEmpty() || folder.equals(u) || folder.startsWith(u + "/")) {
        return true;
      }
    }
    return false;
  }
}
