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
 * @param problems problems found while reading (corrupt frames, unreadable files), newest last
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
    List<String> problems) {}
