package org.visualdl.api;

import java.util.List;

/**
 * How the store is doing: counts and the problems it found while reading.
 *
 * @param state {@code "loading"} until the first full pass over the log directories is done, then
 *     {@code "ready"}
 * @param logDirectories the served log directories as given
 * @param runs how many runs are known
 * @param files how many record files are read
 * @param scalarPoints how many scalar points are held
 * @param storeBytes bytes of heap the store's own arrays take
 * @param memoryBudgetBytes the most the store may take; past it no new data is loaded
 * @param loadedBytes bytes of record files read so far
 * @param problems problems found while reading (corrupt frames, unreadable files), one line per
 *     distinct problem ({@code path: cause}), in the order they were first found
 * @param problemDetails the same problems with their path, cause, count and first and last time
 * @param problemsNotListed distinct problems found after the list was full (the list keeps the
 *     earliest distinct ones rather than letting repeats push them out)
 * @param directories how each served log directory is reached, in the order served: a
 *     directory whose listing fails is {@code "unreachable"} (once, however often it is retried)
 *     while what was loaded from it stays served
 */
public record StoreStatus(
    String state,
    List<String> logDirectories,
    int runs,
    int files,
    long scalarPoints,
    long storeBytes,
    long memoryBudgetBytes,
    long loadedBytes,
    List<String> problems,
    List<StoreProblem> problemDetails,
    long problemsNotListed,
    List<LogDirectoryStatus> directories) {

  public StoreStatus {
    directories = directories == null ? List.of() : List.copyOf(directories);
  }

  /** The status without directory states (as before 2.2.0). */
  public StoreStatus(
      String state,
      List<String> logDirectories,
      int runs,
      int files,
      long scalarPoints,
      long storeBytes,
      long memoryBudgetBytes,
      long loadedBytes,
      List<String> problems,
      List<StoreProblem> problemDetails,
      long problemsNotListed) {
    this(state, logDirectories, runs, files, scalarPoints, storeBytes, memoryBudgetBytes,
        loadedBytes, problems, problemDetails, problemsNotListed, List.of());
  }

  /** Whether some served log directory cannot be listed now. */
  public boolean degraded() {
    return directories.stream().anyMatch(LogDirectoryStatus::unreachable);
  }

  /** The status without problem details (each problem line counted once). */
  public StoreStatus(
      String state,
      List<String> logDirectories,
      int runs,
      int files,
      long scalarPoints,
      long storeBytes,
      long memoryBudgetBytes,
      long loadedBytes,
      List<String> problems) {
    this(state, logDirectories, runs, files, scalarPoints, storeBytes, memoryBudgetBytes,
        loadedBytes, problems,
        problems.stream().map(p -> new StoreProblem("", p, 1, 0, 0)).toList(), 0, List.of());
  }
}
