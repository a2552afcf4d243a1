package org.visualdl.api;

/**
 * One run: a folder of a log directory that holds record files.
 *
 * @param name the folder relative to its log directory, with '/' separators; {@code "."} for the
 *     log directory itself. With several named log directories the name starts with the log
 *     directory's name.
 * @param lastWriteMs the latest wall time seen in the run, milliseconds since the epoch (0 when
 *     nothing was read yet)
 * @param tabletCount how many tablets the run holds
 */
public record RunInfo(String name, long lastWriteMs, int tabletCount) {}
