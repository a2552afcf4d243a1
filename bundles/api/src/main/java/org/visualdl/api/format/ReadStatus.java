package org.visualdl.api.format;

import java.util.List;

/**
 * What one {@link LogFileReader#readAvailable} call found.
 *
 * @param bytesRead bytes of the file passed over
 * @param notThisFormat the file turned out not to be of the format (no valid start); the
 *     maintainer then ignores it and reports it once
 * @param incompleteTail the file ends in a record that is not fully written yet
 * @param problems damage found, one line each, saying where
 */
public record ReadStatus(
    long bytesRead, boolean notThisFormat, boolean incompleteTail, List<String> problems) {}
